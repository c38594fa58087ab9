import { gradeComplaint } from '../../core/complaints/grading';
import {
  acknowledge,
  addInternalNote,
  endAppraisal,
  extendRegulatory,
  memberAddsInformation,
  openComplaint,
  rate,
  reply,
  requestInformation,
  requestReview,
  resolve,
  restartRegulatory,
  startAppraisal,
  startReview,
  withdraw,
} from '../../core/complaints/lifecycle';
import { toMemberView } from '../../core/complaints/memberView';
import type { Complaint, DeadlineKind } from '../../core/complaints/model';
import { defaultComplaintPolicy as policy } from '../../core/complaints/policy';
import { evaluateSla } from '../../core/complaints/sla';
import { agent, agent2, ctxAt, headOffice, member, newComplaintInput, supervisor } from '../support/fixtures';

const due = (c: Complaint, kind: DeadlineKind) => c.deadlines.find((d) => d.kind === kind)!;
/** 24:00 Shanghai of a day, as ISO UTC (= 16:00Z that day). */
const endOfDay = (day: string) => new Date(`${day}T16:00:00.000Z`).toISOString();
const decision = { findings: '经核实，坐席未按时回电', basis: '《客户服务管理办法》第12条', remedies: ['申请核查', '调解'] };

const open = (at: string, overrides = {}) => {
  const ctx = ctxAt(at);
  return openComplaint(ctx, newComplaintInput({ receivedAt: ctx.now, ...overrides }));
};

describe('grading (分级)', () => {
  const none = { vulnerableMember: false, mediaInvolved: false, regulatorInvolved: false, repeatComplaint: false, urgent: false };
  it('grades a small service complaint ordinary, outside the green channel', () => {
    expect(gradeComplaint(policy, 'service', none)).toMatchObject({ grade: 'ordinary', greenChannel: false });
  });
  it('makes an amount at the significant threshold significant', () => {
    expect(gradeComplaint(policy, 'claims', { ...none, amountAtStake: 50_000 }).grade).toBe('significant');
    expect(gradeComplaint(policy, 'claims', { ...none, amountAtStake: 49_999 }).grade).toBe('ordinary');
  });
  it('sends regulator or media involvement to major and the green channel', () => {
    expect(gradeComplaint(policy, 'service', { ...none, regulatorInvolved: true })).toMatchObject({ grade: 'major', greenChannel: true });
    expect(gradeComplaint(policy, 'service', { ...none, mediaInvolved: true }).grade).toBe('major');
  });
  it('raises a repeat complaint one grade and a vulnerable member to at least significant', () => {
    expect(gradeComplaint(policy, 'service', { ...none, repeatComplaint: true }).grade).toBe('significant');
    expect(gradeComplaint(policy, 'sales', { ...none, repeatComplaint: true }).grade).toBe('major');
    expect(gradeComplaint(policy, 'service', { ...none, vulnerableMember: true }).grade).toBe('significant');
  });
  it('puts an urgent ordinary case in the green channel without changing its grade', () => {
    expect(gradeComplaint(policy, 'service', { ...none, urgent: true })).toMatchObject({ grade: 'ordinary', greenChannel: true });
  });
  it('gives its reasons in words staff read (the green-channel alert shows them)', () => {
    const all = gradeComplaint(policy, 'sales', { ...none, amountAtStake: 600_000, urgent: true, repeatComplaint: true, vulnerableMember: true, regulatorInvolved: true });
    expect(all.reasons).toEqual(['销售误导类投诉起评为较大', '涉及金额600000元，达到500000元', '监管部门介入', '特殊群体会员', '重复投诉', '会员标记紧急']);
  });
});

