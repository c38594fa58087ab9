import { MEMBER_QUOTAS, takeUploadQuota } from '../../core/members/quotas';
import { httpStatusFor, type Caller } from '../../server/runtime/functionRuntime';
import { alice, bob, harness } from '../support/localHarness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const timer: Caller = { kind: 'timer' };

describe('uploadSlot: each area function names, counts and registers a cloud upload (local system)', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness('2026-11-02T06:00:00Z');
  });
  afterEach(() => h.close());

  const rows = () => h.system.db.prepare('SELECT cloud_path, owner, area, granted_at FROM upload_slots ORDER BY granted_at, cloud_path').all();

  it.each(['complaints', 'consultations', 'claims'])('%s.uploadSlot answers a path in the caller’s own area folder and registers it', async (area) => {
    const res: Json = await h.call(area, alice, { action: 'uploadSlot', data: { ext: 'JPG' } });
    expect(res.ok).toBe(true);
    expect(res.data.cloudPath).toMatch(new RegExp(`^members/openid-alice/${area}/[\\w-]{8,}\\.jpg$`));
    expect(rows()).toEqual([{ cloud_path: res.data.cloudPath, owner: 'openid-alice', area, granted_at: '2026-11-02T06:00:00.000Z' }]);
    const again: Json = await h.call(area, alice, { action: 'uploadSlot', data: { ext: 'jpg' } });
    expect(again.data.cloudPath).not.toBe(res.data.cloudPath);
  });

  it('refuses a caller who is not a member, registering nothing', async () => {
    const res: Json = await h.call('complaints', timer, { action: 'uploadSlot', data: { ext: 'png' } });
    expect(res.ok).toBe(false);
    expect(rows()).toEqual([]);
  });

  it('refuses an extension the server cannot check, in Chinese, registering and counting nothing', async () => {
    const res: Json = await h.call('complaints', alice, { action: 'uploadSlot', data: { ext: 'exe' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'UPLOAD.TYPE_NOT_ALLOWED', message: '只能上传 JPG、PNG、WebP 图片或 PDF 文件' } });
    expect(rows()).toEqual([]);
    // Nothing was counted: the member still has the whole day's uploads.
    for (let i = 0; i < MEMBER_QUOTAS.uploadsPerDay; i++) expect(((await h.call('claims', alice, { action: 'uploadSlot', data: { ext: 'pdf' } })) as Json).ok).toBe(true);
  });

  it("shares one daily count across the areas and the gateway's uploads: the next is refused with 429 and the quota's message", async () => {
    // Ten through the gateway's route (its quota call), the rest as slots across the three areas.
    for (let i = 0; i < 10; i++) await takeUploadQuota(h.system.members.members, 'openid-alice', 100, h.clock.now());
    const areas = ['complaints', 'consultations', 'claims'];
    for (let i = 0; i < MEMBER_QUOTAS.uploadsPerDay - 10; i++) {
      const r: Json = await h.call(areas[i % 3], alice, { action: 'uploadSlot', data: { ext: 'png' } });
      expect(r.ok).toBe(true);
    }
    const refused: Json = await h.call('consultations', alice, { action: 'uploadSlot', data: { ext: 'png' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', message: `今日已上传${MEMBER_QUOTAS.uploadsPerDay}个文件，已达每日上限，请明天再试` } });
    expect(httpStatusFor(refused.error.code)).toBe(429);
    expect(rows()).toHaveLength(MEMBER_QUOTAS.uploadsPerDay - 10);
    // Bob is counted on his own.
    expect(((await h.call('complaints', bob, { action: 'uploadSlot', data: { ext: 'png' } })) as Json).ok).toBe(true);
  });
});
