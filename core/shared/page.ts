/** One page of a keyset-paginated list; every store lists this way. */
export interface Page<T> {
  items: T[];
  /** Opaque keyset cursor for the next page; absent on the last page. */
  nextCursor?: string;
}
