import { BINDING_LIMITS } from '../../core/members/deps';
import { MEMBER_QUOTAS, takeUploadQuota } from '../../core/members/quotas';
import { dispatch, httpStatusFor } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { alice, bob, harness, validSubmit } from '../support/localHarness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const key = (n: number) => `quota-key-${String(n).padStart(10, '0')}`;

describe('member quotas (MEMBER_QUOTAS, counted on the member store)', () => {
  it('is data: submits per hour and day, uploads per day and bytes, and the binding limits in the same table', () => {
    expect(MEMBER_QUOTAS).toMatchObject({ submitsPerHour: expect.any(Number), submitsPerDay: expect.any(Number), uploadsPerDay: expect.any(Number), uploadBytesPerDay: expect.any(Number) });
    expect(MEMBER_QUOTAS.binding).toBe(BINDING_LIMITS);
    expect(httpStatusFor('RATE.LIMITED')).toBe(429);
  });

  it('refuses the submit past the hourly limit with RATE.LIMITED, says when in Chinese, writes nothing; the next hour it goes through', async () => {
    const h = harness('2026-11-02T06:10:00Z'); // 14:10 in Shanghai
    try {
      for (let i = 0; i < MEMBER_QUOTAS.submitsPerHour; i++) expect((await h.call('complaints', alice, validSubmit(key(i)))).ok).toBe(true);
      const before = h.counts();
      const refused: Json = await h.call('complaints', alice, validSubmit(key(99)));
      expect(refused.ok).toBe(false);
      expect(refused.error.code).toBe('RATE.LIMITED');
      expect(refused.error.message).toContain(`每小时最多提交${MEMBER_QUOTAS.submitsPerHour}件投诉`);
      expect(refused.error.message).toContain('15:00 后再试');
      expect(refused.error.retryAfterSeconds).toBe(50 * 60);
      expect(h.counts()).toEqual(before);
      // Another member is not affected; a retry of an earlier submit (same key) is not a new submit.
      expect((await h.call('complaints', bob, validSubmit(key(0)))).ok).toBe(true);
      const retry: Json = await h.call('complaints', alice, validSubmit(key(0)));
      expect(retry.ok).toBe(true);
      expect(retry.data.created).toBe(false);
      h.clock.set('2026-11-02T07:00:00Z'); // 15:00: a new hour
      expect((await h.call('complaints', alice, validSubmit(key(99)))).ok).toBe(true);
    } finally {
      h.close();
    }
  });

  it('refuses past the daily limit until tomorrow (00:00 Shanghai)', async () => {
    const h = harness('2026-11-02T00:30:00Z'); // 08:30 in Shanghai
    try {
      let n = 0;
      for (let hour = 0; n < MEMBER_QUOTAS.submitsPerDay; hour++) {
        h.clock.set(new Date(Date.parse('2026-11-02T00:30:00Z') + hour * 3600_000).toISOString());
        for (let i = 0; i < MEMBER_QUOTAS.submitsPerHour && n < MEMBER_QUOTAS.submitsPerDay; i++) expect((await h.call('complaints', alice, validSubmit(key(n++)))).ok).toBe(true);
      }
      h.clock.set('2026-11-02T15:00:00Z'); // 23:00, a fresh hour
      const refused: Json = await h.call('complaints', alice, validSubmit(key(500)));
      expect(refused.error.code).toBe('RATE.LIMITED');
      expect(refused.error.message).toContain('已达每日上限');
      expect(refused.error.message).toContain('请明天再试');
      expect(refused.error.retryAfterSeconds).toBe(3600);
      h.clock.set('2026-11-02T16:00:00Z'); // 00:00 on 11-03
      expect((await h.call('complaints', alice, validSubmit(key(500)))).ok).toBe(true);
    } finally {
      h.close();
    }
  });

  it('parallel submits get no more than the limit', async () => {
    const h = harness();
    try {
      const replies: Json[] = await Promise.all(Array.from({ length: 12 }, (_, i) => h.call('complaints', alice, validSubmit(key(i)))));
      expect(replies.filter((r) => r.ok)).toHaveLength(MEMBER_QUOTAS.submitsPerHour);
      expect(replies.filter((r) => !r.ok).every((r) => r.error.code === 'RATE.LIMITED')).toBe(true);
      expect(h.counts().complaints).toBe(MEMBER_QUOTAS.submitsPerHour);
    } finally {
      h.close();
    }
  });

  it('counts uploads per day by number and by bytes, atomically', async () => {
    const h = harness('2026-11-02T06:00:00Z');
    try {
      const limits = h.system.members.members;
      const now = () => h.clock.now();
      const mb = 1024 * 1024;
      // Bytes: 5 MB uploads fill the byte allowance before the count.
      const fits = Math.floor(MEMBER_QUOTAS.uploadBytesPerDay / (5 * mb));
      for (let i = 0; i < fits; i++) await takeUploadQuota(limits, 'openid-alice', 5 * mb, now());
      await expect(takeUploadQuota(limits, 'openid-alice', 5 * mb, now())).rejects.toMatchObject({ code: 'RATE.LIMITED', memberMessage: expect.stringContaining('MB上限') });
      // A small file still fits in what is left (a refusal counted nothing).
      const left = MEMBER_QUOTAS.uploadBytesPerDay - fits * 5 * mb;
      if (left > 0) await takeUploadQuota(limits, 'openid-alice', Math.min(left, 1000), now());
      // Count: many small files.
      for (let i = 0; i < MEMBER_QUOTAS.uploadsPerDay; i++) await takeUploadQuota(limits, 'openid-bob', 1000, now());
      await expect(takeUploadQuota(limits, 'openid-bob', 1000, now())).rejects.toMatchObject({
        code: 'RATE.LIMITED',
        memberMessage: `今日已上传${MEMBER_QUOTAS.uploadsPerDay}个文件，已达每日上限，请明天再试`,
      });
      h.clock.set('2026-11-02T16:00:00Z'); // the next day in Shanghai
      await takeUploadQuota(limits, 'openid-bob', 1000, now());
    } finally {
      h.close();
    }
  });
});

