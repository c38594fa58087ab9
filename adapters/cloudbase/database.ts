/**
 * The slice of @cloudbase/node-sdk's document-database API this project uses, written out so the
 * adapter states its dependency and a test double can implement exactly this. The real SDK's
 * `app.database()` satisfies it (see connect.ts).
 */
export interface CbQueryResult<T = Record<string, unknown>> {
  data: T[];
}

export interface CbDocRef {
  /** Outside a transaction: `{ data: [doc] }`; inside one: `{ data: doc | null }` (as the SDK does). */
  get(): Promise<{ data: unknown }>;
  /** Upsert the whole document. The data must not contain `_id`. */
  set(data: Record<string, unknown>): Promise<unknown>;
  update(data: Record<string, unknown>): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface CbQuery {
  where(condition: unknown): CbQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): CbQuery;
  limit(n: number): CbQuery;
  skip(n: number): CbQuery;
  get(): Promise<CbQueryResult>;
}

export interface CbCollection extends CbQuery {
  doc(id: string): CbDocRef;
}

export interface CbCommand {
  eq(v: unknown): unknown;
  neq(v: unknown): unknown;
  lt(v: unknown): unknown;
  lte(v: unknown): unknown;
  gt(v: unknown): unknown;
  gte(v: unknown): unknown;
  in(v: unknown[]): unknown;
  or(conditions: unknown[]): unknown;
}

export interface CbTransaction {
  collection(name: string): { doc(id: string): CbDocRef };
}

export interface CbDatabase {
  collection(name: string): CbCollection;
  command: CbCommand;
  runTransaction<T>(fn: (tx: CbTransaction) => Promise<T>): Promise<T>;
}

/** Documents cannot hold `undefined`; a JSON round-trip also drops prototype noise. */
export const toDocument = <T>(value: T): Record<string, unknown> => JSON.parse(JSON.stringify(value));
