import { rebuildAuditChains } from './auditLog';
import type { Db } from './database';

/**
 * Append-only list: never edit a migration that has shipped, add the next one.
 * Records are stored whole as JSON in `doc`; the columns beside it exist to be indexed.
 * A migration is SQL, or a function for a step SQL cannot do (it runs in the same transaction).
 */
export type Migration = string | ((db: Db) => void);

export const migrations: Migration[] = [
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
  `
  CREATE TABLE staff (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
  CREATE TABLE staff_sessions (id_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL, expires_at TEXT NOT NULL, doc TEXT NOT NULL);

  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_by_subject ON audit_log (subject_id, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

  ALTER TABLE complaints ADD COLUMN phone_index TEXT;
  CREATE INDEX complaints_by_phone ON complaints (phone_index) WHERE phone_index IS NOT NULL;
  CREATE INDEX complaints_by_policy ON complaints (policy_no) WHERE policy_no IS NOT NULL;

  CREATE TABLE member_messages (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    page TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
  );
  CREATE INDEX member_messages_by_member ON member_messages (member_id, created_at DESC, id DESC);

  CREATE TABLE staff_alerts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    number TEXT NOT NULL,
    owner_id TEXT,
    summary TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX staff_alerts_recent ON staff_alerts (created_at DESC);

  CREATE TABLE sandbox_messages (
    id TEXT PRIMARY KEY,
    touser TEXT NOT NULL,
    template_id TEXT NOT NULL,
    page TEXT NOT NULL,
    data TEXT NOT NULL,
    sent_at TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE holiday_notices (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (year, version)
  );
  CREATE TABLE recompute_jobs (id TEXT PRIMARY KEY, done INTEGER NOT NULL, doc TEXT NOT NULL);
  `,
  `
  CREATE TABLE policies (
    policy_no TEXT PRIMARY KEY,
    holder_phone_index TEXT NOT NULL,
    status TEXT NOT NULL,
    bound_to TEXT,
    batch_id TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX policies_by_holder_phone ON policies (holder_phone_index);
  CREATE INDEX policies_by_member ON policies (bound_to) WHERE bound_to IS NOT NULL;

  CREATE TABLE members (id TEXT PRIMARY KEY, kind TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);

  CREATE TABLE binding_challenges (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    policy_no TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX binding_challenges_open ON binding_challenges (member_id, policy_no, created_at DESC);

  CREATE TABLE rate_limits (key TEXT PRIMARY KEY, count INTEGER NOT NULL, window_start TEXT NOT NULL);

  CREATE TABLE sms_sandbox (id TEXT PRIMARY KEY, phone_masked TEXT NOT NULL, text TEXT NOT NULL, sent_at TEXT NOT NULL);
  `,
  `
  -- Alerts from every area, not only complaints: the area and the subject it concerns.
  ALTER TABLE staff_alerts RENAME COLUMN complaint_id TO subject_id;
  ALTER TABLE staff_alerts ADD COLUMN area TEXT NOT NULL DEFAULT 'complaints';
  ALTER TABLE staff_alerts ADD COLUMN title TEXT NOT NULL DEFAULT '';
  `,
  `
  -- 6: staff member lookup (adapters/sqlite/memberDirectory.ts queries these exact expressions).
  CREATE INDEX policies_by_holder_name ON policies (json_extract(doc, '$.holder.name.index'));
  CREATE INDEX policies_by_holder_id ON policies (json_extract(doc, '$.holder.idNumber.index'));
  `,
  `
  -- 7: privacy (adapters/sqlite/privacyStores.ts): consents (append-only), requests, export verifications.
  CREATE TABLE privacy_consents (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, at TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX privacy_consents_by_member ON privacy_consents (member_id, at, id);
  CREATE TRIGGER privacy_consents_no_update BEFORE UPDATE ON privacy_consents BEGIN SELECT RAISE(ABORT, 'consents are append-only'); END;

  CREATE TABLE privacy_requests (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX privacy_requests_by_member ON privacy_requests (member_id, received_at DESC, id DESC);
  CREATE INDEX privacy_requests_queue ON privacy_requests (status, due_at, id);
  CREATE UNIQUE INDEX privacy_requests_one_open ON privacy_requests (member_id, kind) WHERE status = 'received';

  CREATE TABLE privacy_verifications (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX privacy_verifications_by_member ON privacy_verifications (member_id, created_at DESC);
  `,
  `
  -- 8: deletion erases a member's rate-limit counters and the sandbox texts sent to their phones
  -- (adapters/sqlite/privacyStores.ts eraseMemberData). Whose counter a row is (LimitRule.memberId),
  -- backfilled from the two member-keyed formats (core/members/binding.ts, core/privacy/memberUseCases.ts:
  -- '<prefix><openid>:<YYYY-MM-DD>'); which phone a sandbox text went to, as the blind index.
  ALTER TABLE rate_limits ADD COLUMN member_id TEXT;
  UPDATE rate_limits SET member_id = substr(key, 13, length(key) - 23) WHERE substr(key, 1, 12) = 'bind:member:';
  UPDATE rate_limits SET member_id = substr(key, 16, length(key) - 26) WHERE substr(key, 1, 15) = 'privacy:export:';
  CREATE INDEX rate_limits_by_member ON rate_limits (member_id) WHERE member_id IS NOT NULL;
  ALTER TABLE sms_sandbox ADD COLUMN phone_index TEXT;
  CREATE INDEX sms_sandbox_by_phone ON sms_sandbox (phone_index) WHERE phone_index IS NOT NULL;
  `,
  // 9: one audit chain per subject, checkpointed into one global chain (core/audit/chain.ts). The old
  // single chain is kept read-only as audit_log_v1 and rebuilt, once, into the chains of its subjects
  // (rebuildAuditChains: new seq, links and hashes per subject; the old chain's own verdict is audited).
  (db) => {
    db.exec(`
    DROP TRIGGER audit_log_no_update;
    DROP TRIGGER audit_log_no_delete;
    DROP INDEX audit_by_subject;
    ALTER TABLE audit_log RENAME TO audit_log_v1;
    CREATE TRIGGER audit_log_v1_no_update BEFORE UPDATE ON audit_log_v1 BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    CREATE TRIGGER audit_log_v1_no_delete BEFORE DELETE ON audit_log_v1 BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

    CREATE TABLE audit_log (
      id TEXT PRIMARY KEY,
      chain_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      at TEXT NOT NULL,
      actor_id TEXT NOT NULL,
      actor_role TEXT NOT NULL,
      action TEXT NOT NULL,
      subject_type TEXT NOT NULL,
      subject_id TEXT NOT NULL,
      detail TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (chain_id, seq)
    );
    CREATE INDEX audit_by_time ON audit_log (at, id);
    CREATE INDEX audit_by_subject ON audit_log (subject_id, at, id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

    CREATE TABLE audit_heads (chain_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, move_key TEXT NOT NULL);
    CREATE INDEX audit_heads_by_move ON audit_heads (move_key);

    CREATE TABLE audit_checkpoints (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
    CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
    `);
    rebuildAuditChains(db);
  },
  `
  -- 10: the admin page's register import job (core/members/importJobs.ts): the job, the file's uploaded
  -- chunks (deleted when the job ends), the rows its batch stages (invisible until the commit) and one
  -- marker per committed staged batch, so a commit repeated after a crash writes nothing twice.
  CREATE TABLE policy_import_jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX policy_import_jobs_by_time ON policy_import_jobs (created_at, id);
  CREATE INDEX policy_import_jobs_by_status ON policy_import_jobs (status, created_at);
  CREATE TABLE policy_import_chunks (job_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (job_id, idx));
  CREATE TABLE policy_import_rows (batch_id TEXT NOT NULL, policy_no TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch_id, policy_no));
  CREATE TABLE policy_import_batches (batch_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  `,
  `
  -- 11: crash-safe dispatch (core/notifications/dispatcher.ts): the durable "push being attempted" mark;
  -- the deadline timer's own state (last run, escalation hold: core/deadlines/clockGuard.ts); and the
  -- row /healthz rewrites to prove the store takes writes (adapters/sqlite/health.ts).
  ALTER TABLE outbox ADD COLUMN push_attempt_at TEXT;
  CREATE TABLE deadline_timer (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE health_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL);
  `,
  `
  -- 12: staff sign-in counters, known-source markers and last accepted TOTP steps (core/staff/throttle.ts,
  -- SignInGuard in adapters/sqlite/staffStores.ts), by key (keyed hashes only); updated_at for pruning.
  CREATE TABLE staff_signin_guard (key TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at TEXT NOT NULL);
  `,
  `
  -- 13: the staff queue's filters (core/complaints/queuePlan.ts): each single filter and status × {grade,
  -- category, channel, owner} has an index ending in the queue order, so a filtered page is one index range.
  -- Partial like complaints_queue: closed and withdrawn cases (no due time) are not in them.
  CREATE INDEX complaints_queue_status ON complaints (status, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_grade ON complaints (grade, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_category ON complaints (category, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_channel ON complaints (channel, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_owner ON complaints (owner_id, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_status_grade ON complaints (status, grade, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_status_category ON complaints (status, category, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_status_channel ON complaints (status, channel, next_due_at, id) WHERE next_due_at IS NOT NULL;
  CREATE INDEX complaints_queue_status_owner ON complaints (status, owner_id, next_due_at, id) WHERE next_due_at IS NOT NULL;
  `,
  `
  -- rollups (core/rollups/): the timer consumer reads complaints by (updated_at, id) after its cursor; its
  -- counters per month and slice, one marker per consumed event id (written with the counters), and the
  -- satisfaction loop's reminders it schedules (settled once: core/complaints/satisfactionReminder.ts).
  CREATE INDEX complaints_by_updated ON complaints (updated_at, id);
  CREATE TABLE rollup_counters (id TEXT PRIMARY KEY, month TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX rollup_counters_by_month ON rollup_counters (month);
  CREATE TABLE rollup_consumed (event_id TEXT PRIMARY KEY, consumed_at TEXT NOT NULL);
  CREATE TABLE rollup_cursors (feed TEXT PRIMARY KEY, at TEXT NOT NULL, id TEXT NOT NULL);
  CREATE TABLE satisfaction_reminders (id TEXT PRIMARY KEY, complaint_id TEXT NOT NULL, resolution INTEGER NOT NULL, due_at TEXT NOT NULL, settled_at TEXT, outcome TEXT);
  CREATE INDEX satisfaction_reminders_due ON satisfaction_reminders (due_at) WHERE settled_at IS NULL;
  `,
  `
  -- benefits (core/benefits): the catalogue, each member's tier standing, grants per member and period,
  -- slots, bookings (one live booking per member and slot; codes found by hash; reminders by due time),
  -- scheduled changes and who was told of each.
  CREATE TABLE benefits (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE benefit_standings (member_id TEXT PRIMARY KEY, next_review_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX benefit_standings_review ON benefit_standings (next_review_at);
  CREATE TABLE benefit_grants (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, expiry_notice_at TEXT NOT NULL, noticed INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL);
  CREATE INDEX benefit_grants_by_member ON benefit_grants (member_id);
  CREATE INDEX benefit_grants_notice ON benefit_grants (expiry_notice_at) WHERE noticed = 0;
  CREATE TABLE benefit_slots (id TEXT PRIMARY KEY, benefit_id TEXT NOT NULL, starts_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX benefit_slots_by_benefit ON benefit_slots (benefit_id, starts_at, id);
  CREATE TABLE benefit_bookings (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    slot_id TEXT,
    status TEXT NOT NULL,
    booked_at TEXT NOT NULL,
    remind_at TEXT,
    code_hash TEXT,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX benefit_bookings_by_member ON benefit_bookings (member_id, booked_at DESC, id DESC);
  CREATE INDEX benefit_bookings_by_slot ON benefit_bookings (slot_id) WHERE slot_id IS NOT NULL;
  CREATE UNIQUE INDEX benefit_bookings_live ON benefit_bookings (slot_id, member_id) WHERE status = 'booked' AND slot_id IS NOT NULL;
  CREATE INDEX benefit_bookings_remind ON benefit_bookings (remind_at) WHERE remind_at IS NOT NULL;
  CREATE INDEX benefit_bookings_code ON benefit_bookings (code_hash) WHERE code_hash IS NOT NULL;
  CREATE TABLE benefit_changes (id TEXT PRIMARY KEY, benefit_id TEXT NOT NULL, status TEXT NOT NULL, effective_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX benefit_changes_by_benefit ON benefit_changes (benefit_id, effective_at);
  CREATE INDEX benefit_changes_open ON benefit_changes (status, effective_at);
  CREATE TABLE benefit_notices (change_id TEXT NOT NULL, member_id TEXT NOT NULL, at TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (change_id, member_id));
  `,
  `
  -- consultations (core/consultations): the record as a document with the columns its lists need.
  -- The staff queue is open consultations by due time (due_at is null once nothing is owed), as a whole,
  -- per stage (customer service, advisor) and per advisor; each an index range ending in (due_at, id).
  CREATE TABLE consultations (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    advisor_id TEXT,
    handed_at TEXT,
    received_at TEXT NOT NULL,
    due_at TEXT,
    sla_next_check_at TEXT,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX consultations_by_member ON consultations (member_id, received_at DESC, id DESC);
  CREATE INDEX consultations_queue ON consultations (due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX consultations_queue_stage ON consultations (stage, due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX consultations_queue_advisor ON consultations (advisor_id, due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX consultations_by_advisor ON consultations (advisor_id, handed_at DESC, id DESC) WHERE advisor_id IS NOT NULL;
  CREATE INDEX consultations_sla ON consultations (sla_next_check_at) WHERE sla_next_check_at IS NOT NULL;
  CREATE TABLE consultation_keys (key_hash TEXT PRIMARY KEY, consultation_id TEXT NOT NULL, request_hash TEXT NOT NULL, created_at TEXT NOT NULL);
  `,
  `
  -- The audit log screen's filters in the query (core/audit/view.ts scanAudit): by action group (the
  -- text before the first dot; the expression must match ACTION_GROUP_SQL in auditLog.ts) and by actor,
  -- each newest first, so a rare filter reads its own entries instead of walking the whole log.
  CREATE INDEX audit_by_group ON audit_log (substr(action, 1, instr(action || '.', '.') - 1), at, id);
  CREATE INDEX audit_by_actor ON audit_log (actor_id, at, id);
  `,
  `
  -- claims (core/claims): the record as a document with the columns its lists need. A draft has no
  -- number yet; numbers are unique once given. The staff queue is claims with a running clock by due
  -- time (due_at is null when none runs), as a whole and per status; the timer reads sla_next_check_at.
  CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    number TEXT,
    member_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    due_at TEXT,
    sla_next_check_at TEXT,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX claims_number ON claims (number) WHERE number IS NOT NULL;
  CREATE INDEX claims_by_member ON claims (member_id, created_at DESC, id DESC);
  CREATE INDEX claims_queue ON claims (due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX claims_queue_status ON claims (status, due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX claims_sla ON claims (sla_next_check_at) WHERE sla_next_check_at IS NOT NULL;
  CREATE TABLE claim_keys (key_hash TEXT PRIMARY KEY, claim_id TEXT NOT NULL, request_hash TEXT NOT NULL, created_at TEXT NOT NULL);
  `,
  `
  -- benefit bookings found by their readable number (QY20261126-0001, core/benefits staff findBooking).
  -- An expression index on the document: no column to keep in step. Not unique, so rows written before
  -- sequential numbers (hex fragments) never block the migration; new numbers are unique by their counter.
  CREATE INDEX benefit_bookings_number ON benefit_bookings (json_extract(doc, '$.number'));
  `,
  `
  -- dashboard (core/dashboard/drill.ts): the records behind a "received" figure, in receipt order per period.
  CREATE INDEX complaints_by_received ON complaints (received_at, id);
  `,
  `
  -- rollup feeds (core/rollups/consumer.ts): consultations, claims and bookings by save time after the
  -- consumer's cursor (the save time lives in the document), and the counter rows read per period and table.
  CREATE INDEX consultations_by_updated ON consultations (json_extract(doc, '$.updatedAt'), id);
  CREATE INDEX claims_by_updated ON claims (json_extract(doc, '$.updatedAt'), id);
  CREATE INDEX benefit_bookings_by_updated ON benefit_bookings (json_extract(doc, '$.updatedAt'), id);
  CREATE INDEX rollup_counters_by_month_dim ON rollup_counters (month, dim);
  `,
  `
  -- 整改台账 (core/ledger): inspections newest first, findings per inspection in order, items as documents
  -- with the columns the list filters need (each filter by due time), running_due_at only while the
  -- owner has the work (the overdue filter), next_check_at for the deadline timer; idempotency keys of
  -- all three kinds in one table; evidence uploaders for the orphan sweep.
  CREATE TABLE ledger_inspections (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX ledger_inspections_newest ON ledger_inspections (created_at DESC, id DESC);
  CREATE TABLE ledger_findings (id TEXT PRIMARY KEY, inspection_id TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE UNIQUE INDEX ledger_findings_order ON ledger_findings (inspection_id, seq);
  CREATE TABLE ledger_items (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    inspection_id TEXT,
    source_kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    running_due_at TEXT,
    next_check_at TEXT,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX ledger_items_number ON ledger_items (number);
  CREATE INDEX ledger_items_due ON ledger_items (due_at, id);
  CREATE INDEX ledger_items_status ON ledger_items (status, due_at, id);
  CREATE INDEX ledger_items_kind ON ledger_items (kind, due_at, id);
  CREATE INDEX ledger_items_owner ON ledger_items (owner_id, due_at, id);
  CREATE INDEX ledger_items_inspection ON ledger_items (inspection_id, due_at, id) WHERE inspection_id IS NOT NULL;
  CREATE INDEX ledger_items_overdue ON ledger_items (running_due_at, id) WHERE running_due_at IS NOT NULL;
  CREATE INDEX ledger_items_check ON ledger_items (next_check_at) WHERE next_check_at IS NOT NULL;
  CREATE TABLE ledger_keys (key_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, record_id TEXT NOT NULL, request_hash TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE ledger_uploads (uploader TEXT NOT NULL, item_id TEXT NOT NULL, PRIMARY KEY (uploader, item_id));
  `,
  `
  -- 权益宣传 (core/education): articles (published ones by publication date; running announcements), campaigns,
  -- first opens (one row per article and member), the members told of each article, and the activity marks:
  -- one row per member per period bucket (2026-11, 2026-Q4, 2026), reached_at set once they open an article in it.
  CREATE TABLE education_articles (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    published_at TEXT,
    campaign_id TEXT,
    announcing INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX education_articles_published ON education_articles (published_at DESC, id DESC) WHERE status = 'published';
  CREATE INDEX education_articles_by_campaign ON education_articles (campaign_id, updated_at) WHERE campaign_id IS NOT NULL;
  CREATE INDEX education_articles_announcing ON education_articles (announcing) WHERE announcing = 1;
  CREATE INDEX education_articles_by_updated ON education_articles (updated_at DESC, id DESC);
  CREATE TABLE education_campaigns (id TEXT PRIMARY KEY, start_date TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX education_campaigns_by_start ON education_campaigns (start_date DESC, id);
  CREATE TABLE education_reads (article_id TEXT NOT NULL, member_id TEXT NOT NULL, first_opened_at TEXT NOT NULL, bound INTEGER NOT NULL, PRIMARY KEY (article_id, member_id));
  CREATE TABLE education_notices (article_id TEXT NOT NULL, member_id TEXT NOT NULL, at TEXT NOT NULL, outbox_id TEXT NOT NULL, PRIMARY KEY (article_id, member_id));
  CREATE TABLE education_marks (period TEXT NOT NULL, member_id TEXT NOT NULL, marked_at TEXT NOT NULL, reached_at TEXT, PRIMARY KEY (period, member_id));
  `,
  `
  -- 季度报告 (core/reports): a past quarter's figures frozen once (quarter is the key, so a second
  -- freeze keeps the first); corrections recorded once per quarter, metric and corrected value; the
  -- manager's commentary, every version kept.
  CREATE TABLE quarterly_snapshots (quarter TEXT PRIMARY KEY, frozen_at TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE quarterly_corrections (id TEXT PRIMARY KEY, quarter TEXT NOT NULL, once_key TEXT NOT NULL UNIQUE, at TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX quarterly_corrections_by_quarter ON quarterly_corrections (quarter, at, id);
  CREATE TABLE quarterly_commentary (quarter TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (quarter, version));
  -- 导出任务 (core/jobs): the jobs timer takes queued and running jobs oldest first; the page lists its own.
  CREATE TABLE export_jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX export_jobs_runnable ON export_jobs (created_at, id) WHERE status IN ('queued', 'running');
  CREATE INDEX export_jobs_by_creator ON export_jobs (created_by, created_at DESC, id DESC);
  `,
  `
  -- 信息安全事件 (core/incidents): derived and manual incidents as documents, listed newest first by the
  -- time they occurred (as a whole, per kind, per status) and counted per Shanghai month; the detector's
  -- cursor and open windows are one version-checked row.
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    occurred_month TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX incidents_by_time ON incidents (occurred_at DESC, id DESC);
  CREATE INDEX incidents_by_kind ON incidents (kind, occurred_at DESC, id DESC);
  CREATE INDEX incidents_by_status ON incidents (status, occurred_at DESC, id DESC);
  CREATE INDEX incidents_by_month ON incidents (occurred_month, kind);
  CREATE TABLE incident_detector (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
  `,
  `
  -- 风险预警 (core/earlyWarning): alerts as documents, unique per week|kind|dim|value (a re-run opens nothing
  -- new), listed per week by kind; one run record per ISO week (its presence makes the week done).
  -- complaints_by_received serves the alerts' drill-down (complaints received in a week), the one range
  -- no other index covers.
  CREATE TABLE early_warning_alerts (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    week TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX early_warning_alerts_week ON early_warning_alerts (week, kind, id);
  CREATE TABLE early_warning_runs (week TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS complaints_by_received ON complaints (received_at, id);
  `,
  `
  -- 服务质检 (core/quality): the scorecards (one row per area, version checked), samples (a key per inspector
  -- and request), and scores unique per (sample, case) — a case cannot be scored twice in one sample.
  CREATE TABLE quality_scorecards (area TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE quality_keys (key_hash TEXT PRIMARY KEY, sample_id TEXT NOT NULL, request_hash TEXT NOT NULL);
  CREATE TABLE quality_samples (id TEXT PRIMARY KEY, area TEXT NOT NULL, period TEXT NOT NULL, drawn_at TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX quality_samples_by_time ON quality_samples (drawn_at DESC, id DESC);
  CREATE TABLE quality_scores (
    id TEXT PRIMARY KEY,
    sample_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    handler_id TEXT NOT NULL,
    period TEXT NOT NULL,
    area TEXT NOT NULL,
    appeal_pending INTEGER NOT NULL,
    scored_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (sample_id, case_id)
  );
  CREATE INDEX quality_scores_by_time ON quality_scores (scored_at DESC, id DESC);
  CREATE INDEX quality_scores_by_handler ON quality_scores (handler_id, scored_at DESC, id DESC);
  CREATE INDEX quality_scores_by_period ON quality_scores (period, scored_at DESC, id DESC);
  CREATE INDEX quality_scores_pending ON quality_scores (appeal_pending, scored_at DESC, id DESC);
  `,
  `
  -- Upload slots (core/shared/uploadSlots.ts): the storage paths member functions granted, by path. In
  -- CloudBase the orphan sweep walks this register; locally uploads go through the gateway and its sidecars.
  CREATE TABLE upload_slots (cloud_path TEXT PRIMARY KEY, owner TEXT NOT NULL, area TEXT NOT NULL, granted_at TEXT NOT NULL);
  `,
  `
  -- Staff alerts addressed to one person (alerts/mine, core/notifications/staffFeed.ts): by owner, newest first.
  CREATE INDEX staff_alerts_owner ON staff_alerts (owner_id, created_at DESC);
  `,
  `
  -- 季度报告 targets compliance confirms (core/reports/targetSettings.ts): every version kept, per year and target.
  CREATE TABLE report_target_settings (year INTEGER NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (year, key, version));
  `,
];
