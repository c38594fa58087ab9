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

/**
 * The staff queue filters on one of these, then pages by queueDueAt and _id: each single filter and
 * status × {grade, category, channel, owner} (core/complaints/queuePlan.ts QUEUE_INDEXES; complaintStore.ts
 * QUEUE_FIELDS names the paths). Other combinations use the best of them plus a bounded scan.
 */
const queueBy = (...fields: string[]) => index([...fields.map(asc), asc('queueDueAt'), asc('_id')]);

export const CLOUDBASE_COLLECTIONS: readonly CollectionDeclaration[] = [
  {
    name: 'complaints',
    indexes: [
      index([asc('memberId'), desc('receivedAt'), desc('_id')]),
      index([asc('number')], true),
      index([asc('contact.phoneIndex'), desc('receivedAt')]),
      index([asc('policyNo'), desc('receivedAt')]),
      index([asc('slaNextCheckAt')]),
      // The rollup consumer's source (adapters/cloudbase/rollupStore.ts): complaints by save time.
      index([asc('updatedAt'), asc('_id')]),
      // The dashboard's drill lists (adapters/cloudbase/dashboardDrill.ts): complaints received in a period.
      index([asc('receivedAt'), asc('_id')]),
      index([asc('queueDueAt'), asc('_id')]),
      queueBy('status'),
      queueBy('owner.id'),
      queueBy('grade.value'),
      queueBy('category'),
      queueBy('channel'),
      queueBy('status', 'grade.value'),
      queueBy('status', 'category'),
      queueBy('status', 'channel'),
      queueBy('status', 'owner.id'),
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
  // auditLog.ts: one chain per subject. Entries newest first by (at, _id), also per subject; read chain by
  // chain by _id. One head per chain (_id = chainId), read by the checkpoint job by moveKey. The checkpoint
  // chain (_id = padded seq), written by the timer only. (The single-chain audit_log/audit_head are retired.)
  // The audit screen's filters: by action group and by actor, newest first (auditLog.ts list).
  {
    name: 'audit_entries',
    indexes: [
      index([desc('at'), desc('_id')]),
      index([asc('subjectId'), desc('at'), desc('_id')]),
      index([asc('actionGroup'), desc('at'), desc('_id')]),
      index([asc('actorId'), desc('at'), desc('_id')]),
    ],
  },
  { name: 'audit_heads', indexes: [index([asc('moveKey')])] },
  { name: 'audit_checkpoints', indexes: [index([asc('seq')], true)] },
  { name: 'staff', indexes: [index([asc('username')], true)] },
  { name: 'staff_sessions', indexes: [] },
  // staffStores.ts SignInGuard: sign-in counters, known-source markers, last TOTP steps; by document id (sha256 of the key), and by updatedAt for the timer's pruning.
  { name: 'staff_signin_guard', indexes: [index([asc('updatedAt')])] },
  { name: 'member_messages', indexes: [index([asc('memberId'), desc('createdAt'), desc('_id')])] },
  { name: 'staff_alerts', indexes: [index([desc('createdAt')]), index([asc('ownerId'), desc('createdAt')])] },
  { name: 'sandbox_messages', indexes: [index([desc('sentAt'), desc('_id')])] },
  { name: 'holiday_notices', indexes: [index([asc('year'), asc('version')])] },
  { name: 'recompute_jobs', indexes: [] },
  { name: 'deadline_timer', indexes: [] },
  // privacyStores.ts: consents by member in time order; requests by member, the staff queue by status then
  // due time, open ones by id for the calendar recompute; open-request locks and export codes by id only.
  { name: 'privacy_consents', indexes: [index([asc('memberId'), asc('at'), asc('_id')])] },
  {
    name: 'privacy_requests',
    indexes: [index([asc('memberId'), desc('receivedAt'), desc('_id')]), index([asc('status'), asc('dueAt'), asc('_id')]), index([asc('status'), asc('_id')])],
  },
  { name: 'privacy_open_requests', indexes: [] },
  { name: 'privacy_verifications', indexes: [] },
  // The policy register (_id = policy number) and members (_id = openid); staff lookups by the holder's
  // blind indexes (memberDirectory.ts), binding by the holder phone, a member's policies by boundTo.
  {
    name: 'policies',
    indexes: [index([asc('holder.phone.index'), asc('_id')]), index([asc('holder.name.index'), asc('_id')]), index([asc('holder.idNumber.index'), asc('_id')]), index([asc('boundTo')]),
      // memberStores.ts: a full import lapses the in-force ones, by status. The policy number needs no unique
      // index of its own: it is `_id`, unique by construction. The phone index is not unique: one holder, many policies.
      index([asc('status'), asc('_id')])],
  },
  { name: 'members', indexes: [] },
  // memberStores.ts: the newest challenge per (member, policy) and the rate-limit counters, by document id;
  // a big policy import's head/markers and its staged rows, read back by batch (see applyImport there).
  // privacyStores.ts eraseMemberData: a member's challenges and member-keyed counters, by memberId.
  { name: 'binding_challenges', indexes: [index([asc('memberId')])] },
  { name: 'rate_limits', indexes: [index([asc('memberId')])] },
  { name: 'policy_imports', indexes: [] },
  { name: 'policy_import_rows', indexes: [index([asc('batchId'), asc('_id')])] },
  // importJobStore.ts: the admin page's import jobs (recent first; the timer reads them by status) and the
  // uploaded file's chunks (_id = <jobId>_<index>, read and deleted by job).
  { name: 'policy_import_jobs', indexes: [index([desc('createdAt'), desc('_id')]), index([asc('status'), asc('createdAt')])] },
  { name: 'policy_import_chunks', indexes: [index([asc('jobId'), asc('index')])] },
  // rollupStore.ts: counters read by month; consumed-event markers, cursors by document id; the
  // satisfaction reminders still owed, by due time.
  { name: 'rollup_counters', indexes: [index([asc('month'), asc('_id')]), index([asc('month'), asc('dim'), asc('_id')])] },
  { name: 'rollup_consumed', indexes: [] },
  { name: 'rollup_cursors', indexes: [] },
  { name: 'satisfaction_reminders', indexes: [index([asc('settled'), asc('dueAt')])] },
  // benefitStores.ts: the catalogue, tier standings (yearly review by date), grants (a member's; expiry notices
  // due), slots by benefit and start, bookings (a member's newest first, a slot's, reminders due, by code hash),
  // a member's live hold on a slot (by id), scheduled changes and who was told of each.
  { name: 'benefits', indexes: [] },
  { name: 'benefit_standings', indexes: [index([asc('nextCheckAt')])] },
  { name: 'benefit_grants', indexes: [index([asc('memberId'), asc('_id')]), index([asc('noticePending'), asc('expiryNoticeAt')])] },
  { name: 'benefit_slots', indexes: [index([asc('benefitId'), asc('startsAt'), asc('_id')])] },
  {
    name: 'benefit_bookings',
    indexes: [index([asc('memberId'), desc('bookedAt'), desc('_id')]), index([asc('slotId'), asc('bookedAt'), asc('_id')]), index([asc('remindDue')]), index([asc('codeHash'), desc('bookedAt')]), index([asc('number')]), index([asc('updatedAt'), asc('_id')])],
  },
  { name: 'benefit_slot_holds', indexes: [] },
  { name: 'benefit_changes', indexes: [index([asc('benefitId'), asc('effectiveAt'), asc('_id')]), index([asc('status'), asc('effectiveAt'), asc('_id')])] },
  { name: 'benefit_notices', indexes: [index([asc('changeId'), asc('memberId')])] },
  // consultationStore.ts: a member's newest first; by readable number; the deadline timer's next look; the staff
  // queue by due time, as a whole, per stage and per advisor; an advisor's own list by hand-off; keys by document id.
  {
    name: 'consultations',
    indexes: [
      index([asc('memberId'), desc('receivedAt'), desc('_id')]),
      index([asc('number')], true),
      index([asc('slaNextCheckAt')]),
      index([asc('dueAt'), asc('_id')]),
      index([asc('stage'), asc('dueAt'), asc('_id')]),
      index([asc('advisor.id'), asc('dueAt'), asc('_id')]),
      index([asc('advisor.id'), desc('advisor.handedAt'), desc('_id')]),
      index([asc('status'), asc('_id')]),
      // The rollup consumer's feed (adapters/cloudbase/rollupStore.ts).
      index([asc('updatedAt'), asc('_id')]),
    ],
  },
  { name: 'consultation_keys', indexes: [] },
  // claimStore.ts: a member's newest first; by readable number (unique; drafts have none); the deadline
  // timer's next look; the staff queue by due time, as a whole and per status; keys by document id.
  {
    name: 'claims',
    indexes: [
      index([asc('memberId'), desc('createdAt'), desc('_id')]),
      index([asc('number')], true),
      index([asc('slaNextCheckAt')]),
      index([asc('dueAt'), asc('_id')]),
      index([asc('status'), asc('dueAt'), asc('_id')]),
      // The rollup consumer's feed (adapters/cloudbase/rollupStore.ts).
      index([asc('updatedAt'), asc('_id')]),
    ],
  },
  { name: 'claim_keys', indexes: [] },
  // ledgerStore.ts (整改台账): inspections newest first; findings per inspection in order; items by due time,
  // as a whole and per owner, inspection, status, kind and source kind; the overdue filter on runningDueAt
  // (present only while the owner has the work); the deadline timer's next look; by number (unique); keys
  // by document id; evidence uploaders for the orphan sweep.
  { name: 'ledger_inspections', indexes: [index([desc('createdAt'), desc('_id')])] },
  { name: 'ledger_findings', indexes: [index([asc('inspectionId'), asc('seq')])] },
  {
    name: 'ledger_items',
    indexes: [
      index([asc('number')], true),
      index([asc('dueAt'), asc('_id')]),
      index([asc('ownerId'), asc('dueAt'), asc('_id')]),
      index([asc('inspectionId'), asc('dueAt'), asc('_id')]),
      index([asc('status'), asc('dueAt'), asc('_id')]),
      index([asc('kind'), asc('dueAt'), asc('_id')]),
      index([asc('source.kind'), asc('dueAt'), asc('_id')]),
      index([asc('runningDueAt'), asc('_id')]),
      index([asc('nextCheckAt')]),
    ],
  },
  { name: 'ledger_keys', indexes: [] },
  { name: 'ledger_uploads', indexes: [index([asc('uploader'), asc('itemId')])] },
  // educationStore.ts: published articles newest first, all by last change, a campaign's, running announcements;
  // campaigns by start; first opens, marks and counter shards by document id (counters also by key); who was told.
  {
    name: 'education_articles',
    indexes: [index([asc('status'), desc('publishedAt'), desc('_id')]), index([desc('updatedAt'), desc('_id')]), index([asc('campaignId'), asc('updatedAt')]), index([asc('announcing'), asc('updatedAt')])],
  },
  { name: 'education_campaigns', indexes: [index([desc('startDate'), asc('_id')])] },
  { name: 'education_reads', indexes: [] },
  { name: 'education_marks', indexes: [] },
  { name: 'education_counters', indexes: [index([asc('key')])] },
  { name: 'education_notices', indexes: [index([asc('articleId'), asc('memberId')])] },
  // incidentStore.ts (信息安全事件): newest first by occurrence, as a whole, per kind and per status; counted per month by _id.
  {
    name: 'incidents',
    indexes: [
      index([desc('occurredAt'), desc('_id')]),
      index([asc('kind'), desc('occurredAt'), desc('_id')]),
      index([asc('status'), desc('occurredAt'), desc('_id')]),
      index([asc('occurredMonth'), asc('_id')]),
    ],
  },
  // The incident detector's state: one document by id.
  { name: 'incident_detector', indexes: [] },
  // reportStores.ts (季度报告): snapshots by quarter id; corrections per quarter oldest first; commentary versions per quarter.
  { name: 'quarterly_snapshots', indexes: [] },
  { name: 'quarterly_corrections', indexes: [index([asc('quarter'), asc('at'), asc('_id')])] },
  { name: 'quarterly_commentary', indexes: [index([asc('quarter'), desc('version')])] },
  // reportStores.ts (导出任务): the jobs timer takes queued and running jobs oldest first; the page lists its own newest first.
  { name: 'export_jobs', indexes: [index([asc('status'), asc('createdAt'), asc('_id')]), index([asc('creatorId'), desc('createdAt'), desc('_id')])] },
  // earlyWarningStore.ts (风险预警): a week's alerts by kind; runs by week (document id = week, newest first).
  { name: 'early_warning_alerts', indexes: [index([asc('week'), asc('kind'), asc('_id')])] },
  { name: 'early_warning_runs', indexes: [index([desc('week')])] },
  // qualityStore.ts (服务质检): scorecards by area (document id); samples newest first (optionally per area/period);
  // scores by document id = hash(sample, case), newest first per sample, handler, pending appeal and period.
  { name: 'quality_scorecards', indexes: [] },
  { name: 'quality_samples', indexes: [index([desc('drawnAt'), desc('_id')]), index([asc('area'), asc('period'), desc('drawnAt'), desc('_id')])] },
  { name: 'quality_keys', indexes: [] },
  {
    name: 'quality_scores',
    indexes: [
      index([asc('id')], true),
      index([desc('scoredAt'), desc('id')]),
      index([asc('sampleId'), desc('scoredAt'), desc('id')]),
      index([asc('handlerId'), desc('scoredAt'), desc('id')]),
      index([asc('appealPending'), desc('scoredAt'), desc('id')]),
      index([asc('period'), desc('scoredAt'), desc('id')]),
    ],
  },
  // uploadRegister.ts (cloud upload slots): one document per granted slot, `_id` = sha256 of the storage path,
  // so the orphan sweep pages in `_id` order (`_id > cursor`, ascending) on the built-in `_id` index: none to declare.
  { name: 'upload_slots', indexes: [] },
  // The sweep's cursor and the bucket's fileID prefix: one document by id.
  { name: 'upload_sweep', indexes: [] },
  // targetSettingStore.ts (季度报告 targets compliance confirms): one document per version, id <year>_<key>_v<version>;
  // a year's settings listed by year, and one target's versions in order.
  { name: 'report_target_settings', indexes: [index([asc('year'), asc('key'), desc('version')])] },
];

export const collectionNames = (declaration: readonly CollectionDeclaration[] = CLOUDBASE_COLLECTIONS): string[] =>
  declaration.map((c) => c.name);
