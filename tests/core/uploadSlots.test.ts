import { MEMBER_QUOTAS, takeUploadQuota, type LimitTaker } from '../../core/members/quotas';
import type { LimitRule } from '../../core/members/ports';
import { isDomainError, type DomainError } from '../../core/shared/errors';
import { fixedClock } from '../../core/shared/ports';
import { grantUploadSlot, uploadSlotDepsOf, type UploadSlot, type UploadSlotDeps } from '../../core/shared/uploadSlots';
import { httpStatusFor } from '../../server/runtime/functionRuntime';
import { sequentialIds } from '../support/fixtures';

/** A counter per key with the store's contract: all rules or none, the spent rule's key when refused. */
const countingLimits = () => {
  const counts = new Map<string, number>();
  const taker: LimitTaker = {
    takeLimits: async (rules: LimitRule[]) => {
      const hit = rules.find((r) => (counts.get(r.key) ?? 0) + (r.cost ?? 1) > r.max);
      if (hit) return hit.key;
      for (const r of rules) counts.set(r.key, (counts.get(r.key) ?? 0) + (r.cost ?? 1));
      return null;
    },
  };
  return { taker, counts };
};

const setup = () => {
  const slots: UploadSlot[] = [];
  const limits = countingLimits();
  const clock = fixedClock('2026-11-02T06:00:00Z');
  const deps: UploadSlotDeps = { register: { register: async (s) => void slots.push(s) }, limits: limits.taker, ids: sequentialIds('f'), clock };
  return { deps, slots, limits, clock };
};

const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isDomainError(e)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
};

describe('upload slots: the server names, counts and registers each cloud upload', () => {
  it('names the path members/<openid>/<area>/<new id>.<ext> and registers owner, area and time', async () => {
    const { deps, slots, clock } = setup();
    const a = await grantUploadSlot(deps, 'openid-alice', 'complaints', { ext: 'png' });
    clock.advance(60_000);
    const b = await grantUploadSlot(deps, 'openid-alice', 'claims', { ext: 'PDF' });
    expect(a).toEqual({ cloudPath: 'members/openid-alice/complaints/f000001.png' });
    expect(b).toEqual({ cloudPath: 'members/openid-alice/claims/f000002.pdf' });
    expect(slots).toEqual([
      { cloudPath: a.cloudPath, owner: 'openid-alice', area: 'complaints', grantedAt: new Date('2026-11-02T06:00:00Z') },
      { cloudPath: b.cloudPath, owner: 'openid-alice', area: 'claims', grantedAt: new Date('2026-11-02T06:01:00Z') },
    ]);
  });

  it.each(['jpg', 'jpeg', 'png', 'webp', 'pdf'])('takes %s (a kind the server can sniff)', async (ext) => {
    const { deps } = setup();
    expect((await grantUploadSlot(deps, 'openid-alice', 'consultations', { ext })).cloudPath).toMatch(new RegExp(`^members/openid-alice/consultations/[\\w-]+\\.${ext}$`));
  });

  it.each([
    ['a GIF', { ext: 'gif' }, 'UPLOAD.TYPE_NOT_ALLOWED'],
    ['an HTML page', { ext: 'html' }, 'UPLOAD.TYPE_NOT_ALLOWED'],
    ['a path in the extension', { ext: '../x' }, 'UPLOAD.TYPE_NOT_ALLOWED'],
    ['no extension', {}, 'REQUEST.INVALID'],
    ['an empty one', { ext: '' }, 'REQUEST.INVALID'],
    ['a number', { ext: 5 }, 'REQUEST.INVALID'],
    ['a chosen path smuggled in', { ext: 'png', cloudPath: 'members/openid-bob/complaints/x.png' }, 'REQUEST.INVALID'],
  ])('refuses %s in Chinese, counting and writing nothing', async (_what, raw, code) => {
    const { deps, slots, limits } = setup();
    const e = await refusal(grantUploadSlot(deps, 'openid-alice', 'complaints', raw));
    expect(e.code).toBe(code);
    expect(e.memberMessage).toMatch(/[\u4e00-\u9fa5]/);
    expect(slots).toEqual([]);
    expect(limits.counts.size).toBe(0);
  });

  it("counts against the day's uploads: the 31st is refused with the upload quota's message (429) and not registered", async () => {
    const { deps, slots, clock } = setup();
    for (let i = 0; i < MEMBER_QUOTAS.uploadsPerDay; i++) await grantUploadSlot(deps, 'openid-alice', 'complaints', { ext: 'jpg' });
    const e = await refusal(grantUploadSlot(deps, 'openid-alice', 'complaints', { ext: 'jpg' }));
    expect(e.code).toBe('RATE.LIMITED');
    expect(httpStatusFor(e.code)).toBe(429);
    expect(e.memberMessage).toBe(`今日已上传${MEMBER_QUOTAS.uploadsPerDay}个文件，已达每日上限，请明天再试`);
    expect(slots).toHaveLength(MEMBER_QUOTAS.uploadsPerDay);
    // Another member is counted on their own; the next Shanghai day starts a new count.
    await grantUploadSlot(deps, 'openid-bob', 'complaints', { ext: 'jpg' });
    clock.set('2026-11-02T16:00:00Z');
    await grantUploadSlot(deps, 'openid-alice', 'complaints', { ext: 'jpg' });
    expect(slots).toHaveLength(MEMBER_QUOTAS.uploadsPerDay + 2);
  });

  it('shares the gateway upload count: the same quota key as a local upload', async () => {
    const { deps, limits } = setup();
    await grantUploadSlot(deps, 'openid-alice', 'complaints', { ext: 'jpg' });
    await takeUploadQuota(limits.taker, 'openid-alice', 1000, deps.clock.now());
    expect(limits.counts.get('quota:upload:day:openid-alice:2026-11-02')).toBe(2);
    expect(limits.counts.get('quota:uploadBytes:day:openid-alice:2026-11-02')).toBe(1000);
  });

  it('refuses to grant from a function built without the register (a wiring fault, not a member error)', () => {
    const { deps } = setup();
    expect(() => uploadSlotDepsOf({ ids: deps.ids, clock: deps.clock })).toThrow(/uploadSlots/);
    expect(uploadSlotDepsOf({ uploadSlots: { register: deps.register, limits: deps.limits }, ids: deps.ids, clock: deps.clock }).register).toBe(deps.register);
  });
});
