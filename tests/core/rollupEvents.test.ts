import * as life from '../../core/complaints/lifecycle';
import type { Complaint } from '../../core/complaints/model';
import { evaluateSla } from '../../core/complaints/sla';
import { complaintRollupEvents } from '../../core/rollups/complaintEvents';
import { percentileMinutes } from '../../core/rollups/figures';
import { decodeTuple, isoWeekOfDay } from '../../core/rollups/facts';
import { agent, agent2, ctxAt, member, sampleComplaint, sequentialIds } from '../support/fixtures';

/** The domain events the rollup consumer reads off a complaint, on the real 2026 calendar. */
const ids = sequentialIds('ev');
const at = (iso: string) => ctxAt(iso, ids);
const notice = { findings: '已核实并处理', basis: '服务规范', remedies: ['申请核查'] };
const sumOf = (c: Complaint, key: 'received' | 'resolved' | 'rated' | 'satisfied' | 'deadlinesDue' | 'deadlinesMet', dim = 'complaint') =>
  complaintRollupEvents(c, 3)
    .flatMap((e) => e.deltas)
    .filter((d) => d.key.dim === dim)
    .reduce((n, d) => n + (d.add[key] ?? 0), 0);
const slice = (d: { key: { month: string; value: string } }) => {
  const t = decodeTuple(d.key.value);
  return `${d.key.month}|${t.category}|${t.handler}`;
};

describe('complaint rollup events', () => {
  it('counts a deadline breached and then met late once, as missed, under the same id', () => {
    // Monday 2 March 2026 09:00 Shanghai; the 48-hour acknowledgement is breached on Wednesday.
    let c = sampleComplaint(at('2026-03-02T01:00:00Z'), { id: 'c-late' });
    const breach = evaluateSla(at('2026-03-04T02:00:00Z'), c);
    expect(breach?.events.some((e) => e.type === 'deadlineBreached')).toBe(true);
    c = breach!.complaint;
    const breachedIds = complaintRollupEvents(c, 3).map((e) => e.id);
    c = life.acknowledge(at('2026-03-04T03:00:00Z'), c, agent).complaint;
    const after = complaintRollupEvents(c, 3);
    // The late acknowledgement adds no deadline event of its own (the breach's id already stands for that
    // deadline), only the acknowledgement itself.
    expect(after.map((e) => e.id)).toEqual([...breachedIds.slice(0, 1), 'v2:c-late|acknowledged', ...breachedIds.slice(1)]);
    expect(sumOf(c, 'deadlinesDue')).toBe(1);
    expect(sumOf(c, 'deadlinesMet')).toBe(0);
  });

  it('gives a rating to the resolution it rates: its month, handler and category, even after a reopening', () => {
    let c = sampleComplaint(at('2026-03-30T01:00:00Z'), { id: 'c-two', category: 'claims' });
    c = life.acknowledge(at('2026-03-30T02:00:00Z'), c, agent).complaint;
    c = life.resolve(at('2026-03-31T01:00:00Z'), c, agent, notice).complaint; // March, agent 1
    c = life.rate(at('2026-04-01T01:00:00Z'), c, member(), { score: 2 }).complaint;
    c = life.memberAddsInformation(at('2026-04-02T01:00:00Z'), c, member(), '我对答复不满意，补充说明情况').complaint;
    c = life.resolve(at('2026-04-03T01:00:00Z'), c, agent2, notice).complaint; // April, agent 2
    c = life.rate(at('2026-04-07T01:00:00Z'), c, member(), { score: 5 }).complaint;
    const events = complaintRollupEvents(c, 3);
    const rated = events.filter((e) => e.deltas.some((d) => d.add.rated));
    expect(rated.map((e) => e.deltas.map((d) => `${slice(d)}|${d.add.satisfied}`))).toEqual([[`2026-03|claims|${agent.id}|0`], [`2026-04|claims|${agent2.id}|1`]]);
    // Each resolution's reminder is its own, N days after it.
    expect(events.flatMap((e) => e.reminders ?? []).map((r) => [r.id, r.dueAt])).toEqual([
      ['c-two#1', '2026-04-03T01:00:00.000Z'],
      ['c-two#2', '2026-04-06T01:00:00.000Z'],
    ]);
    // The second cycle's resolve time runs from the reopening (1 day), not from receipt.
    const second = events.find((e) => e.deltas.some((d) => d.key.month === '2026-04' && d.add.resolved));
    expect(second?.deltas[0].minutes?.resolve).toBe(24 * 60);
    expect(sumOf(c, 'resolved')).toBe(2);
    // Same record, derived again: same ids.
    expect(complaintRollupEvents(c, 3).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('counts receipt once with the weekly slices, and the acknowledgement with its minutes and who acknowledged', () => {
    let c = sampleComplaint(at('2026-03-01T15:30:00Z'), { id: 'c-wk', category: 'sales', policyNo: 'P-0001' }); // Sunday 23:30 in Shanghai
    c = life.acknowledge(at('2026-03-02T01:00:00Z'), c, agent).complaint;
    const events = complaintRollupEvents(c, 3, { productCode: 'PRD-A', salesChannel: 'bank', sellerId: 'S-9' });
    const received = events.find((e) => e.id.endsWith('|received'))!;
    expect(received.deltas.map((d) => `${d.key.month}|${d.key.dim}|${d.key.value}`)).toEqual([
      `2026-03|complaint|sales|${c.grade.value}|${c.channel}|PRD-A|${c.owner?.id ?? 'unassigned'}`,
      '2026-W09|week:category|sales',
      '2026-W09|week:product|PRD-A',
      `2026-W09|week:channel|${c.channel}`,
      '2026-W09|week:salesChannel|bank',
      '2026-W09|week:seller|S-9',
      '2026-W09|week:policy|P-0001',
      `2026-W09|week:member|${c.memberId}`,
    ]);
    const ack = events.find((e) => e.id.endsWith('|acknowledged'))!;
    expect(ack.deltas.map((d) => [decodeTuple(d.key.value).handler, d.minutes?.acknowledge])).toEqual([[agent.id, 570]]);
    // Without a policy the register knows: no product, no seller slices.
    const bare = complaintRollupEvents(c, 3).find((e) => e.id.endsWith('|received'))!;
    expect(bare.deltas.map((d) => d.key.dim)).toEqual(['complaint', 'week:category', 'week:channel', 'week:policy', 'week:member']);
    expect(sumOf(c, 'received')).toBe(1);
  });

  it('numbers ISO weeks on Shanghai dates', () => {
    expect(isoWeekOfDay('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekOfDay('2027-01-01')).toBe('2026-W53'); // a Friday: 2026 has 53 weeks
    expect(isoWeekOfDay('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOfDay('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOfDay('2026-03-01')).toBe('2026-W09');
  });

  it('reads percentiles off the minute histogram by nearest rank', () => {
    const hist = { '5': 1, '10': 2, '300': 1 };
    expect(percentileMinutes(hist, 0.5)).toBe(10);
    expect(percentileMinutes(hist, 0.9)).toBe(300);
    expect(percentileMinutes({}, 0.5)).toBeNull();
  });
});
