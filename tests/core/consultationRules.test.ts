import { chinaCalendar } from '../../core/calendar/chinaCalendar';
import * as life from '../../core/consultations/lifecycle';
import { CONSULTATION_POLICY } from '../../core/consultations/policy';
import type { Consultation } from '../../core/consultations/model';

let n = 0;
const ctxAt = (iso: string): life.ConsultationContext => ({ now: new Date(iso), calendar: chinaCalendar, policy: CONSULTATION_POLICY, newId: () => `id-${++n}` });
const agent = { kind: 'staff' as const, id: 'agent-1', role: 'agent' as const };
const advisorA = { kind: 'staff' as const, id: 'adv-a', role: 'advisor' as const, name: '李顾问' };
const supervisor = { id: 'sup-1', role: 'supervisor' as const };
const open = (iso: string): Consultation =>
  life.openConsultation(ctxAt(iso), { id: 'c1', number: 'ZX20260930-0001', memberId: 'm1', topic: 'insurance', question: '国庆期间能咨询吗？', attachments: [] }).consultation;

describe('consultation response targets on the working calendar', () => {
  it('counts the first reply in working days, past the National Day holiday', () => {
    // Wednesday 2026-09-30 10:00 Shanghai: 1 Oct – 7 Oct 2026 are holidays, so one working day ends 8 Oct 24:00.
    const c = open('2026-09-30T02:00:00Z');
    expect(c.steps[0]).toMatchObject({ kind: 'firstReply', dueAt: '2026-10-08T16:00:00.000Z', provisional: false });
    expect(c.dueAt).toBe('2026-10-08T16:00:00.000Z');
    expect(c.slaNextCheckAt).toBe('2026-10-08T12:00:00.000Z');
  });

  it('gives the advisor a target of their own from the hand-off, and a reassignment cancels the first advisor’s step', () => {
    const c = open('2026-11-25T02:00:00Z');
    const handed = life.handToAdvisor(ctxAt('2026-11-25T03:00:00Z'), c, agent, advisorA, '需要方案').consultation;
    expect(handed.steps.map((s) => [s.kind, s.dueAt, s.metAt ? 'met' : s.cancelledAt ? 'cancelled' : 'open'])).toEqual([
      ['firstReply', '2026-11-26T16:00:00.000Z', 'met'],
      ['advisorReply', '2026-11-27T16:00:00.000Z', 'open'],
    ]);
    const moved = life.handToAdvisor(ctxAt('2026-11-26T03:00:00Z'), handed, agent, { id: 'adv-b' }, '换顾问').consultation;
    expect(moved.steps.map((s) => (s.metAt ? 'met' : s.cancelledAt ? 'cancelled' : 'open'))).toEqual(['met', 'cancelled', 'open']);
    expect(moved.advisor?.id).toBe('adv-b');
    expect(() => life.advisorReply(ctxAt('2026-11-26T04:00:00Z'), moved, advisorA, '我来答')).toThrow(expect.objectContaining({ code: 'CONSULTATION.NOT_YOURS' }));
  });

  it('refuses a plan whose lowest premium is above its highest', () => {
    const handed = life.handToAdvisor(ctxAt('2026-11-25T03:00:00Z'), open('2026-11-25T02:00:00Z'), agent, advisorA, '需要方案').consultation;
    expect(() =>
      life.proposePlan(ctxAt('2026-11-25T04:00:00Z'), handed, advisorA, { products: [{ name: '医疗险' }], premiumMinFen: 300000, premiumMaxFen: 100000, reasons: ['合适'] }),
    ).toThrow(expect.objectContaining({ code: 'CONSULTATION.PREMIUM_RANGE' }));
  });

  it('records an advisor’s breach once, alerting the supervisor, and holds the escalation when the clock guard says so', () => {
    const handed = life.handToAdvisor(ctxAt('2026-11-25T03:00:00Z'), open('2026-11-25T02:00:00Z'), agent, advisorA, '需要方案').consultation;
    const late = ctxAt('2026-11-27T16:00:00Z');
    const held = life.evaluateDeadline(late, handed, supervisor, true)!;
    expect(held).toMatchObject({ breached: true, escalated: false, held: true });
    expect(held.events.map((e) => e.type)).toEqual(['deadlineBreached']);
    const escalated = life.evaluateDeadline(late, handed, supervisor, false)!;
    expect(escalated.events.map((e) => [e.type, e.ownerId])).toEqual([
      ['deadlineBreached', 'adv-a'],
      ['escalated', 'sup-1'],
    ]);
    // The advisor keeps it (the supervisor may hand it on); nothing is recorded twice.
    expect(escalated.consultation.advisor?.id).toBe('adv-a');
    expect(life.evaluateDeadline(late, escalated.consultation, supervisor, false)).toBeNull();
    expect(escalated.consultation.slaNextCheckAt).toBeUndefined();
  });

  it('lets the member rate only an answered consultation, once, and closes it', () => {
    const c = open('2026-11-25T02:00:00Z');
    const answered = life.reply(ctxAt('2026-11-25T03:00:00Z'), c, agent, '可以的').consultation;
    const rated = life.rate(ctxAt('2026-11-25T04:00:00Z'), answered, 'm1', 4).consultation;
    expect(rated.status).toBe('closed');
    expect(() => life.followUp(ctxAt('2026-11-25T05:00:00Z'), rated, 'm1', '还有问题', [])).toThrow(expect.objectContaining({ code: 'CONSULTATION.CLOSED' }));
  });
});

