import { FAKE_CONTENT_MARKERS } from '../../adapters/wechat/contentSafety';
import type { MemberComplaintView, SubmitComplaintResponse } from '../../typings/api';
import { adminHarness } from '../support/adminHarness';
import { dispatch } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { alice, validSubmit } from '../support/localHarness';

type H = Awaited<ReturnType<typeof adminHarness>>;
/** The member's side of the same system: the complaints function as the mini-program calls it. */
const asMember = (h: H, event: unknown) => dispatch(h.system.functions.complaints.table, h.system.functions.complaints.deps as never, alice, event, silentLogger);

/** Through the complaints function and the admin API, with the labelled fake of msgSecCheck. */
describe('content safety on complaints', () => {
  const submitWith = (description: string, key = 'key-content-0000001') => ({ ...validSubmit(key), data: { ...validSubmit(key).data, description } });

  it('accepts a complaint whose words are flagged, shows staff the flag and the member nothing of it', async () => {
    const h = await adminHarness();
    try {
      const r = (await asMember(h, submitWith(`你们的客服态度极差${FAKE_CONTENT_MARKERS.risky}，我要投诉`))) as { ok: boolean; data: SubmitComplaintResponse };
      expect(r.ok).toBe(true);
      expect(r.data.complaint.description).toContain('我要投诉');
      expect(JSON.stringify(r.data)).not.toMatch(/contentFlags|含风险内容|verdict/);
      const agent = await h.as('agent01');
      const detail = await agent('complaints/detail', { id: r.data.complaint.id });
      expect(detail.contentFlags).toEqual([expect.objectContaining({ field: 'description', fieldLabel: '投诉内容', verdict: 'risky', verdictLabel: '含风险内容' })]);
    } finally {
      h.close();
    }
  });

  it('records an unavailable check as unchecked and still files the complaint; a clean text carries no flag', async () => {
    const h = await adminHarness();
    try {
      const flagged = (await asMember(h, submitWith(`理赔拖了三个月没有结果${FAKE_CONTENT_MARKERS.unavailable}`))) as { data: SubmitComplaintResponse };
      const clean = (await asMember(h, submitWith('理赔拖了三个月没有任何结果', 'key-content-0000002'))) as { data: SubmitComplaintResponse };
      expect((await h.system.complaints.store.get(flagged.data.complaint.id))!.contentFlags).toMatchObject([{ verdict: 'unchecked' }]);
      expect((await h.system.complaints.store.get(clean.data.complaint.id))!.contentFlags).toBeUndefined();
    } finally {
      h.close();
    }
  });

  it("flags a member's later text (added information) on the same case, keeping earlier flags", async () => {
    const h = await adminHarness();
    try {
      const r = (await asMember(h, submitWith(`第一次说明${FAKE_CONTENT_MARKERS.review}，请尽快处理`))) as { data: SubmitComplaintResponse };
      const agent = await h.as('agent01');
      const c = await agent('complaints/detail', { id: r.data.complaint.id });
      await agent('complaints/acknowledge', { id: c.id, version: c.version });
      const c2 = await agent('complaints/detail', { id: c.id });
      await agent('complaints/requestInformation', { id: c.id, version: c2.version, text: '请提供通话时间' });
      const added = (await asMember(h, { action: 'addInformation', data: { id: c.id, text: `通话在上午十点${FAKE_CONTENT_MARKERS.risky}` } })) as { ok: boolean; data: MemberComplaintView };
      expect(added.ok).toBe(true);
      const after = await agent('complaints/detail', { id: c.id });
      expect(after.contentFlags.map((f: { field: string; verdict: string }) => [f.field, f.verdict])).toEqual([
        ['description', 'review'],
        ['information', 'risky'],
      ]);
    } finally {
      h.close();
    }
  });
});