describe('deadlines at intake', () => {
  it('gives an ordinary complaint 48 hours to acknowledge, 7 working days to resolve and 15 days for the decision', () => {
    // Mon 2026-11-02 14:00 Shanghai
    const { complaint: c } = open('2026-11-02T06:00:00Z');
    expect(due(c, 'acknowledge').dueAt).toBe('2026-11-04T06:00:00.000Z');
    expect(due(c, 'resolve').dueAt).toBe(endOfDay('2026-11-11'));
    expect(due(c, 'regulatory').dueAt).toBe(endOfDay('2026-11-17'));
    expect(c.slaNextCheckAt).toBe('2026-11-04T02:00:00.000Z'); // the acknowledge warning, 4h before
  });
  it('skips Mid-Autumn for the company target and National Day for the regulatory limit', () => {
    // received Sun 09-20 (a 调休 working day): 7 working days skip 09-25..27 → 09-30; 15 days → 10-05 → 10-08
    const { complaint: c } = open('2026-09-20T02:00:00Z');
    expect(due(c, 'resolve').dueAt).toBe(endOfDay('2026-09-30'));
    expect(due(c, 'regulatory').dueAt).toBe(endOfDay('2026-10-08'));
  });
  it('caps the company target at the regulatory limit when Spring Festival stretches the working days', () => {
    // received Thu 02-12: working days 13, 14 (调休), 24, 25, 26, 27, 28 (调休) → 02-28; 15 days → 02-27
    const { complaint: c } = open('2026-02-12T02:00:00Z');
    expect(due(c, 'regulatory').dueAt).toBe(endOfDay('2026-02-27'));
    expect(due(c, 'resolve').dueAt).toBe(endOfDay('2026-02-27'));
  });
  it('gives the green channel shorter targets and alerts a supervisor', () => {
    const { complaint: c, events } = open('2026-11-02T06:00:00Z', { factors: { ...newComplaintInput().factors, regulatorInvolved: true } });
    expect(c.grade).toMatchObject({ value: 'major', greenChannel: true, confirmed: false });
    expect(due(c, 'acknowledge').dueAt).toBe('2026-11-02T08:00:00.000Z');
    expect(due(c, 'resolve').dueAt).toBe(endOfDay('2026-11-05'));
    expect(events.map((e) => [e.type, e.audience])).toEqual([
      ['received', 'member'],
      ['greenChannelAlert', 'staff'],
    ]);
  });
  it('marks a limit running into a year the calendar does not know as provisional (暂定)', () => {
    const { complaint: c } = open('2026-12-24T02:00:00Z');
    expect(due(c, 'regulatory').provisional).toBe(true);
    expect(due(c, 'acknowledge').provisional).toBe(false);
  });
  it('refuses a receipt time in the future', () => {
    const ctx = ctxAt('2026-11-02T06:00:00Z');
    expect(() => openComplaint(ctx, newComplaintInput({ receivedAt: new Date('2026-11-02T07:00:00Z') }))).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.RECEIVED_IN_FUTURE' }),
    );
  });
});

describe('waiting for the member', () => {
  it('pauses the company clocks, not the regulatory one, and moves them by the time spent waiting', () => {
    const c0 = open('2026-11-02T06:00:00Z').complaint; // Mon 14:00
    const c1 = acknowledge(ctxAt('2026-11-02T07:00:00Z'), c0, agent).complaint;
    const waiting = requestInformation(ctxAt('2026-11-03T06:00:00Z'), c1, agent, '请上传通话记录截图').complaint; // Tue 14:00
    expect(waiting.status).toBe('waitingForMember');
    expect(due(waiting, 'resolve').paused).toBe(true);
    expect(due(waiting, 'regulatory').paused).toBe(false);
    // Member answers Fri 14:00: three working days later
    const back = memberAddsInformation(ctxAt('2026-11-06T06:00:00Z'), waiting, member(), '截图已上传').complaint;
    expect(back.status).toBe('inProgress');
    expect(due(back, 'resolve').paused).toBe(false);
    expect(due(back, 'resolve').dueAt).toBe(endOfDay('2026-11-16')); // 11-11 + 3 working days (skips the weekend)
    expect(due(back, 'regulatory').dueAt).toBe(endOfDay('2026-11-17')); // unchanged
  });
  it('restarts on a member action recorded by staff from a phone call', () => {
    const waiting = requestInformation(ctxAt('2026-11-03T06:00:00Z'), open('2026-11-02T06:00:00Z').complaint, agent, '请补充').complaint;
    const back = memberAddsInformation(ctxAt('2026-11-04T06:00:00Z'), waiting, agent, '会员来电补充了事故经过').complaint;
    expect(back.clocks.pausedAt).toBeUndefined();
    expect(back.clocks.pausedClockMs).toBe(24 * 3600_000);
  });
  it('does not escalate a paused company deadline', () => {
    const waiting = requestInformation(ctxAt('2026-11-02T07:00:00Z'), open('2026-11-02T06:00:00Z').complaint, agent, '请补充').complaint;
    const later = ctxAt('2026-11-12T06:00:00Z'); // resolve target long past, regulatory not yet
    expect(evaluateSla(later, waiting)).toBeNull();
    expect(waiting.slaNextCheckAt).toBe(new Date(Date.parse(endOfDay('2026-11-17')) - 72 * 3600_000).toISOString());
  });
});

