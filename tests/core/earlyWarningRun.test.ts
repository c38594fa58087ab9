import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteEarlyWarningStore } from '../../adapters/sqlite/earlyWarningStore';
import { sha256 } from '../../adapters/hash';
import { EARLY_WARNING_POLICY } from '../../core/earlyWarning/policy';
import { earlyWarningWatch } from '../../core/earlyWarning/watch';
import { memberPseudonym, runEarlyWarningWeek, weekToRun } from '../../core/earlyWarning/weeklyRun';
import { addWeeks, weekRange, weeksBefore } from '../../core/earlyWarning/weeks';
import { fixedClock } from '../../core/shared/ports';
import { countsOf, madeDrill, madeWeeklyCounts, type MadeComplaint } from '../support/earlyWarningFakes';

const WEEK = '2026-W47'; // 2026-11-16 … 2026-11-22 Shanghai
const AFTER = '2026-11-23T03:00:00Z'; // Monday 11:00 Shanghai: W47 is the week to run

let n = 0;
const made = (week: string, over: Partial<MadeComplaint> = {}, dayHour = 0): MadeComplaint => {
  n += 1;
  const at = new Date(Date.parse(weekRange(week).from) + 3600_000 * (10 + dayHour)).toISOString();
  return { id: `cmp-${String(n).padStart(6, '0')}`, number: `TS-${n}`, receivedAt: at, category: 'service', channel: 'phone', memberId: `openid-m${n}`, ...over };
};

/** Twelve quiet weeks of 3 claims complaints a week, then 16 in W47; and quiet other categories. */
const world = (): MadeComplaint[] => {
  n = 0;
  const out: MadeComplaint[] = [];
  for (const w of weeksBefore(WEEK, 14)) {
    for (let i = 0; i < 3; i++) out.push(made(w, { category: 'claims', product: 'PRD-MED' }, i));
    for (let i = 0; i < 4; i++) out.push(made(w, { category: 'service' }, i));
  }
  for (let i = 0; i < 16; i++) out.push(made(WEEK, { category: 'claims', product: 'PRD-MED', policyNo: i < 3 ? 'P2026000777' : undefined, seller: 'S-01' }, i % 24));
  for (let i = 0; i < 4; i++) out.push(made(WEEK, { category: 'service' }, i));
  // A repeat complainant: three complaints in 20 days, the last in W47.
  out.push(made(addWeeks(WEEK, -2), { memberId: 'openid-repeat', category: 'premium' }), made(addWeeks(WEEK, -1), { memberId: 'openid-repeat', category: 'premium' }), made(WEEK, { memberId: 'openid-repeat', category: 'premium' }, 30));
  return out;
};

const setup = () => {
  const db = openDatabase(':memory:');
  const clock = fixedClock(AFTER);
  const audit = sqliteAuditLog(db, clock);
  const alerts = sqliteEarlyWarningStore(db, audit.appendSync);
  const complaints = world();
  const counts = madeWeeklyCounts(countsOf(complaints, ['category', 'product', 'channel', 'salesChannel', 'seller', 'policy', 'member']));
  const deps = { counts, drill: madeDrill(complaints), alerts, clock, hash: sha256, policy: EARLY_WARNING_POLICY };
  return { db, clock, alerts, deps, counts, complaints };
};

