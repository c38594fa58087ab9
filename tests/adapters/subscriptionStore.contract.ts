import type { SubscriptionStore } from '../../core/notifications/subscriptions';
import { retryWhileBusy } from './contractSupport';

export interface SubscriptionsUnderTest {
  subscriptions: SubscriptionStore;
  close?(): Promise<void> | void;
}

const at = new Date('2026-11-25T02:00:00.000Z');

/** What every SubscriptionStore does, whatever database is behind it. */
export const subscriptionStoreContract = (make: () => Promise<SubscriptionsUnderTest>) => {
  let s: SubscriptionsUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('counts one credit per accept, per member and template, and spends them down to none', async () => {
    expect(await s.subscriptions.balance('alice')).toEqual({});
    expect(await s.subscriptions.grant('alice', 'tpl-a', at)).toBe(1);
    expect(await s.subscriptions.grant('alice', 'tpl-a', at)).toBe(2);
    expect(await s.subscriptions.grant('alice', 'tpl-b', at)).toBe(1);
    expect(await s.subscriptions.grant('bob', 'tpl-a', at)).toBe(1);
    expect(await s.subscriptions.balance('alice')).toEqual({ 'tpl-a': 2, 'tpl-b': 1 });
    expect(await s.subscriptions.consume('alice', 'tpl-a', at)).toBe(true);
    expect(await s.subscriptions.consume('alice', 'tpl-a', at)).toBe(true);
    expect(await s.subscriptions.consume('alice', 'tpl-a', at)).toBe(false);
    expect(await s.subscriptions.consume('carol', 'tpl-a', at)).toBe(false);
    expect(await s.subscriptions.balance('alice')).toEqual({ 'tpl-a': 0, 'tpl-b': 1 });
    expect(await s.subscriptions.balance('bob')).toEqual({ 'tpl-a': 1 });
  });

  it('spends each credit once when dispatchers consume in parallel', async () => {
    for (let i = 0; i < 3; i++) await s.subscriptions.grant('alice', 'tpl-a', at);
    const spent = await retryWhileBusy(10, () => s.subscriptions.consume('alice', 'tpl-a', at));
    expect(spent.filter(Boolean)).toHaveLength(3);
    expect(await s.subscriptions.balance('alice')).toEqual({ 'tpl-a': 0 });
  });

  it('loses no accept when grants arrive in parallel', async () => {
    const counts = await retryWhileBusy(6, () => s.subscriptions.grant('alice', 'tpl-a', at));
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await s.subscriptions.balance('alice')).toEqual({ 'tpl-a': 6 });
  });
};