describe('regulatory limit', () => {
  const inProgress = () => reply(ctxAt('2026-11-02T08:00:00Z'), open('2026-11-02T06:00:00Z').complaint, agent, '已收到，正在核实').complaint;
  it('extends a complex case to 30 days with a supervisor and a recorded reason, and tells the member', () => {
    const { complaint: c, events } = extendRegulatory(ctxAt('2026-11-05T02:00:00Z'), inProgress(), supervisor, { toDays: 30, reason: '涉及多方理赔核实' });
    expect(due(c, 'regulatory').dueAt).toBe(endOfDay('2026-12-02'));
    expect(c.clocks.extensions[0]).toMatchObject({ toDays: 30, reason: '涉及多方理赔核实', byId: supervisor.id });
    expect(events.map((e) => e.type)).toEqual(['regulatoryExtended']);
  });
  it('refuses the complex-case extension from an agent and without a reason', () => {
    expect(() => extendRegulatory(ctxAt('2026-11-05T02:00:00Z'), inProgress(), agent, { toDays: 30, reason: 'x' })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.EXTENSION_NOT_ALLOWED' }),
    );
    expect(() => extendRegulatory(ctxAt('2026-11-05T02:00:00Z'), inProgress(), supervisor, { toDays: 30, reason: '  ' })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.EXTENSION_NOT_ALLOWED' }),
    );
  });
  it('allows 60 days only after 30 and only with head-office approval', () => {
    const thirty = extendRegulatory(ctxAt('2026-11-05T02:00:00Z'), inProgress(), supervisor, { toDays: 30, reason: '复杂' }).complaint;
    expect(() => extendRegulatory(ctxAt('2026-11-06T02:00:00Z'), inProgress(), supervisor, { toDays: 60, reason: '特别复杂', approvedBy: headOffice })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.EXTENSION_NOT_ALLOWED' }),
    );
    expect(() => extendRegulatory(ctxAt('2026-11-06T02:00:00Z'), thirty, supervisor, { toDays: 60, reason: '特别复杂', approvedBy: supervisor })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.EXTENSION_NOT_ALLOWED' }),
    );
    const sixty = extendRegulatory(ctxAt('2026-11-06T02:00:00Z'), thirty, supervisor, { toDays: 60, reason: '特别复杂', approvedBy: headOffice }).complaint;
    // 2027 is past the calendar's data: weekends only, so Fri 01-01 stands, flagged 暂定 until data arrives
    expect(due(sixty, 'regulatory').dueAt).toBe(endOfDay('2027-01-01'));
    expect(due(sixty, 'regulatory').provisional).toBe(true);
    expect(sixty.clocks.extensions[1]).toMatchObject({ approvedById: headOffice.id });
  });
  it('excludes outside appraisal time, in whole days', () => {
    const appraising = startAppraisal(ctxAt('2026-11-05T02:00:00Z'), inProgress(), agent, '伤残等级鉴定').complaint;
    expect(due(appraising, 'regulatory').paused).toBe(true);
    const done = endAppraisal(ctxAt('2026-11-08T02:00:00Z'), appraising, agent).complaint; // 3 days
    expect(due(done, 'regulatory').dueAt).toBe(endOfDay('2026-11-20'));
  });
  it('restarts 15 days from the day new material arrived', () => {
    const c = restartRegulatory(ctxAt('2026-11-10T02:00:00Z'), inProgress(), supervisor, new Date('2026-11-09T02:00:00Z'), '会员提交新的就诊记录').complaint;
    expect(due(c, 'regulatory').dueAt).toBe(endOfDay('2026-11-24'));
  });
});