describe('the weekly early-warning run', () => {
  it('runs the last complete ISO week once its next week is an hour old', () => {
    expect(weekToRun(new Date('2026-11-22T16:30:00Z'), EARLY_WARNING_POLICY)).toBe('2026-W46'); // Monday 00:30 Shanghai
    expect(weekToRun(new Date('2026-11-22T17:00:00Z'), EARLY_WARNING_POLICY)).toBe('2026-W47'); // Monday 01:00
  });

  it('opens a rise alert with its series, baseline, test and the complaints behind it; a repeat complainant and a policy cluster', async () => {
    const s = setup();
    const r = await runEarlyWarningWeek(s.deps);
    expect(r).toMatchObject({ week: WEEK, ran: true });
    const page = await s.alerts.listWeek(WEEK, { limit: 50 });
    const byKey = Object.fromEntries(page.items.map((a) => [`${a.kind}|${a.dim}|${a.value}`, a]));
    const claims = byKey['rise|category|claims'];
    expect(claims).toBeDefined();
    expect(claims.label).toBe('理赔争议');
    expect(claims.series.at(-1)).toEqual({ week: WEEK, count: 16 });
    expect(claims.test).toMatchObject({ count: 16, historyWeeks: 12, historyTotal: 36, baselineMean: 3 });
    expect(claims.test.pValue!).toBeLessThanOrEqual(claims.test.threshold);
    expect(claims.evidence.total).toBe(16);
    expect(claims.evidence.complaints.map((c) => c.number)).toEqual(s.complaints.filter((c) => c.category === 'claims' && c.receivedAt >= weekRange(WEEK).from).map((c) => c.number));
    // Masked: no openid in the evidence.
    expect(JSON.stringify(claims.evidence)).not.toContain('openid-');
    expect(byKey['rise|product|PRD-MED']).toBeDefined();
    expect(byKey['rise|category|service']).toBeUndefined();
    const repeat = byKey[`repeatComplainant|member|${memberPseudonym(sha256, 'openid-repeat')}`];
    expect(repeat?.test).toMatchObject({ method: 'repeatRule', count: 3, threshold: 3 });
    expect(repeat.label).toBe('会员 ****peat');
    // The openid appears nowhere in what staff are sent.
    expect(JSON.stringify(page.items)).not.toContain('openid-');
    expect(byKey['cluster|policy|P2026000777']?.test).toMatchObject({ method: 'policyRule', count: 3 });
    // The seller is new (no history): 历史不足, reported in the run, and its 16 complaints from 16 members make a cluster by the rule.
    expect(byKey['cluster|seller|S-01']?.test).toMatchObject({ method: 'distinctMembersRule', distinctMembers: 16 });
    const run = (await s.alerts.weekRun(WEEK))!;
    expect(run.untested).toContainEqual(expect.objectContaining({ dim: 'seller', value: 'S-01', historyWeeks: 0, count: 16 }));
    expect(run.families.find((f) => f.family === 'rise')!.tested).toBe(4); // claims, service, PRD-MED, phone
    expect(run.untested).toContainEqual(expect.objectContaining({ dim: 'category', value: 'premium', historyWeeks: 2 }));
    expect(run.alerts).toBe(page.items.length);
  });

  it('is idempotent: the same week again opens nothing and reads nothing; a run cut short opens only what is missing', async () => {
    const s = setup();
    const watch = earlyWarningWatch(s.deps);
    const first = await watch.scan(s.clock.now(), 100);
    expect(first.changed).toBeGreaterThan(0);
    const reads = s.counts.reads;
    expect((await watch.scan(s.clock.now(), 100)).changed).toBe(0);
    expect(s.counts.reads).toBe(reads);
    // Cut short: the run record lost (as if the process died before writing it), the alerts kept.
    s.db.prepare('DELETE FROM early_warning_runs').run();
    const again = await runEarlyWarningWeek(s.deps);
    expect(again).toMatchObject({ ran: true, opened: 0 });
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM early_warning_alerts').get() as { n: number }).n).toBe(first.changed);
  });

  it('opens nothing for a quiet week and says which series it tested', async () => {
    const s = setup();
    const r = await runEarlyWarningWeek(s.deps, addWeeks(WEEK, -1));
    expect(r.opened).toBe(0);
    const run = (await s.alerts.weekRun(addWeeks(WEEK, -1)))!;
    expect(run.alerts).toBe(0);
    expect(run.families[0].tested).toBeGreaterThan(0);
  });
});
