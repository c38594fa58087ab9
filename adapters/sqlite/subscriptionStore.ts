import type { SubscriptionStore } from '../../core/notifications/subscriptions';
import type { Db } from './database';

export const sqliteSubscriptionStore = (db: Db): SubscriptionStore => {
  const grant = db.prepare(`
    INSERT INTO subscription_credits (member_id, template_id, credits, updated_at) VALUES (?, ?, 1, ?)
    ON CONFLICT(member_id, template_id) DO UPDATE SET credits = credits + 1, updated_at = excluded.updated_at
    RETURNING credits`);
  const consume = db.prepare(`
    UPDATE subscription_credits SET credits = credits - 1, updated_at = ? WHERE member_id = ? AND template_id = ? AND credits > 0`);
  const balance = db.prepare(`SELECT template_id, credits FROM subscription_credits WHERE member_id = ?`);
  return {
    grant: async (m, t, at) => (grant.get(m, t, at.toISOString()) as { credits: number }).credits,
    consume: async (m, t, at) => consume.run(at.toISOString(), m, t).changes === 1,
    balance: async (m) =>
      Object.fromEntries((balance.all(m) as { template_id: string; credits: number }[]).map((r) => [r.template_id, r.credits])),
  };
};