describe('SLA monitor marks', () => {
  it('warns once, breaches once, and is idempotent when run twice', () => {
    const c = open('2026-11-02T06:00:00Z').complaint;
    const warned = evaluateSla(ctxAt('2026-11-04T03:00:00Z'), c)!;
    expect(warned.events.map((e) => [e.type, e.detail?.deadlineKind])).toEqual([['deadlineWarning', 'acknowledge']]);
    expect(evaluateSla(ctxAt('2026-11-04T03:00:00Z'), warned.complaint)).toBeNull();
    const breached = evaluateSla(ctxAt('2026-11-04T06:00:00Z'), warned.complaint)!;
    expect(breached.events.map((e) => [e.type, e.detail?.deadlineKind, e.audience])).toEqual([['deadlineBreached', 'acknowledge', 'staff']]);
    expect(evaluateSla(ctxAt('2026-11-04T07:00:00Z'), breached.complaint)).toBeNull();
    expect(breached.complaint.slaNextCheckAt).toBe(new Date(Date.parse(endOfDay('2026-11-11')) - 24 * 3600_000).toISOString());
  });
  it('keeps breach entries off the member timeline', () => {
    const c = open('2026-11-02T06:00:00Z').complaint;
    const breached = evaluateSla(ctxAt('2026-11-05T00:00:00Z'), c)!.complaint;
    const view = toMemberView(ctxAt('2026-11-05T00:00:00Z'), breached);
    expect(view.timeline.map((t) => t.type)).not.toContain('deadlineBreached');
  });
  it('closes a resolved case once the 30-day review window has passed', () => {
    const resolved = resolve(ctxAt('2026-11-03T02:00:00Z'), open('2026-11-02T06:00:00Z').complaint, agent, decision).complaint;
    expect(evaluateSla(ctxAt('2026-12-03T15:00:00Z'), resolved)).toBeNull();
    const closed = evaluateSla(ctxAt('2026-12-03T16:00:00Z'), resolved)!.complaint;
    expect(closed.status).toBe('closed');
  });
});

