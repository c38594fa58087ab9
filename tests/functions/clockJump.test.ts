import { HOLD_ALERT_TITLE, releaseDeadlineHold, runGuardedDeadlineTimer } from '../../core/deadlines/clockGuard';
import { seedDemoStaff } from '../../server/local/demoStaff';
import { harness, validSubmit } from '../support/localHarness';

/**
 * Issue 9 item 8 (clock): the injected clock jumps +40 days over 600 due complaints. The one deadline
 * timer records the breaches but escalates none, and raises one alert for supervisors — where it
 * used to record 600 breaches and escalate 200 cases in one scan without a word.
 */
describe('a +40-day clock jump on the local system', () => {
  jest.setTimeout(120_000);

  it('records breaches on all 600 cases, escalates none, alerts supervisors once; a supervisor release is audited', async () => {
    const h = harness();
    try {
      await seedDemoStaff(h.system.admin);
      for (let i = 0; i < 600; i++) {
        const r = await h.call('complaints', { kind: 'member', openid: `openid-jump-${i}` }, validSubmit(`key-jump-${String(i).padStart(11, '0')}`));
        expect(r.ok).toBe(true);
      }
      const run = () => runGuardedDeadlineTimer(h.system.deadlineGuard, h.system.deadlineWatches);
      expect(await run()).toMatchObject({ held: false, alerted: false }); // the timer has run: it knows when

      h.clock.advance(40 * 86_400_000);
      const jumped = await run();
      expect(jumped).toMatchObject({ held: true, alerted: true, hold: { reason: 'clockJump' } });
      const complaints = jumped.areas.find((a) => a.area === 'complaints')!.report!;
      expect(complaints.breaches).toBeGreaterThan(0);
      expect(complaints.extra).toMatchObject({ escalated: 0 });
      expect(complaints.escalationsHeld).toBe(complaints.examined);

      // The timer works through the backlog (400 a scan: the quiet areas' shares go to it), every 5 minutes:
      // still held, no further alert.
      // (Each quiet area counts one against the budget for looking.)
      expect(complaints.examined).toBe(400 - (h.system.deadlineWatches.length - 1));
      for (let i = 0; i < 1; i++) {
        h.clock.advance(5 * 60_000);
        const r = await run();
        expect(r.areas.find((a) => a.area === 'complaints')!.report!.extra).toMatchObject({ escalated: 0 });
        expect(r.alerted).toBe(false);
      }
      const rows = h.system.db.prepare('SELECT doc FROM complaints').all() as { doc: string }[];
      const docs = rows.map((r) => JSON.parse(r.doc) as { breaches: unknown[]; owner?: { role: string } });
      expect(docs).toHaveLength(600);
      expect(docs.filter((c) => c.breaches.length > 0)).toHaveLength(600);
      expect(docs.filter((c) => c.owner?.role === 'supervisor')).toHaveLength(0);

      const alerts = (await h.system.admin.inbox.recentStaffAlerts('2026-01-01T00:00:00Z', 5000)).filter((a) => a.kind === 'deadlineHold');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ title: HOLD_ALERT_TITLE, area: 'deadlines' });

      // A supervisor has checked the clock and the cases: released, audited.
      expect((await h.system.admin.deadlineTimer!.read()).hold).toMatchObject({ reason: 'clockJump' });
      const sup = (await h.system.admin.staff.list()).find((s) => s.role === 'supervisor')!;
      await releaseDeadlineHold({ timer: h.system.admin.deadlineTimer!, audit: h.system.admin.audit, clock: h.clock }, sup, '已核对系统时间');
      expect((await h.system.admin.deadlineTimer!.read()).hold).toBeUndefined();
      const audited = h.system.db.prepare(`SELECT actor_id, action FROM audit_log WHERE action = 'deadlines.releaseHold'`).all();
      expect(audited).toEqual([{ actor_id: sup.id, action: 'deadlines.releaseHold' }]);
      h.clock.advance(5 * 60_000);
      expect(await run()).toMatchObject({ held: false, alerted: false });
    } finally {
      h.close();
    }
  });
});
