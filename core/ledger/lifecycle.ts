import type { WorkingCalendar } from '../calendar/workingCalendar';
import { maskPersonalText } from '../shared/personalText';
import { dueText } from '../shared/shanghaiTime';
import { ledgerDueAt, nextCheckOf } from './deadlines';
import { ledgerErrors } from './errors';
import { LEDGER_RULES, type LedgerDeadlineSpec, type LedgerItem, type LedgerStatus, type LedgerTimelineEntry } from './model';

/** Who acts, and when: a staff member by id and name, or the deadline timer. */
export interface Act {
  at: string;
  by: string;
  name: string;
}

/** Free text on the ledger never holds a personal number: masked as written. */
export const clean = (text: string) => maskPersonalText(text).text;

const withEntry = (item: LedgerItem, act: Act, kind: LedgerTimelineEntry['kind'], text: string, changes: Partial<LedgerItem>): LedgerItem => {
  const next: LedgerItem = { ...item, ...changes, timeline: [...item.timeline, { at: act.at, kind, by: act.by, text }].slice(-LEDGER_RULES.maxTimeline), updatedAt: act.at };
  const check = nextCheckOf(next);
  const { nextCheckAt: _old, ...rest } = next;
  return check ? { ...rest, nextCheckAt: check } : rest;
};

const expect = (item: LedgerItem, allowed: readonly LedgerStatus[], action: string) => {
  if (!allowed.includes(item.status)) throw ledgerErrors.wrongStatus(item.status, action);
};

const WORKING: readonly LedgerStatus[] = ['open', 'inProgress'];

export const startWork = (item: LedgerItem, act: Act, note?: string): LedgerItem => {
  expect(item, ['open'], 'start');
  return withEntry(item, act, 'started', `${act.name}开始整改${note ? `：${clean(note)}` : ''}`, { status: 'inProgress' });
};

/**
 * A note from the item's source that changes nothing else (e.g. the quality score behind it was changed on
 * appeal): recorded on the timeline for the owner and the verifier to read; closing still needs verification.
 */
export const noteFromSource = (item: LedgerItem, act: Act, note: string): LedgerItem => {
  if (item.status === 'closed') return item;
  return withEntry(item, act, 'progress', clean(note), {});
};

/** A progress note; the first one on a 待整改 item starts the work. */
export const recordProgress = (item: LedgerItem, act: Act, note: string): LedgerItem => {
  expect(item, WORKING, 'progress');
  return withEntry(item, act, 'progress', `${act.name}更新整改进度：${clean(note)}`, { status: 'inProgress' });
};

export const addEvidence = (item: LedgerItem, act: Act, file: { fileId: string; name?: string; note?: string }): LedgerItem => {
  expect(item, WORKING, 'evidence');
  if (item.evidence.length >= LEDGER_RULES.maxEvidence) throw ledgerErrors.evidenceFull(LEDGER_RULES.maxEvidence);
  const evidence = { fileId: file.fileId, ...(file.name ? { name: file.name } : {}), ...(file.note ? { note: clean(file.note) } : {}), uploadedBy: act.by, uploadedAt: act.at };
  return withEntry(item, act, 'evidence', `${act.name}上传整改证明材料${file.name ? `“${file.name}”` : ''}${file.note ? `：${clean(file.note)}` : ''}`, {
    status: 'inProgress',
    evidence: [...item.evidence, evidence],
  });
};

export const submitForVerification = (item: LedgerItem, act: Act, note: string): LedgerItem => {
  expect(item, WORKING, 'submit');
  if (!item.evidence.length) throw ledgerErrors.needsEvidence();
  return withEntry(item, act, 'submitted', `${act.name}提交验证：${clean(note)}`, { status: 'awaitingVerification', submittedAt: act.at });
};

/** Closing needs someone other than the owner (seed 000: 整改 followed to closure, checked independently). */
export const verify = (item: LedgerItem, act: Act, note: string): LedgerItem => {
  if (act.by === item.ownerId) throw ledgerErrors.ownerCannotVerify();
  expect(item, ['awaitingVerification'], 'verify');
  return withEntry(item, act, 'verified', `${act.name}验证通过，整改事项关闭：${clean(note)}`, { status: 'closed', verifiedBy: act.by, closedAt: act.at });
};