describe('resolution, rating and review (再次投诉 / 核查)', () => {
  const resolved = () => {
    const c = acknowledge(ctxAt('2026-11-02T07:00:00Z'), open('2026-11-02T06:00:00Z').complaint, agent).complaint;
    return resolve(ctxAt('2026-11-04T02:00:00Z'), c, agent, decision).complaint;
  };
  it('records the decision notice and stops the regulatory clock', () => {
    const c = resolved();
    expect(c.decision).toMatchObject({ ...decision, decidedById: agent.id });
    expect(due(c, 'regulatory').metAt).toBe('2026-11-04T02:00:00.000Z');
    expect(c.slaNextCheckAt).toBe(endOfDay('2026-12-04'));
  });
  it('keeps a satisfied case resolved, open to review until the window ends, then the timer closes it; never asks twice', () => {
    const satisfied = rate(ctxAt('2026-11-05T02:00:00Z'), resolved(), member(), { score: 5 }).complaint;
    expect(satisfied.status).toBe('resolved');
    expect(satisfied.ratings.at(-1)).toMatchObject({ satisfied: true, score: 5 });
    expect(requestReview(ctxAt('2026-12-04T15:59:00Z'), satisfied, member(), '仍有疑问，要求核查').complaint.status).toBe('reviewRequested');
    expect(evaluateSla(ctxAt('2026-12-04T15:59:00Z'), satisfied)?.complaint.status ?? 'resolved').toBe('resolved');
    expect(evaluateSla(ctxAt('2026-12-04T16:00:00Z'), satisfied)!.complaint.status).toBe('closed');
    expect(() => rate(ctxAt('2026-11-05T03:00:00Z'), satisfied, member(), { score: 4 })).toThrow(expect.objectContaining({ code: 'COMPLAINT.ALREADY_RATED' }));
    const unhappy = rate(ctxAt('2026-11-05T02:00:00Z'), resolved(), member(), { score: 2, comment: '不满意' }).complaint;
    expect(unhappy.status).toBe('resolved');
    expect(() => rate(ctxAt('2026-11-05T03:00:00Z'), unhappy, member(), { score: 3 })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.ALREADY_RATED' }),
    );
  });
  it('routes a review to someone other than, and senior to, the first handler', () => {
    const requested = requestReview(ctxAt('2026-11-06T02:00:00Z'), resolved(), member(), '处理结果不合理，要求核查').complaint;
    expect(requested.status).toBe('reviewRequested');
    expect(() => startReview(ctxAt('2026-11-06T03:00:00Z'), requested, agent)).toThrow(expect.objectContaining({ code: 'COMPLAINT.REVIEWER_NOT_ELIGIBLE' }));
    expect(() => startReview(ctxAt('2026-11-06T03:00:00Z'), requested, agent2)).toThrow(expect.objectContaining({ code: 'COMPLAINT.REVIEWER_NOT_ELIGIBLE' }));
    const review = startReview(ctxAt('2026-11-06T03:00:00Z'), requested, supervisor).complaint;
    expect(review).toMatchObject({ status: 'underReview', owner: { id: supervisor.id } });
    expect(due(review, 'review').dueAt).toBe(endOfDay('2026-12-07')); // 12-06 is a Sunday
  });
  it('refuses a review after the 30-day window', () => {
    expect(() => requestReview(ctxAt('2026-12-04T16:00:00Z'), resolved(), member(), '要求核查处理结果')).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.REVIEW_WINDOW_CLOSED' }),
    );
  });
  it('reopens a resolved case when the member writes again inside the window, with a fresh company clock', () => {
    const reopened = memberAddsInformation(ctxAt('2026-11-09T02:00:00Z'), resolved(), member(), '问题仍未解决').complaint;
    expect(reopened.status).toBe('reopened');
    expect(due(reopened, 'resolve').metAt).toBeUndefined();
    expect(due(reopened, 'resolve').dueAt).toBe(endOfDay('2026-11-18'));
    expect(due(reopened, 'regulatory').metAt).toBeDefined();
  });
});

describe('state machine and visibility', () => {
  it('rejects an illegal transition with a specific error', () => {
    const c = open('2026-11-02T06:00:00Z').complaint;
    expect(() => rate(ctxAt('2026-11-03T00:00:00Z'), c, member(), { score: 5 })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.ILLEGAL_TRANSITION', details: { action: 'rate', status: 'submitted' } }),
    );
    const w = withdraw(ctxAt('2026-11-03T00:00:00Z'), c, member(), '已自行解决').complaint;
    expect(w.status).toBe('withdrawn');
    expect(w.slaNextCheckAt).toBeUndefined();
    expect(() => memberAddsInformation(ctxAt('2026-11-03T01:00:00Z'), w, member(), '再补充')).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.CLOSED' }),
    );
  });
  it('never shows internal notes or grading to the member', () => {
    const noted = addInternalNote(ctxAt('2026-11-02T07:00:00Z'), open('2026-11-02T06:00:00Z').complaint, agent, '会员情绪激动，注意沟通').complaint;
    const view = toMemberView(ctxAt('2026-11-02T07:00:00Z'), noted);
    expect(JSON.stringify(view)).not.toContain('情绪激动');
    expect(view.timeline.map((t) => t.type)).toEqual(['submitted']);
  });
});
