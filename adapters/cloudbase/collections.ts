/**
 * Every CloudBase collection the adapters use, with the indexes their queries need. CloudBase refuses
 * a collection that was never created (DATABASE_COLLECTION_NOT_EXIST, RULES.md) and scans without an
 * index, so this list is what a deploy step creates (@cloudbase/manager-node:
 * createCollectionIfNotExists, then one index per entry) and what the test fake enforces.
 * Keys are in query order: equality fields first, then the sort field(s).
 */
export interface IndexKey {
  field: string;
  direction: 1 | -1;
}

export interface IndexDeclaration {
  name: string;
  keys: IndexKey[];
  unique?: boolean;
}

export interface CollectionDeclaration {
  name: string;
  indexes: IndexDeclaration[];
}

const asc = (field: string): IndexKey => ({ field, direction: 1 });
const desc = (field: string): IndexKey => ({ field, direction: -1 });
const index = (keys: IndexKey[], unique?: boolean): IndexDeclaration => ({
  name: keys.map((k) => k.field.replace(/\./g, '_')).join('_'),
  keys,
  ...(unique ? { unique } : {}),
});

/** The staff queue filters on one of these, then pages by queueDueAt and _id. */
const queueBy = (field: string) => index([asc(field), asc('queueDueAt'), asc('_id')]);

export const CLOUDBASE_COLLECTIONS: readonly CollectionDeclaration[] = [
  {
    name: 'complaints',
    indexes: [
      index([asc('memberId'), desc('receivedAt'), desc('_id')]),
      index([asc('number')], true),
      index([asc('contact.phoneIndex'), desc('receivedAt')]),
      index([asc('policyNo'), desc('receivedAt')]),
      index([asc('slaNextCheckAt')]),
      index([asc('queueDueAt'), asc('_id')]),
      queueBy('status'),
      queueBy('owner.id'),
      queueBy('grade.value'),
      queueBy('category'),
      queueBy('channel'),
    ],
  },
  // Read and written by document id only (the id is the key's hash).
  { name: 'idempotency_keys', indexes: [] },
  {
    name: 'outbox',
    indexes: [index([asc('status'), asc('nextAttemptAt')]), index([asc('subjectId'), asc('createdAt')])],
  },
  { name: 'counters', indexes: [] },
  { name: 'subscription_credits', indexes: [index([asc('memberId')])] },
  { name: 'audit_log', indexes: [index([asc('seq')], true), index([asc('subjectId'), asc('seq')])] },
  { name: 'audit_head', indexes: [] },
  { name: 'staff', indexes: [index([asc('username')], true)] },
  { name: 'staff_sessions', indexes: [] },
  { name: 'member_messages', indexes: [index([asc('memberId'), desc('createdAt')])] },
  { name: 'staff_alerts', indexes: [index([desc('createdAt')])] },
  { name: 'sandbox_messages', indexes: [index([desc('sentAt')])] },
  { name: 'holiday_notices', indexes: [index([asc('year'), asc('version')])] },
  { name: 'recompute_jobs', indexes: [] },
];

export const collectionNames = (declaration: readonly CollectionDeclaration[] = CLOUDBASE_COLLECTIONS): string[] =>
  declaration.map((c) => c.name);