describe('readable numbers past 9,999 a day', () => {
  it('grow to five digits and are found by staff search, exact and without leading zeros', async () => {
    const h = await adminHarness('2026-11-02T06:00:00Z');
    const memberCall = (fn: string, who: typeof alice, event: unknown) => {
      const entry = h.system.functions[fn];
      return dispatch(entry.table, entry.deps as never, who, event, silentLogger);
    };
    try {
      const one: Json = await h.system.complaints.store.nextSequence('complaint:20261102'); // 1
      expect(one).toBe(1);
      const made: Json = await memberCall('complaints', alice, validSubmit(key(1)));
      expect(made.data.complaint.number).toBe('TS20261102-0002');
      for (let i = 3; i <= 9999; i++) await h.system.complaints.store.nextSequence('complaint:20261102');
      const big: Json = await memberCall('complaints', bob, validSubmit(key(2)));
      expect(big.data.complaint.number).toBe('TS20261102-10000');
      const agent = await h.as('agent01');
      for (const q of ['TS20261102-10000', 'ts20261102-10000', ' TS20261102-10000 ']) {
        const found = await agent('complaints/search', { q });
        expect(found.items.map((c: Json) => c.number)).toEqual(['TS20261102-10000']);
      }
      expect((await agent('complaints/search', { q: 'TS20261102-2' })).items.map((c: Json) => c.number)).toEqual(['TS20261102-0002']);
      expect((await agent('complaints/search', { q: 'TS20261102-0002' })).items.map((c: Json) => c.number)).toEqual(['TS20261102-0002']);
    } finally {
      h.close();
    }
  });
});
