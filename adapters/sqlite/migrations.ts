/**
 * Append-only list: never edit a migration that has shipped, add the next one.
 * Records are stored whole as JSON in `doc`; the columns beside it exist to be indexed.
 */
export const migrations: string[] = [
  `
  CREATE TABLE complaints (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL,
    status TEXT NOT NULL,
    grade TEXT NOT NULL,
    green_channel INTEGER NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    owner_id TEXT,
    policy_no TEXT,
    received_at TEXT NOT NULL,
    next_due_at TEXT,
    sla_next_check_at TEXT,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX complaints_by_member ON complaints (member_id, received_at DESC, id DESC);
  CREATE INDEX complaints_sla_due ON complaints (sla_next_check_at) WHERE sla_next_check_at IS NOT NULL;
  CREATE INDEX complaints_queue ON complaints (next_due_at, id) WHERE next_due_at IS NOT NULL;

  CREATE TABLE idempotency_keys (
    key_hash TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints(id),
    request_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    audience TEXT NOT NULL,
    member_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT
  );
  CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';

  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

  CREATE TABLE subscription_credits (
    member_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    credits INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (member_id, template_id)
  );
  `,
];
