import fs from 'node:fs';
import path from 'node:path';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';

/**
 * Privacy requests tell people what happened: the member in the message centre (no subscribe template
 * exists for privacy, so nothing is pushed), staff by alerts from the one deadline timer.
 */
const HOLIDAYS_2027 = fs.readFileSync(path.join(__dirname, '../../scripts/samples/holiday-notice-example.csv'), 'utf8');
const visitor: Caller = { kind: 'member', openid: 'openid-visitor' };
type H = Awaited<ReturnType<typeof adminHarness>>;

const members = async (h: H, action: string, data?: unknown) => {
  const fn = h.system.functions.members;
  const res = (await dispatch(fn.table, fn.deps as never, visitor, data === undefined ? { action } : { action, data }, silentLogger)) as { ok: boolean; data: any; error?: unknown };
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const correction = async (h: H) => {
  await members(h, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
  return (await members(h, 'requestCorrection', { field: 'name', detail: '我的姓名登记有误，请更正' })).request ?? (await members(h, 'myPrivacyRequests')).items[0];
};
const inbox = (h: H) => h.system.admin.inbox.listMemberMessages('openid-visitor', 10);

describe('privacy notices', () => {
  it("files the staff decision in the member's message centre, titled by the request, opening 我的数据", async () => {
    const h = await adminHarness('2026-11-25T02:00:00Z');
    try {
      const req = await correction(h);
      const comp = await h.as('comp01');
      const open = (await comp('privacy/queue', {})).items[0];
      await comp('privacy/refuse', { id: open.id, version: open.version ?? 1, reason: '经核对登记信息无误，不予更正' });
      const report = await dispatchOutbox(h.system.notify);
      expect(report).toMatchObject({ sent: 0, skipped: 1 });
      expect(await inbox(h)).toEqual([
        expect.objectContaining({ title: `更正申请未予办理 · ${req.number}`, body: '更正申请未予办理：经核对登记信息无误，不予更正', page: 'packages/members/pages/my-data/my-data' }),
      ]);
      expect(h.system.db.prepare("SELECT COUNT(*) n FROM sandbox_messages").get()).toEqual({ n: 0 });
    } finally {
      h.close();
    }
  });

  it('warns staff two days before a request falls due and once more when it is overdue, each once', async () => {
    const h = await adminHarness('2026-11-25T02:00:00Z');
    try {
      const req = await correction(h);
      const due = Date.parse(req.dueAt ?? (await h.system.privacy.records.getRequest(req.id))!.dueAt);
      const scan = async (at: number) => {
        h.clock.set(new Date(at).toISOString());
        await runDeadlineWatches(h.system.deadlineWatches, h.clock.now());
        await dispatchOutbox(h.system.notify);
        return (await h.system.admin.inbox.recentStaffAlerts('2026-01-01T00:00:00Z', 20)).filter((a) => a.area === 'privacy');
      };
      expect(await scan(due - 49 * 3600_000)).toEqual([]);
      expect(await scan(due - 47 * 3600_000)).toEqual([expect.objectContaining({ kind: 'deadlineWarning', subjectId: req.id, title: `个人信息申请即将到期：${req.number}` })]);
      expect(await scan(due - 46 * 3600_000)).toHaveLength(1);
      const after = await scan(due + 60_000);
      expect(after.map((a) => a.kind).sort()).toEqual(['deadlineBreached', 'deadlineWarning']);
      expect(await scan(due + 3600_000)).toHaveLength(2);
      expect(await h.system.privacy.records.getRequest(req.id)).toMatchObject({ warnedAt: expect.any(String), breachedAt: expect.any(String) });
    } finally {
      h.close();
    }
  });

  it('tells the member when a holiday notice moves their due date', async () => {
    // 2026-12-20: 15 working days run into January 2027, which the built-in calendar does not know.
    const h = await adminHarness('2026-12-20T02:00:00Z');
    try {
      const req = await correction(h);
      const comp = await h.as('comp01');
      await comp('calendar/import', { csv: HOLIDAYS_2027, year: 2027, source: '示例', dryRun: false });
      await dispatchOutbox(h.system.notify);
      const saved = await h.system.privacy.records.getRequest(req.id);
      expect(saved).toMatchObject({ dueProvisional: false });
      const messages = await inbox(h);
      expect(messages.map((m) => m.body)).toEqual([expect.stringMatching(/^国务院2027年节假日安排已公布，答复期限调整为2027年1月\d+日（当日24时前）$/)]);
    } finally {
      h.close();
    }
  });
});
