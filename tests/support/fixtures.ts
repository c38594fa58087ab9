import { sha256 } from '../../adapters/hash';
import { aesGcmBox } from '../../adapters/crypto/secretBox';
import { fakeContentCheck } from '../../adapters/wechat/contentSafety';
import { chinaCalendar } from '../../core/calendar/chinaCalendar';
import type { MemberComplaintDeps } from '../../core/complaints/deps';
import { openComplaint, type LifecycleContext, type NewComplaintInput } from '../../core/complaints/lifecycle';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import type { ComplaintStore } from '../../core/complaints/ports';
import { fixedClock } from '../../core/shared/ports';

/** Sequential ids: readable in failures, unique within a test. */
export const sequentialIds = (prefix = 'id') => {
  let n = 0;
  return { newId: () => `${prefix}${String(++n).padStart(6, '0')}` };
};

export { sha256 };

/** A fixed-key box for the complaint texts' sealed originals (personalTexts.ts). */
export const testBox = aesGcmBox(Buffer.alloc(32, 7));

export const testDeps = (store: ComplaintStore, at = '2026-11-02T06:00:00Z') => {
  const clock = fixedClock(at);
  const deps: MemberComplaintDeps = {
    store,
    clock,
    ids: sequentialIds(),
    calendar: chinaCalendar,
    policy: defaultComplaintPolicy,
    hash: sha256,
    contentCheck: fakeContentCheck,
    // Core tests run without quotas and with no stored files (tests/functions cover both).
    limits: { takeLimits: async () => null },
    files: { head: async () => null, remove: async () => undefined, link: async () => 'about:blank' },
    box: testBox,
  };
  return { deps, clock };
};

export const ctxAt = (iso: string, ids = sequentialIds('e')): LifecycleContext => ({
  now: new Date(iso),
  calendar: chinaCalendar,
  policy: defaultComplaintPolicy,
  newId: ids.newId,
});

export const agent = { kind: 'staff' as const, id: 'staff-agent-1', role: 'agent' as const };
export const agent2 = { kind: 'staff' as const, id: 'staff-agent-2', role: 'agent' as const };
export const supervisor = { kind: 'staff' as const, id: 'staff-super-1', role: 'supervisor' as const };
export const headOffice = { kind: 'staff' as const, id: 'staff-ho-1', role: 'headOffice' as const };
export const member = (id = 'openid-alice') => ({ kind: 'member' as const, id });

export const newComplaintInput = (overrides: Partial<NewComplaintInput> = {}): NewComplaintInput => ({
  id: 'c-0001-aaaa',
  number: 'TS20261102-0001',
  memberId: 'openid-alice',
  channel: 'miniprogram',
  receivedAt: new Date('2026-11-02T06:00:00Z'),
  category: 'service',
  description: '理赔电话一直无人接听，等了两个小时',
  attachments: [],
  factors: {
    vulnerableMember: false,
    mediaInvolved: false,
    regulatorInvolved: false,
    repeatComplaint: false,
    urgent: false,
  },
  ...overrides,
});

export const sampleComplaint = (ctx: LifecycleContext, overrides: Partial<NewComplaintInput> = {}) =>
  openComplaint(ctx, newComplaintInput({ receivedAt: ctx.now, ...overrides })).complaint;
