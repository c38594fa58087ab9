import { CONTENT_CHECK_MAX_CHARS, screenTexts, type ContentCheck } from '../../core/shared/contentSafety';

/** A scripted check (TEST DOUBLE of msgSecCheck) that records every call. */
const scripted = (answer: (text: string) => Promise<{ suggest: 'pass' | 'review' | 'risky'; label?: number }>) => {
  const calls: string[] = [];
  const check: ContentCheck = { check: async ({ text }) => (calls.push(text), answer(text)) };
  return { check, calls };
};
const now = new Date('2026-11-25T02:00:00Z');

describe('content safety screening (never refuses, flags for staff)', () => {
  it('returns no flag when every text passes, and skips empty texts', async () => {
    const s = scripted(async () => ({ suggest: 'pass' }));
    expect(await screenTexts(s.check, 'openid-a', { description: '理赔迟迟没有结果', note: '  ', other: undefined }, now)).toEqual([]);
    expect(s.calls).toEqual(['理赔迟迟没有结果']);
  });

  it('flags review and risky answers per field with the label and time', async () => {
    const s = scripted(async (t) => (t.includes('骂') ? { suggest: 'risky', label: 20001 } : { suggest: 'review', label: 21000 }));
    expect(await screenTexts(s.check, 'openid-a', { description: '骂人的话', information: '普通补充' }, now)).toEqual([
      { field: 'description', verdict: 'risky', label: 20001, checkedAt: now.toISOString() },
      { field: 'information', verdict: 'review', label: 21000, checkedAt: now.toISOString() },
    ]);
  });

  it('checks text longer than WeChat allows in pieces, by character, keeping the worst answer', async () => {
    const long = `${'好'.repeat(CONTENT_CHECK_MAX_CHARS)}坏`;
    const s = scripted(async (t) => (t === '坏' ? { suggest: 'risky', label: 1 } : { suggest: 'pass' }));
    expect(await screenTexts(s.check, 'openid-a', { description: long }, now)).toMatchObject([{ verdict: 'risky' }]);
    expect(s.calls.map((c) => Array.from(c).length)).toEqual([CONTENT_CHECK_MAX_CHARS, 1]);
  });

  it('records a check that failed or took too long as unchecked instead of throwing', async () => {
    const failing = scripted(async () => {
      throw new Error('-604101 no permission');
    });
    expect(await screenTexts(failing.check, 'openid-a', { description: 'x' }, now)).toEqual([
      { field: 'description', verdict: 'unchecked', checkedAt: now.toISOString(), note: '-604101 no permission' },
    ]);
    const slow = scripted(() => new Promise((r) => setTimeout(() => r({ suggest: 'pass' }), 200)));
    expect(await screenTexts(slow.check, 'openid-a', { description: 'x' }, now, 20)).toMatchObject([{ verdict: 'unchecked', note: 'content check took longer than 20 ms' }]);
  });

  it('does not screen cases staff logged for members without a WeChat identity', async () => {
    const s = scripted(async () => ({ suggest: 'risky' }));
    expect(await screenTexts(s.check, 'offline-13800000000', { description: 'x' }, now)).toEqual([]);
    expect(s.calls).toEqual([]);
  });
});
