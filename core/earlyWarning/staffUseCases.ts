import * as z from 'zod/mini';
import type { AuditDraft } from '../audit/chain';
import type { LedgerDeps } from '../ledger/deps';
import { LEDGER_RULES } from '../ledger/model';
import { openLedgerItem } from '../ledger/openItem';
import { commonErrors } from '../shared/errors';
import { idempotencyKey, recordId } from '../shared/ids';
import type { Clock } from '../shared/ports';
import { plainText } from '../shared/validation';
import type { StaffPrincipal } from '../staff/model';
import { can } from '../staff/permissions';
import { earlyWarningErrors } from './errors';
import { ALERT_KIND_LABELS, DIM_LABELS, type EarlyWarningAlert } from './model';
import type { EarlyWarningStore } from './ports';
import { isIsoWeek } from './weeks';

export interface EarlyWarningStaffDeps {
  alerts: EarlyWarningStore;
  clock: Clock;
}

const week = z.string().check(z.refine(isIsoWeek, '周次格式应为 YYYY-Www'));
const version = z.int().check(z.gte(1));
export const listSchema = z.strictObject({ week, cursor: z.optional(z.string().check(z.maxLength(200))) });
export const detailSchema = z.strictObject({ id: recordId });
export const dismissSchema = z.strictObject({ id: recordId, version, reason: plainText(4, 500) });
export const toLedgerSchema = z.strictObject({
  id: recordId,
  version,
  idempotencyKey,
  ownerId: recordId,
  title: z.optional(plainText(2, 80)),
  description: z.optional(plainText(2, 2000)),
});
export const EARLY_WARNING_LABELS = { week: '周次', id: '预警', version: '版本', reason: '排除原因', ownerId: '责任人', title: '标题', description: '说明', idempotencyKey: '提交标识', cursor: '分页标记' };

const load = async (deps: EarlyWarningStaffDeps, id: string) => {
  const a = await deps.alerts.get(id);
  if (!a) throw earlyWarningErrors.notFound(id);
  return a;
};

const audit = (who: StaffPrincipal, action: string, a: EarlyWarningAlert, detail: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action,
  subjectType: 'earlyWarning',
  subjectId: a.id,
  detail: { week: a.week, kind: a.kind, dim: a.dim, ...detail },
});

/** The weeks run so far, newest first, with what each tested and what it could not. */
export const earlyWarningWeeks = async (deps: EarlyWarningStaffDeps) => ({ items: await deps.alerts.recentRuns(26) });

export const earlyWarningList = async (deps: EarlyWarningStaffDeps, q: z.output<typeof listSchema>) => {
  const page = await deps.alerts.listWeek(q.week, { limit: 50, ...(q.cursor ? { cursor: q.cursor } : {}) });
  return { run: await deps.alerts.weekRun(q.week), ...page };
};

/**
 * One alert with its evidence (complaints masked as stored). The first look by someone who may handle
 * it moves 新预警 → 已查看, audited; oversight readers leave it as it is.
 */
export const earlyWarningDetail = async (deps: EarlyWarningStaffDeps, who: StaffPrincipal, id: string): Promise<EarlyWarningAlert> => {
  const a = await load(deps, id);
  if (a.status !== 'new' || !can(who.role, 'earlyWarning.handle')) return a;
  const at = deps.clock.now().toISOString();
  const next: EarlyWarningAlert = { ...a, status: 'viewed', viewedAt: at, viewedById: who.id, version: a.version + 1, updatedAt: at };
  await deps.alerts.update({ alert: next, expectedVersion: a.version, audit: [audit(who, 'earlyWarning.view', a, {})] });
  return next;
};

/** 排除: the alert is a false alarm or explained (a reason is required and kept), version-checked, audited. */
export const dismissAlert = async (deps: EarlyWarningStaffDeps, who: StaffPrincipal, input: z.output<typeof dismissSchema>): Promise<EarlyWarningAlert> => {
  const a = await load(deps, input.id);
  if (a.status === 'dismissed' || a.status === 'toLedger') throw earlyWarningErrors.alreadyHandled(a.id, a.status);
  const at = deps.clock.now().toISOString();
  const next: EarlyWarningAlert = { ...a, status: 'dismissed', dismissReason: input.reason, handledAt: at, handledById: who.id, version: a.version + 1, updatedAt: at };
  await deps.alerts.update({ alert: next, expectedVersion: input.version, audit: [audit(who, 'earlyWarning.dismiss', a, { reason: input.reason })] });
  return next;
};

/**
 * 转入整改台账: opens a ledger item (core/ledger/openItem.ts, which checks ledger.manage itself) with the
 * alert as its source and the complaints behind it as links, then marks the alert 已转整改. A retry with
 * the same key finds the same item; a stale version is refused before anything is opened.
 */
export const alertToLedger = async (deps: EarlyWarningStaffDeps & { ledger?: LedgerDeps }, who: StaffPrincipal, input: z.output<typeof toLedgerSchema>) => {
  if (!deps.ledger) throw earlyWarningErrors.ledgerUnavailable();
  const a = await load(deps, input.id);
  if (a.status === 'dismissed' || a.status === 'toLedger') throw earlyWarningErrors.alreadyHandled(a.id, a.status);
  if (a.version !== input.version) throw commonErrors.versionConflict('EARLY_WARNING', a.id);
  const what = `${ALERT_KIND_LABELS[a.kind]}：${DIM_LABELS[a.dim]} ${a.label}（${a.week}）`;
  const { item } = await openLedgerItem(deps.ledger, who, {
    idempotencyKey: input.idempotencyKey,
    title: input.title ?? what.slice(0, 80),
    description: input.description ?? `${what}。${a.test.statement}`.slice(0, 2000),
    source: { kind: 'earlyWarning', ref: a.id, label: what.slice(0, 120) },
    links: a.evidence.complaints.slice(0, LEDGER_RULES.maxLinks).map((c) => ({ area: 'complaints' as const, id: c.id, number: c.number })),
    ownerId: input.ownerId,
  });
  const at = deps.clock.now().toISOString();
  const next: EarlyWarningAlert = { ...a, status: 'toLedger', ledgerItemId: item.id, handledAt: at, handledById: who.id, version: a.version + 1, updatedAt: at };
  await deps.alerts.update({ alert: next, expectedVersion: a.version, audit: [audit(who, 'earlyWarning.toLedger', a, { ledgerItemId: item.id, ledgerNumber: item.number })] });
  return { alert: next, ledgerItem: { id: item.id, number: item.number } };
};
