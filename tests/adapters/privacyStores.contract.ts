import type { AuditLog } from '../../core/audit/chain';
import type { BindingChallenge, MemberStore } from '../../core/members/ports';
import type { ConsentEvent, ExportVerification, PrivacyRequest } from '../../core/privacy/model';
import type { PrivacyStore } from '../../core/privacy/ports';
import type { InboxStore } from '../../core/notifications/inbox';
import type { SubscriptionStore } from '../../core/notifications/subscriptions';

export interface PrivacyStoreUnderTest {
  privacy: PrivacyStore;
  audit: AuditLog;
  inbox: InboxStore;
  subscriptions: SubscriptionStore;
  /** The member store on the same database: binding challenges and rate-limit counters a deletion erases. */
  members: MemberStore;
  close?(): void;
}

const consent = (id: string, memberId: string, at: string, action: ConsentEvent['action'] = 'given'): ConsentEvent => ({
  id,
  memberId,
  kind: 'general',
  action,
  noticeVersion: '2026.11',
  at,
});

const request = (id: string, over: Partial<PrivacyRequest> = {}): PrivacyRequest => ({
  id,
  number: `YS20260928-${id.toUpperCase()}`,
  memberId: 'openid-alice',
  kind: 'deletion',
  status: 'received',
  receivedAt: '2026-09-28T02:00:00.000Z',
  dueAt: '2026-10-23T16:00:00.000Z',
  dueProvisional: false,
  memberMasked: { kind: 'bound', name: '张*敏', phone: '138****8000' },
  version: 1,
  updatedAt: '2026-09-28T02:00:00.000Z',
  ...over,
});

const audit = (subjectId: string, action = 'privacy.request.deletion') => ({ actorId: 'openid-alice', actorRole: 'member', action, subjectType: 'privacyRequest', subjectId });

const verification = (over: Partial<ExportVerification> = {}): ExportVerification => ({
  id: 'v-0001',
  memberId: 'openid-alice',
  phoneIndex: 'idx',
  codeHash: 'hash',
  expiresAt: '2026-09-28T02:05:00.000Z',
  wrongAttempts: 0,
  createdAt: '2026-09-28T02:00:00.000Z',
  ...over,
});