/** 验证退回: back to the owner, on the clock again. */
export const returnToOwner = (item: LedgerItem, act: Act, reason: string): LedgerItem => {
  if (act.by === item.ownerId) throw ledgerErrors.ownerCannotVerify();
  expect(item, ['awaitingVerification'], 'return');
  return withEntry(item, act, 'returned', `${act.name}验证退回：${clean(reason)}`, { status: 'inProgress' });
};

export const reassign = (item: LedgerItem, act: Act, owner: { id: string; displayName: string }, reason: string): LedgerItem => {
  expect(item, ['open', 'inProgress', 'awaitingVerification'], 'reassign');
  return withEntry(item, act, 'reassigned', `${act.name}将责任人改为${owner.displayName}：${clean(reason)}`, { ownerId: owner.id });
};

/**
 * A new deadline, counted like the first (working days from the day of opening, or a date). A warning
 * given for the old date is forgotten so the new one is warned of; a breach stays recorded.
 */
export const changeDeadline = (item: LedgerItem, act: Act, cal: WorkingCalendar, spec: LedgerDeadlineSpec, reason: string): LedgerItem => {
  expect(item, ['open', 'inProgress', 'awaitingVerification'], 'changeDeadline');
  const now = new Date(act.at);
  const due = ledgerDueAt(cal, new Date(item.openedAt), spec, now);
  if (Date.parse(due.dueAt) <= now.getTime()) throw ledgerErrors.deadlineInPast();
  const { warnedAt: _w, ...rest } = item;
  return withEntry(rest as LedgerItem, act, 'deadlineChanged', `${act.name}将整改期限调整为${dueText(due.dueAt)}：${clean(reason)}`, { deadline: spec, ...due });
};

export interface DeadlineOutcome {
  item: LedgerItem;
  warned: number;
  breached: number;
  escalated: number;
  held: number;
}

/**
 * What the deadline timer records at `at`: a warning before the due time and a breach after it, each
 * once; a breach is escalated to `escalateTo` (the owner's supervisor, else a manager) unless escalations
 * are held, in which case a later run takes it. Null when there is nothing to record.
 */
export const evaluateDeadline = (
  item: LedgerItem,
  at: string,
  escalateTo: { id: string; name: string; role: string } | undefined,
  hold: boolean,
): DeadlineOutcome | null => {
  if (item.status !== 'open' && item.status !== 'inProgress') return null;
  const system: Act = { at, by: 'system', name: '系统' };
  const out = { warned: 0, breached: 0, escalated: 0, held: 0 };
  let next = item;
  const warnAt = new Date(Date.parse(item.dueAt) - LEDGER_RULES.warnBeforeMs).toISOString();
  if (at >= item.dueAt) {
    if (!next.breachedAt) {
      next = withEntry(next, system, 'deadlineBreached', `整改期限${dueText(item.dueAt)}已过，整改事项逾期`, { breachedAt: at, warnedAt: next.warnedAt ?? at });
      out.breached = 1;
    }
    if (!next.escalatedTo && escalateTo) {
      if (hold) {
        if (!next.escalationHeld) next = withEntry(next, system, 'escalated', '逾期升级暂缓：系统时钟异常，待主管确认后升级', { escalationHeld: true });
        out.held = 1;
      } else {
        const { escalationHeld: _h, ...rest } = next;
        next = withEntry(rest as LedgerItem, system, 'escalated', `逾期已升级至${escalateTo.name}`, { escalatedTo: { ...escalateTo, at } });
        out.escalated = 1;
      }
    }
  } else if (at >= warnAt && !next.warnedAt) {
    next = withEntry(next, system, 'deadlineWarning', `整改期限${dueText(item.dueAt)}将至`, { warnedAt: at });
    out.warned = 1;
  }
  return next === item ? null : { item: next, ...out };
};
