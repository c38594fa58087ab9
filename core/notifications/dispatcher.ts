import type { Clock } from '../shared/ports';
import type { InboxStore } from './inbox';
import type { OutboxEntry } from './outbox';
import type { OutboxStore } from './ports';
import type { SubscriptionStore } from './subscriptions';
import { fitTemplateData } from './templateValues';
import { areaNamed, type NotificationArea } from './areas';

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogram_state: 'developer' | 'trial' | 'formal';
  lang: 'zh_CN';
}

/**
 * WeChat's answer. A thrown `PushNotSent` means the message certainly did not leave (the platform
 * refused the call before WeChat saw it); any other throw (a timeout, a reset connection) leaves the
 * outcome unknown.
 */
export interface WeChatSender {
  send(message: SubscribeMessage): Promise<{ errcode: number; errmsg?: string }>;
}

/** Thrown by a sender when the message certainly did not reach WeChat, so it may be sent again. */
export class PushNotSent extends Error {}

/** RULES.md: retry only what can succeed later. */
const PERMANENT = new Set([40003, 40037, 43107, 45168, 47003]);
const NO_CREDIT = 43101;
const BUSY = new Set([43108, -1, 45009]);

export interface DispatchDeps {
  outbox: OutboxStore;
  inbox: InboxStore;
  subscriptions: SubscriptionStore;
  sender: WeChatSender;
  clock: Clock;
  /** The areas whose events may be in the outbox (the registration list). */
  areas: readonly NotificationArea[];
  /** Template ids by `<area>.<template>` (configuration; see declaredTemplates). */
  templateIds: Record<string, string>;
  miniprogramState: SubscribeMessage['miniprogram_state'];
}

export const DISPATCH_POLICY = { batch: 100, leaseMs: 60_000, maxAttempts: 6, baseBackoffMs: 30_000, maxBackoffMs: 3600_000 };

export const backoffMs = (attempts: number) =>
  Math.min(DISPATCH_POLICY.baseBackoffMs * 2 ** Math.max(0, attempts - 1), DISPATCH_POLICY.maxBackoffMs);

export interface DispatchReport {
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
  alerts: number;
  /** Entries recovered after a dispatcher died mid-send: notice refiled, push closed as unknown (not resent). */
  unknown: number;
}

const iso = (d: Date) => d.toISOString();

export const UNKNOWN_PUSH = 'push outcome unknown: a dispatcher stopped mid-send; notice refiled, push not resent';

/**
 * Drains the outbox once, in steps a crash cannot bite:
 *
 * 1. lease the entry (two dispatchers never both hold it; a lease that runs out makes it due again);
 * 2. file the message-centre notice (or the staff alert) under the entry's own id — idempotent, so a
 *    recovered entry is simply filed again and the member has exactly one copy;
 * 3. mark the push as being attempted, durably, before it is sent;
 * 4. send; 5. settle (clears the mark).
 *
 * An entry found leased-and-expired is handled by the step it died at: its notice is refiled; if no
 * push attempt was marked, the push never left and goes ahead now; if one was marked, the outcome is
 * unknown and the push is closed, never resent. The notice is never lost; the push is at most once.
 */
export const dispatchOutbox = async (deps: DispatchDeps): Promise<DispatchReport> => {
  const report: DispatchReport = { sent: 0, skipped: 0, failed: 0, retrying: 0, alerts: 0, unknown: 0 };
  const now = deps.clock.now();
  const due = await deps.outbox.due(now, DISPATCH_POLICY.batch);
  for (const entry of due) {
    const leaseUntil = new Date(now.getTime() + DISPATCH_POLICY.leaseMs);
    if (!(await deps.outbox.claim(entry.id, now, leaseUntil))) continue;
    const settle = (status: 'pending' | 'sent' | 'failed' | 'skipped', lastError?: string, nextAttemptAt = iso(now), attempts = entry.attempts) =>
      deps.outbox.settle(entry.id, { status, attempts, nextAttemptAt, lastError });

    const area = areaNamed(deps.areas, entry.payload.area);
    if (!area) {
      // Kept pending, not dropped: the area's code may be deploying while an older function runs.
      await settle('pending', `no notification area "${entry.payload.area}" registered`, iso(new Date(now.getTime() + backoffMs(entry.attempts + 1))), entry.attempts + 1);
      report.retrying += 1;
      continue;
    }
    if (entry.audience === 'staff') {
      const e = entry.payload;
      await deps.inbox.addStaffAlert({
        id: entry.id,
        area: e.area,
        kind: e.type,
        subjectId: e.subject.id,
        number: e.subject.number,
        title: area.alertTitle(e),
        ownerId: e.ownerId,
        summary: e.summary,
        createdAt: entry.createdAt,
      });
      await settle('sent');
      report.alerts += 1;
      continue;
    }
    // Step 2, on every pass including a recovery: the channel of record first.
    await fileNotice(deps, area, entry);
    if (entry.status === 'sending' && entry.pushAttemptAt) {
      await settle('failed', UNKNOWN_PUSH);
      report.unknown += 1;
      continue;
    }
    const outcome = await pushToMember(deps, area, entry, now);
    if (!outcome) continue; // the push mark was refused: another dispatcher holds this attempt
    report[outcome.report] += 1;
    await settle(outcome.status, outcome.error, outcome.nextAttemptAt ?? iso(now), outcome.attempts ?? entry.attempts);
  }
  return report;
};