/** What every PrivacyStore does, whatever database is behind it. */
export const privacyStoreContract = (make: () => Promise<PrivacyStoreUnderTest>) => {
  let s: PrivacyStoreUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(() => s.close?.());

  it('keeps consent events append-only, per member and in time order, each batch with its audit entry', async () => {
    await s.privacy.appendConsents([consent('c2', 'openid-alice', '2026-09-28T03:00:00.000Z', 'withdrawn')], audit('openid-alice', 'privacy.consent.general.withdrawn'));
    await s.privacy.appendConsents([consent('c1', 'openid-alice', '2026-09-28T02:00:00.000Z'), consent('c3', 'openid-bob', '2026-09-28T02:30:00.000Z')], audit('x'));
    expect((await s.privacy.consentsOf('openid-alice')).map((e) => e.id)).toEqual(['c1', 'c2']);
    expect(await s.privacy.consentsOf('openid-bob')).toEqual([consent('c3', 'openid-bob', '2026-09-28T02:30:00.000Z')]);
    expect(await s.audit.list({ limit: 10 })).toHaveLength(2);
  });

  it('creates a request with its audit entry and reads it back whole', async () => {
    await s.privacy.createRequest(request('r1', { deletionReason: '不再使用' }), audit('r1'));
    expect(await s.privacy.getRequest('r1')).toEqual(request('r1', { deletionReason: '不再使用' }));
    expect(await s.privacy.getRequest('nope')).toBeNull();
    expect((await s.audit.list({ limit: 10 })).map((e) => e.subjectId)).toEqual(['r1']);
  });

  it('refuses a second open request of the same kind for a member, even in parallel, and writes none of it', async () => {
    const results = await Promise.allSettled([s.privacy.createRequest(request('r1'), audit('r1')), s.privacy.createRequest(request('r2'), audit('r2'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'PRIVACY.REQUEST_OPEN' } });
    expect(await s.privacy.requestsOf('openid-alice', 10)).toHaveLength(1);
    expect(await s.audit.list({ limit: 10 })).toHaveLength(1);
    // Another kind, another member, or a completed export are not blocked.
    await s.privacy.createRequest(request('r3', { kind: 'correction' }), audit('r3'));
    await s.privacy.createRequest(request('r4', { memberId: 'openid-bob' }), audit('r4'));
    await s.privacy.createRequest(request('r5', { kind: 'export', status: 'completed' }), audit('r5'));
    await s.privacy.createRequest(request('r6', { kind: 'export', status: 'completed' }), audit('r6'));
    expect(await s.privacy.requestsOf('openid-alice', 10)).toHaveLength(4);
  });

  it('updates on the version read, refuses a stale one, and frees the open slot when a request closes', async () => {
    await s.privacy.createRequest(request('r1'), audit('r1'));
    const done = request('r1', { status: 'completed', version: 2, completedAt: '2026-10-09T02:00:00.000Z' });
    await s.privacy.updateRequest(done, 1, audit('r1', 'privacy.complete'));
    await expect(s.privacy.updateRequest(request('r1', { status: 'refused', version: 2 }), 1, audit('r1', 'privacy.refuse'))).rejects.toMatchObject({
      code: 'PRIVACY.VERSION_CONFLICT',
    });
    expect(await s.privacy.getRequest('r1')).toEqual(done);
    expect((await s.audit.list({ limit: 10 })).map((e) => e.action)).toEqual(['privacy.complete', 'privacy.request.deletion']); // newest first
    await s.privacy.createRequest(request('r2', { receivedAt: '2026-10-10T02:00:00.000Z' }), audit('r2'));
    expect((await s.privacy.requestsOf('openid-alice', 10)).map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('serves the staff queue by status, earliest due first, in keyset pages', async () => {
    const dues = ['2026-10-23T16:00:00.000Z', '2026-10-20T16:00:00.000Z', '2026-10-23T16:00:00.000Z', '2026-10-30T16:00:00.000Z', '2026-10-21T16:00:00.000Z'];
    for (const [i, dueAt] of dues.entries()) await s.privacy.createRequest(request(`r${i + 1}`, { memberId: `openid-${i}`, dueAt }), audit(`r${i + 1}`));
    await s.privacy.createRequest(request('r9', { memberId: 'openid-9', kind: 'export', status: 'completed', dueAt: '2026-10-01T16:00:00.000Z' }), audit('r9'));
    const first = await s.privacy.queue('received', { limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual(['r2', 'r5']);
    const second = await s.privacy.queue('received', { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((r) => r.id)).toEqual(['r1', 'r3']);
    const third = await s.privacy.queue('received', { limit: 2, cursor: second.nextCursor });
    expect(third.items.map((r) => r.id)).toEqual(['r4']);
    expect(third.nextCursor).toBeUndefined();
    expect((await s.privacy.queue('completed', { limit: 10 })).items.map((r) => r.id)).toEqual(['r9']);
    expect((await s.privacy.listOpen({ limit: 3 })).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect((await s.privacy.listOpen({ after: 'r3', limit: 10 })).map((r) => r.id)).toEqual(['r4', 'r5']);
  });

  it('settles an export code in one step: the verdict\'s record is written, the newest code is the one judged', async () => {
    await s.privacy.putVerification(verification({ id: 'v-old', createdAt: '2026-09-28T01:00:00.000Z' }));
    await s.privacy.putVerification(verification());
    const wrong = await s.privacy.settleVerification('openid-alice', (v) => ({ pass: false, verification: { ...v!, wrongAttempts: v!.wrongAttempts + 1 }, error: new Error('wrong') }));
    expect(wrong.pass).toBe(false);
    const seen: (ExportVerification | null)[] = [];
    await s.privacy.settleVerification('openid-alice', (v) => (seen.push(v), { pass: true, verification: { ...v!, usedAt: '2026-09-28T02:01:00.000Z' } }));
    expect(seen[0]).toMatchObject({ id: 'v-0001', wrongAttempts: 1 });
    await s.privacy.settleVerification('openid-alice', (v) => (seen.push(v), { pass: false, error: new Error('used') }));
    expect(seen[1]).toMatchObject({ id: 'v-0001', usedAt: '2026-09-28T02:01:00.000Z' });
    await s.privacy.settleVerification('openid-bob', (v) => (seen.push(v), { pass: false, error: new Error('none') }));
    expect(seen[2]).toBeNull();
  });

  it('erases the member\'s messages and subscription credits, and only theirs', async () => {
    for (const [i, memberId] of ['openid-alice', 'openid-alice', 'openid-bob'].entries())
      await s.inbox.addMemberMessage({ id: `m${i}`, memberId, subjectId: 'c1', title: '投诉进度', body: '已受理', page: '/pages/messages/messages', createdAt: '2026-09-28T02:00:00.000Z' });
    await s.subscriptions.grant('openid-alice', 'tpl-1', new Date('2026-09-28T02:00:00Z'));
    await s.subscriptions.grant('openid-bob', 'tpl-1', new Date('2026-09-28T02:00:00Z'));
    expect(await s.privacy.eraseMemberData('openid-alice')).toMatchObject({ messages: 2, subscriptions: 1 });
    expect(await s.inbox.listMemberMessages('openid-alice', 10)).toEqual([]);
    expect(await s.inbox.listMemberMessages('openid-bob', 10)).toHaveLength(1);
    expect(await s.subscriptions.balance('openid-bob')).toEqual({ 'tpl-1': 1 });
    expect(await s.privacy.eraseMemberData('openid-alice')).toMatchObject({ messages: 0, subscriptions: 0 });
  });

  it("erases the member's binding challenges and the rate-limit counters keyed by them, and nobody else's", async () => {
    const challenge = (memberId: string, policyNo: string): BindingChallenge => ({
      id: `ch-${memberId}-${policyNo}`,
      memberId,
      policyNo,
      phoneIndex: 'idx-138',
      codeHash: 'hash',
      expiresAt: '2026-09-28T02:05:00.000Z',
      wrongAttempts: 0,
      createdAt: '2026-09-28T02:00:00.000Z',
    });
    await s.members.putChallenge(challenge('openid-alice', 'P1'));
    await s.members.putChallenge(challenge('openid-alice', 'P2'));
    await s.members.putChallenge(challenge('openid-bob', 'P1'));
    const now = new Date('2026-09-28T02:00:00Z');
    const DAY = 24 * 3600_000;
    // Two counters about alice, one about bob, and two that are about a phone and a policy (no member: they stay).
    await s.members.takeLimits([{ key: 'bind:member:openid-alice:2026-09-28', max: 1, windowMs: DAY, memberId: 'openid-alice' }], now);
    await s.members.takeLimits([{ key: 'privacy:export:openid-alice:2026-09-28', max: 1, windowMs: DAY, memberId: 'openid-alice' }], now);
    await s.members.takeLimits([{ key: 'bind:member:openid-bob:2026-09-28', max: 1, windowMs: DAY, memberId: 'openid-bob' }], now);
    await s.members.takeLimits([{ key: 'sms:gap:idx-138', max: 1, windowMs: DAY }, { key: 'bind:policy:P1:2026-09-28', max: 1, windowMs: DAY }], now);

    expect(await s.privacy.eraseMemberData('openid-alice')).toMatchObject({ messages: 0, subscriptions: 0, bindingChallenges: 2, rateLimits: 2 });

    const newest = async (memberId: string, policyNo: string) => {
      let seen: BindingChallenge | null = null;
      await s.members.settleChallenge(memberId, policyNo, (c) => ((seen = c), { kind: 'refuse', error: new Error('read only') }));
      return seen as BindingChallenge | null;
    };
    expect(await newest('openid-alice', 'P1')).toBeNull();
    expect(await newest('openid-alice', 'P2')).toBeNull();
    expect(await newest('openid-bob', 'P1')).toMatchObject({ id: 'ch-openid-bob-P1' });
    // A counter that was erased counts from zero again; the others are still at their maximum.
    expect(await s.members.takeLimits([{ key: 'bind:member:openid-alice:2026-09-28', max: 1, windowMs: DAY, memberId: 'openid-alice' }], now)).toBeNull();
    expect(await s.members.takeLimits([{ key: 'privacy:export:openid-alice:2026-09-28', max: 1, windowMs: DAY, memberId: 'openid-alice' }], now)).toBeNull();
    expect(await s.members.takeLimits([{ key: 'bind:member:openid-bob:2026-09-28', max: 1, windowMs: DAY, memberId: 'openid-bob' }], now)).toBe(
      'bind:member:openid-bob:2026-09-28',
    );
    expect(await s.members.takeLimits([{ key: 'sms:gap:idx-138', max: 1, windowMs: DAY }], now)).toBe('sms:gap:idx-138');
    expect(await s.members.takeLimits([{ key: 'bind:policy:P1:2026-09-28', max: 1, windowMs: DAY }], now)).toBe('bind:policy:P1:2026-09-28');
    // Idempotent: nothing left to erase.
    expect(await s.privacy.eraseMemberData('openid-bob')).toMatchObject({ bindingChallenges: 1, rateLimits: 1 });
    expect(await s.privacy.eraseMemberData('openid-bob')).toMatchObject({ bindingChallenges: 0, rateLimits: 0 });
  });
};
