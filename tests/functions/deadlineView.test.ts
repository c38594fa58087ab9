import { runSlaMonitor } from '../../core/complaints/slaMonitor';
import { adminHarness } from '../support/adminHarness';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { validSubmit } from '../support/localHarness';

/**
 * Issue 10 item 3, through the admin API: a deadline stays on the staff detail after it is met, with
 * when; a breached one stays 已超时 with the breach time after a late 受理; one provisional-grade marker.
 */
describe('deadlines and grade on the staff screens', () => {
  it('keeps a breached 受理 deadline after a late acknowledge: met late, with the due, met and breach times', async () => {
    const h = await adminHarness('2026-11-02T06:00:00Z'); // Monday 14:00 Shanghai
    try {
      await submitComplaint(h.system.complaints, 'openid-late', validSubmit('key-late-000000000001').data);
      let sup = await h.as('super01');
      const [item] = (await sup('complaints/queue', {})).items;
      const fresh = await sup('complaints/detail', { id: item.id });
      expect(fresh.deadlines.find((d: any) => d.kind === 'acknowledge')).toMatchObject({ dueAtText: '2026-11-04 14:00', met: false, overdue: false });
      expect(fresh.deadlines.find((d: any) => d.kind === 'acknowledge').breached).toBeUndefined();

      h.clock.advance(50 * 3600_000); // 2 hours past the 48-hour 受理 clock
      await runSlaMonitor(h.system.sla);
      sup = await h.as('super01'); // the session has expired in those two days
      const overdue = await sup('complaints/detail', { id: item.id });
      expect(overdue.breaches).toEqual([expect.objectContaining({ kind: 'acknowledge' })]);
      expect(overdue.deadlines.find((d: any) => d.kind === 'acknowledge')).toMatchObject({ met: false, overdue: true, breached: true });

      h.clock.advance(3600_000);
      const acked = await sup('complaints/acknowledge', { id: item.id, version: overdue.version });
      expect(acked.statusLabel).toBe('已受理');
      const ack = acked.deadlines.find((d: any) => d.kind === 'acknowledge');
      expect(ack).toMatchObject({
        label: '受理时限',
        dueAtText: '2026-11-04 14:00',
        met: true,
        overdue: false,
        metAtText: '2026-11-04 17:00',
        breached: true,
        breachedAtText: '2026-11-04 16:00', // when the timer recorded it
      });
      // The other deadlines are listed too, running, not breached.
      expect(acked.deadlines.map((d: any) => d.kind)).toEqual(expect.arrayContaining(['acknowledge', 'resolve', 'regulatory']));
      expect(acked.deadlines.filter((d: any) => d.breached).map((d: any) => d.kind)).toEqual(['acknowledge']);
    } finally {
      h.close();
    }
  });

  it('shows a deadline met in time as met, with when, and not breached', async () => {
    const h = await adminHarness('2026-11-02T06:00:00Z');
    try {
      await submitComplaint(h.system.complaints, 'openid-ontime', validSubmit('key-ontime-0000000001').data);
      const sup = await h.as('super01');
      const [item] = (await sup('complaints/queue', {})).items;
      h.clock.advance(3600_000);
      const acked = await sup('complaints/acknowledge', { id: item.id, version: item.version });
      const ack = acked.deadlines.find((d: any) => d.kind === 'acknowledge');
      expect(ack).toMatchObject({ met: true, metAtText: '2026-11-02 15:00', overdue: false });
      expect(ack.breached).toBeUndefined();
    } finally {
      h.close();
    }
  });

  it('marks a provisional grade the same way in the queue and on the detail page', async () => {
    const h = await adminHarness('2026-11-02T06:00:00Z');
    try {
      await submitComplaint(h.system.complaints, 'openid-urgent', {
        idempotencyKey: 'key-urgent-000000001', category: 'sales', description: '销售人员承诺的收益与合同不符，涉及金额较大，请尽快处理。', amountAtStake: 600000, urgent: true,
      });
      const sup = await h.as('super01');
      const [item] = (await sup('complaints/queue', {})).items;
      expect(item).toMatchObject({ gradeLabel: '重大', gradeConfirmed: false, gradeText: '重大（待确认）' });
      expect((await sup('complaints/detail', { id: item.id })).gradeText).toBe('重大（待确认）');
      const graded = await sup('complaints/grade', { id: item.id, version: item.version, grade: 'major', urgent: true, reason: '金额较大，确认重大' });
      expect(graded.gradeText).toBe('重大');
      expect((await sup('complaints/queue', {})).items[0].gradeText).toBe('重大');
    } finally {
      h.close();
    }
  });
});

describe('the demo data', () => {
  it('opens on a sensible mix: nothing overdue or escalated, fresh cases, one waiting for the member, one resolved', async () => {
    const h = await adminHarness('2026-11-05T02:00:00Z');
    try {
      const { seedDemoData } = await import('../../server/local/demoData');
      await seedDemoData(h.system.complaints);
      await runSlaMonitor(h.system.sla);
      const sup = await h.as('super01');
      const items: any[] = (await sup('complaints/queue', {})).items;
      expect(items.filter((i) => i.nextDue?.overdue)).toEqual([]);
      const statuses = items.map((i) => i.status);
      expect(statuses.filter((s) => s === 'submitted')).toHaveLength(2);
      expect(statuses).toContain('waitingForMember');
      for (const i of items) expect((await sup('complaints/detail', { id: i.id })).breaches).toEqual([]);
      const resolved = await h.system.complaints.store.listByMember('demo-member-alice', { limit: 20 });
      expect(resolved.items.filter((c) => c.status === 'resolved' && c.ratings.length === 0)).toHaveLength(1);
      expect(items.filter((i) => i.ownerId === 'staff-super-01')).toEqual([]); // nothing auto-escalated
    } finally {
      h.close();
    }
  });
});
