/** One page of a keyset-paginated list; every store lists this way. */
export interface Page<T> {
  items: T[];
  /** Opaque keyset cursor for the next page; absent on the last page. */
  nextCursor?: string;
}

/** A page as an API answers it: the cursor only when there is a next page. */
export const pageOut = <T>(items: T[], nextCursor?: string): Page<T> => ({ items, ...(nextCursor ? { nextCursor } : {}) });
