import * as life from '../../core/complaints/lifecycle';
import type { Complaint, ComplaintCategory } from '../../core/complaints/model';
import { mutate } from '../../core/complaints/persist';
import type { StaffRole } from '../../core/shared/actors';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import type { harness } from './localHarness';

type H = Pick<ReturnType<typeof harness>, 'system' | 'clock'>;

/** The member-facing function, called as the gateway does (the admin harness's `call` is the admin API's). */
const memberCall = (h: H, openid: string, event: unknown) => {
  const entry = h.system.functions.complaints;
  return dispatch(entry.table, entry.deps as never, { kind: 'member', openid } as Caller, event, silentLogger);
};

export const staffActor = (id: string, role: StaffRole = 'agent') => ({ kind: 'staff' as const, id, role });

export const notice = { findings: '经核实，已为您重新安排回访并致歉', basis: '服务规范第3条', remedies: ['申请核查'] };

/** A member complaint submitted now (one openid each, so member quotas never bite). */
export const submit = async (h: H, openid: string, category: ComplaintCategory = 'service'): Promise<Complaint> => {
  const res = (await memberCall(h, openid, {
    action: 'submit',
    data: { idempotencyKey: `key-${openid}-000000000001`.slice(0, 40), category, description: '客服多次承诺回电但没有任何人联系我' },
  })) as { ok: boolean; data?: { complaint: { id: string } }; error?: unknown };
  if (!res.ok || !res.data) throw new Error(`submit failed: ${JSON.stringify(res)}`);
  return (await h.system.complaints.store.get(res.data.complaint.id))!;
};

export const acknowledge = (h: H, id: string, by: string) => mutate(h.system.sla, id, (ctx, c) => life.acknowledge(ctx, c, staffActor(by)));
export const resolve = (h: H, id: string, by: string) => mutate(h.system.sla, id, (ctx, c) => life.resolve(ctx, c, staffActor(by), notice));

export const rate = async (h: H, openid: string, id: string, score: number) => {
  const res = (await memberCall(h, openid, { action: 'rate', data: { id, score } })) as { ok: boolean };
  if (!res.ok) throw new Error(`rate failed: ${JSON.stringify(res)}`);
};

/** One run of the deadline timer's watches, as slaMonitor runs them (the complaint watch carries the rollup consumer and the reminders). */
export const tick = (h: H, run = 0) => runDeadlineWatches(h.system.deadlineWatches, h.clock.now(), { run });

export const outboxTopics = (h: H, subjectId: string): string[] =>
  (h.system.db.prepare('SELECT topic FROM outbox WHERE subject_id = ? ORDER BY created_at, id').all(subjectId) as { topic: string }[]).map((r) => r.topic);
