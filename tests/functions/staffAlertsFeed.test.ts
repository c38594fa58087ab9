import { sha256 } from '../../adapters/hash';
import { sqliteEarlyWarningStore } from '../../adapters/sqlite/earlyWarningStore';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { EARLY_WARNING_POLICY } from '../../core/earlyWarning/policy';
import { runEarlyWarningWeek } from '../../core/earlyWarning/weeklyRun';
import { weekRange, weeksBefore } from '../../core/earlyWarning/weeks';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import type { StaffAlert } from '../../core/notifications/inbox';
import { adminHarness } from '../support/adminHarness';
import { countsOf, madeDrill, madeWeeklyCounts, type MadeComplaint } from '../support/earlyWarningFakes';

type H = Awaited<ReturnType<typeof adminHarness>>;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code?: string }) => e.code);
const SINCE = '2026-01-01T00:00:00.000Z';
let n = 0;
const key = () => `alerts-feed-${String(++n).padStart(8, '0')}`;

/** What a staff member's alert feed shows (the admin page polls these routes). */
const feed = async (h: H, username: string, route = 'alerts/list'): Promise<StaffAlert[]> => (await h.as(username))(route, { since: SINCE });
const ofArea = (alerts: StaffAlert[], area: string) => alerts.filter((a) => a.area === area).map((a) => [a.kind, a.title]);

/** The timer runs, the dispatcher files its staff alerts, as on the local system (`npm start`). */
const tick = async (h: H, at: string) => {
  h.clock.set(at);
  await runDeadlineWatches(h.system.deadlineWatches, h.clock.now());
  await dispatchOutbox(h.system.notify);
};

describe('staff alert feed: 整改台账 deadlines', () => {
  let h: H;
  beforeAll(async () => {
    h = await adminHarness('2026-11-02T02:00:00Z');
  });
  afterAll(() => h.close());

  it('shows the owner the warning and the breach, and the manager the escalation, each once, in their feed with the item to open', async () => {
    const qa = await h.as('qa01');
    const opened = await qa('ledger/open', {
      idempotencyKey: key(),
      title: '回访话术修订',
      description: '投诉根因：回访话术未说明复核途径',
      source: { kind: 'manual', ref: 'manual-feed-1' },
      ownerId: 'staff-agent-01',
      deadline: { workingDays: 10 },
    });
    const item = opened.item as { id: string; number: string; dueAt: string };
    const due = Date.parse(item.dueAt);
    const before = (ms: number) => new Date(due - ms).toISOString();
    const after = (ms: number) => new Date(due + ms).toISOString();

    await tick(h, before(5 * 86_400_000));
    expect(ofArea(await feed(h, 'agent01'), 'ledger')).toEqual([]);
    await tick(h, before(2 * 86_400_000));
    await tick(h, before(86_400_000));
    expect(ofArea(await feed(h, 'agent01'), 'ledger')).toEqual([['deadlineWarning', `整改事项即将到期：${item.number}`]]);
    expect((await feed(h, 'agent01')).find((a) => a.area === 'ledger')).toMatchObject({ subjectId: item.id, number: item.number, ownerId: 'staff-agent-01' });

    await tick(h, after(3_600_000));
    await tick(h, after(2 * 3_600_000));
    expect(ofArea(await feed(h, 'agent01'), 'ledger')).toEqual([
      ['deadlineBreached', `整改事项已逾期：${item.number}`],
      ['deadlineWarning', `整改事项即将到期：${item.number}`],
    ]);
    // Demo staff have no team: the breach goes up to the manager, who reads only alerts addressed to them.
    expect(ofArea(await feed(h, 'manager01', 'alerts/mine'), 'ledger')).toEqual([['escalated', `整改事项逾期升级：${item.number}`]]);
    expect(await codeOf((await h.as('manager01'))('alerts/list', {}))).toBe('AUTH.FORBIDDEN');
    // Nobody else is told of someone else's item, whatever feed they read.
    expect(ofArea(await feed(h, 'agent02'), 'ledger')).toEqual([]);
    expect(ofArea(await feed(h, 'super01'), 'ledger')).toEqual([]);
    expect(ofArea(await feed(h, 'comp01', 'alerts/mine'), 'ledger')).toEqual([]);
    expect(await codeOf((await h.as('partner01'))('alerts/mine', {}))).toBe('AUTH.FORBIDDEN');
  });
});