/** The message-centre copy, under the entry's id: filing it twice leaves one. */
const fileNotice = (deps: DispatchDeps, area: NotificationArea, entry: OutboxEntry) => {
  const e = entry.payload;
  return deps.inbox.addMemberMessage({
    id: entry.id,
    memberId: entry.memberId,
    subjectId: entry.subjectId,
    title: area.messageTitle(e),
    body: e.summary,
    page: area.page(e),
    createdAt: entry.createdAt,
  });
};

type Outcome = {
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  report: keyof DispatchReport;
  error?: string;
  nextAttemptAt?: string;
  attempts?: number;
};

const pushToMember = async (deps: DispatchDeps, area: NotificationArea, entry: OutboxEntry, now: Date): Promise<Outcome | undefined> => {
  const e = entry.payload;
  const page = area.page(e);
  const key = area.templateFor(e);
  if (!key) return { status: 'skipped', report: 'skipped', error: 'no template for this event' };
  if (entry.memberId.startsWith('offline-')) return { status: 'skipped', report: 'skipped', error: 'member has no WeChat identity' };
  const templateId = deps.templateIds[`${area.area}.${key}`];
  if (!templateId) return { status: 'failed', report: 'failed', error: `template ${area.area}.${key} is not configured` };
  if (!(await deps.subscriptions.consume(entry.memberId, templateId, now)))
    return { status: 'skipped', report: 'skipped', error: 'no subscription credit' };
  // Step 3: from here on a crash leaves the outcome unknown, and the entry is closed rather than resent.
  if (!(await deps.outbox.markPushAttempt(entry.id, now))) {
    await deps.subscriptions.grant(entry.memberId, templateId, now);
    return undefined;
  }

  const attempts = entry.attempts + 1;
  const retry = async (why: string): Promise<Outcome> => {
    await deps.subscriptions.grant(entry.memberId, templateId, now); // not sent: the credit is still the member's
    if (attempts >= DISPATCH_POLICY.maxAttempts) return { status: 'failed', report: 'failed', error: `${why}; gave up`, attempts };
    return { status: 'pending', report: 'retrying', error: why, attempts, nextAttemptAt: iso(new Date(now.getTime() + backoffMs(attempts))) };
  };
  let answer: { errcode: number; errmsg?: string };
  try {
    answer = await deps.sender.send({
      touser: entry.memberId,
      template_id: templateId,
      page,
      data: fitTemplateData(area.templateValues(key, e)),
      miniprogram_state: deps.miniprogramState,
      lang: 'zh_CN',
    });
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).slice(0, 180);
    if (err instanceof PushNotSent) return retry(`not sent: ${why}`);
    // No answer: WeChat may have delivered it. At most once means this push is not tried again (the
    // message-centre notice is already filed); the credit is counted as spent.
    return { status: 'failed', report: 'unknown', error: `no answer (${why}); outcome unknown, not resent`, attempts };
  }
  if (answer.errcode === 0) return { status: 'sent', report: 'sent', attempts };
  const why = `${answer.errcode} ${answer.errmsg ?? ''}`.trim();
  if (answer.errcode === NO_CREDIT) return { status: 'skipped', report: 'skipped', error: why, attempts };
  if (PERMANENT.has(answer.errcode)) return { status: 'failed', report: 'failed', error: why, attempts };
  if (BUSY.has(answer.errcode)) return retry(why);
  return { status: 'failed', report: 'failed', error: why, attempts };
};