describe('consultation due times when the calendar changes', () => {
  it('counts the open step again from when it started, marking it firm once the year is known', () => {
    // A calendar that does not know the year yet: weekends only, provisional (暂定).
    const unknown = { ...chinaCalendar, isKnown: () => false, kindOf: chinaCalendar.kindOf, isWorkingDay: chinaCalendar.isWorkingDay, knownYears: chinaCalendar.knownYears };
    const asked = life.openConsultation({ ...ctxAt('2026-11-25T02:00:00Z'), calendar: unknown }, {
      id: 'c2', number: 'ZX20261125-0002', memberId: 'm1', topic: 'insurance', question: '问题', attachments: [],
    }).consultation;
    expect(asked.steps[0].provisional).toBe(true);
    // The notice arrives, and it makes Thursday 26 November a holiday: the reply is due on Friday.
    const withHoliday = { ...chinaCalendar, isKnown: () => true, isWorkingDay: (d: string) => d !== '2026-11-26' && chinaCalendar.isWorkingDay(d) };
    const moved = life.recomputeDue({ ...ctxAt('2026-11-25T05:00:00Z'), calendar: withHoliday }, asked)!;
    expect(moved.consultation.steps[0]).toMatchObject({ dueAt: '2026-11-27T16:00:00.000Z', provisional: false });
    expect(moved.consultation.dueAt).toBe('2026-11-27T16:00:00.000Z');
    expect(life.recomputeDue({ ...ctxAt('2026-11-25T05:00:00Z'), calendar: withHoliday }, moved.consultation)).toBeNull();
  });
});

describe('the member’s words for a due time', () => {
  it('says it once, with the year only when it is not this year', () => {
    // Stored as the next day's 00:00 in Shanghai: the end of 11月27日.
    expect(life.dueWords('2026-11-27T16:00:00.000Z', new Date('2026-11-25T02:00:00Z'))).toBe('11月27日24时前');
    expect(life.dueWords('2027-01-04T16:00:00.000Z', new Date('2026-12-30T02:00:00Z'))).toBe('2027年1月4日24时前');
    expect(life.dueWords('2026-11-27T06:30:00.000Z', new Date('2026-11-25T02:00:00Z'))).toBe('11月27日 14:30前');
  });
});