describe('staff alert feed: 风险预警', () => {
  let h: H;
  beforeAll(async () => {
    h = await adminHarness('2026-11-23T03:00:00Z'); // Monday 11:00 Shanghai: 2026-W47 is the week to run
  });
  afterAll(() => h.close());

  const WEEK = '2026-W47';
  /** Twelve quiet weeks of 3 claims complaints, then 16 in W47: one rise at least. */
  const complaints = (): MadeComplaint[] => {
    let k = 0;
    const made = (week: string, i: number): MadeComplaint => ({
      id: `cmp-${++k}`,
      number: `TS-${k}`,
      receivedAt: new Date(Date.parse(weekRange(week).from) + 3600_000 * (10 + i)).toISOString(),
      category: 'claims',
      channel: 'phone',
      memberId: `openid-m${k}`,
    });
    const out: MadeComplaint[] = [];
    for (const w of weeksBefore(WEEK, 12)) for (let i = 0; i < 3; i++) out.push(made(w, i));
    for (let i = 0; i < 16; i++) out.push(made(WEEK, i));
    return out;
  };

  it('announces each new alert once to every staff member who handles them, and nothing when a run finds the same alerts', async () => {
    const list = complaints();
    let id = 0;
    const deps = {
      counts: madeWeeklyCounts(countsOf(list, ['category', 'channel'])),
      drill: madeDrill(list),
      alerts: sqliteEarlyWarningStore(h.system.db),
      clock: h.clock,
      hash: sha256,
      policy: EARLY_WARNING_POLICY,
      notify: { staff: h.system.admin.staff, ids: { newId: () => `ew-feed-${++id}` } },
    };
    const first = await runEarlyWarningWeek(deps);
    expect(first.opened).toBeGreaterThan(0);
    await dispatchOutbox(h.system.notify);
    for (const u of ['manager01', 'comp01']) {
      const mine = (await feed(h, u, 'alerts/mine')).filter((a) => a.area === 'earlyWarning');
      expect(mine).toHaveLength(first.opened);
      expect(mine.every((a) => a.title.startsWith('新风险预警：') && a.kind === 'alertOpened')).toBe(true);
      expect(JSON.stringify(mine)).not.toContain('openid-');
    }
    for (const u of ['agent01', 'super01', 'ho01']) expect(ofArea(await feed(h, u), 'earlyWarning')).toEqual([]);

    // A run cut short before its record is run again: the alerts are there already, so nobody is told twice.
    h.system.db.prepare('DELETE FROM early_warning_runs').run();
    expect(await runEarlyWarningWeek(deps)).toMatchObject({ ran: true, opened: 0 });
    await dispatchOutbox(h.system.notify);
    expect((await feed(h, 'manager01', 'alerts/mine')).filter((a) => a.area === 'earlyWarning')).toHaveLength(first.opened);
  });
});

describe('staff alert feed: areas with a read permission', () => {
  let h: H;
  beforeAll(async () => {
    h = await adminHarness('2026-11-02T02:00:00Z');
  });
  afterAll(() => h.close());

  it('shows a 个人信息 request alert only to readers who may open privacy requests', async () => {
    await h.system.notify.inbox.addStaffAlert({
      id: 'privacy-alert-1',
      area: 'privacy',
      kind: 'requestFiled',
      subjectId: 'privacy-request-1',
      number: 'PR20261102-0001',
      title: '个人信息申请提醒：PR20261102-0001',
      summary: '会员申请删除个人信息',
      createdAt: '2026-11-02T02:00:00.000Z',
    });
    // 客服主管 and 总公司审批人 hold privacy.read; 客服专员 reads the feed but not privacy requests.
    expect(ofArea(await feed(h, 'super01'), 'privacy')).toHaveLength(1);
    expect(ofArea(await feed(h, 'ho01'), 'privacy')).toHaveLength(1);
    expect(ofArea(await feed(h, 'agent01'), 'privacy')).toEqual([]);
  });
});
