import * as z from 'zod/mini';
import { ANCHOR_GRACE_MS, verifyAudit } from '../../../../core/audit/verify';
import type { AuditAnchor } from '../../../../core/audit/anchor';
import { STAFF_ACTIVITY, sourceAddress } from '../../../../core/audit/reads';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, auditCsv, isLocalDate, scanAudit, viewOf, type AuditFilter, type StaffName } from '../../../../core/audit/view';
import { localDateOf } from '../../../../core/shared/shanghaiTime';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const anchorSchema = z.strictObject({ seq: z.int().check(z.gte(1)), hash: z.string().check(z.maxLength(128)), at: z.string().check(z.maxLength(40)), sig: z.string().check(z.maxLength(128)) });

/** Without an anchor key nothing can be checked against anchors (the verdict then has no anchor counts). */
const anchorCheck = async (deps: AdminDeps, pasted: AuditAnchor[]) => {
  if (!deps.auditAnchors) return undefined;
  const anchors = [...pasted];
  const read = deps.auditAnchors.sink?.read?.();
  if (read) for await (const a of read) anchors.push(a);
  // A readable sink is the whole record: a checkpoint it does not cover after the grace is a finding.
  return { anchors, sign: deps.auditAnchors.sign, ...(read ? { complete: { now: deps.clock.now(), graceMs: ANCHOR_GRACE_MS } } : {}) };
};

const day = z.string().check(z.refine(isLocalDate, '日期格式应为 YYYY-MM-DD'));
const text = (max: number) => z.pipe(z.optional(z.string().check(z.trim(), z.maxLength(max))), z.transform((s: string | undefined) => s || undefined));
const filterSchema = {
  action: text(80),
  actor: text(64),
  subjectType: text(40),
  subjectId: text(400),
  complaintNumber: text(40),
  from: z.optional(day),
  to: z.optional(day),
};
const filterLabels = { action: '操作', actor: '操作人', subjectType: '对象类型', subjectId: '对象编号', complaintNumber: '投诉编号', from: '开始日期', to: '结束日期' };
const cursorSchema = z.strictObject({ at: z.string().check(z.maxLength(40)), id: z.string().check(z.maxLength(400)) });

/** Entries read per page request at most: a rare filter answers with fewer rows and a `next` to go on from. */
export const AUDIT_LIST_BUDGET = 5_000;
/** An export holds at most this many rows, read from at most EXPORT_BUDGET entries. */
export const AUDIT_EXPORT_MAX = 10_000;
export const AUDIT_EXPORT_BUDGET = 100_000;

/** The staff list, read once per call: ids to display names. */
const staffNames = async (deps: AdminDeps): Promise<Map<string, StaffName>> =>
  new Map((await deps.staff.list()).map((s) => [s.id, { id: s.id, username: s.username, displayName: s.displayName }]));

const filterOf = ({ action, actor, subjectType, subjectId, complaintNumber, from, to }: AuditFilter): AuditFilter =>
  Object.fromEntries(Object.entries({ action, actor, subjectType, subjectId, complaintNumber, from, to }).filter(([, v]) => v !== undefined));

export const auditArea: StaffArea<AdminDeps> = {
  /**
   * Newest first across every subject's chain, as a reader sees it (Shanghai time, 操作 in Chinese,
   * who by name, the subject by its number), filtered. Keyset paging: the next page starts `before`
   * the `next` cursor (the last entry read, which may be past the last one shown).
   */
  list: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject({
      limit: z._default(z.int().check(z.gte(1), z.lte(200)), 50),
      before: z.optional(cursorSchema),
      ...filterSchema,
    }),
    labels: { limit: '每页条数', before: '翻页位置', ...filterLabels },
    run: async (deps: AdminDeps, _who, { limit, before, ...raw }) => {
      const staff = await staffNames(deps);
      const scan = await scanAudit(deps.audit, filterOf(raw), staff, { max: limit, budget: AUDIT_LIST_BUDGET, ...(before ? { before } : {}) });
      return { entries: scan.entries.map((e) => viewOf(e, staff)), ...(scan.next ? { next: scan.next } : {}) };
    },
  }),
  /** The labels the page's filters offer: action groups and every known action. */
  actions: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject({}),
    labels: {},
    run: async () => ({ groups: AUDIT_ACTION_GROUPS, actions: Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label })) }),
  }),
  /**
   * The current filter as CSV (UTF-8 with BOM; 时间, 操作, 操作人, 角色, 对象, 详情摘要, 来源地址), at
   * most AUDIT_EXPORT_MAX rows. The export is audited on the exporting staff member's own chain
   * before the file leaves: who, which filter, how many rows.
   */
  export: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject(filterSchema),
    labels: filterLabels,
    run: async (deps: AdminDeps, who, raw, request) => {
      const filter = filterOf(raw);
      const staff = await staffNames(deps);
      const scan = await scanAudit(deps.audit, filter, staff, { max: AUDIT_EXPORT_MAX, budget: AUDIT_EXPORT_BUDGET });
      const truncated = scan.next !== undefined;
      await deps.audit.append({
        actorId: who.id,
        actorRole: who.role,
        action: 'audit.export',
        subjectType: STAFF_ACTIVITY,
        subjectId: who.id,
        detail: { filter, rows: scan.entries.length, truncated, source: sourceAddress(request) },
      });
      const csv = auditCsv(scan.entries.map((e) => viewOf(e, staff)));
      return { fileName: `审计日志-${localDateOf(deps.clock.now())}.csv`, rows: scan.entries.length, truncated, csv };
    },
  }),
  /**
   * Every subject chain, every checkpoint, and every checkpointed head against its chain
   * (core/audit/verify.ts). The check itself is audited: who looked, and what they were told.
   */
  verify: defineStaffAction({
    permission: 'audit.read',
    // Anchors pasted from the function log (the cloud's sink cannot be read back from here), besides the sink's own.
    input: z.strictObject({ anchors: z.optional(z.array(anchorSchema).check(z.maxLength(10_000))) }),
    labels: { anchors: '锚点记录' },
    run: async (deps: AdminDeps, who, { anchors }) => {
      const verdict = await verifyAudit(deps.audit, deps.hash, await anchorCheck(deps, anchors ?? []));
      await deps.audit.append({ actorId: who.id, actorRole: who.role, action: 'audit.verify', subjectType: 'audit', subjectId: 'verify', detail: { ...verdict } });
      return verdict;
    },
  }),
};
