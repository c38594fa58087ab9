import { DomainError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { parseInput } from '../shared/validation';
import * as z from 'zod/mini';

/**
 * One-time subscribe messages: each "accept" in wx.requestSubscribeMessage is one send credit for
 * that (member, template). The dispatcher spends a credit per message sent.
 */
export interface SubscriptionStore {
  grant(memberId: string, templateId: string, at: Date): Promise<number>;
  /** Spend one credit; false when none is left (then WeChat would answer 43101). */
  consume(memberId: string, templateId: string, at: Date): Promise<boolean>;
  balance(memberId: string): Promise<Record<string, number>>;
}

export interface SubscriptionDeps {
  subscriptions: SubscriptionStore;
  clock: Clock;
  /** Template ids this deployment knows (configuration). */
  knownTemplateIds: string[];
}

/** What wx.requestSubscribeMessage answered, per template id. */
const subscriptionReportSchema = z.strictObject({
  results: z.record(z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/)), z.enum(['accept', 'reject', 'ban', 'filter'])),
});

export const unknownTemplate = (id: string) =>
  new DomainError('SUBSCRIBE.UNKNOWN_TEMPLATE', '订阅消息模板无效', `unknown template id ${id.slice(0, 64)}`);

export const reportSubscription = async (deps: SubscriptionDeps, memberId: string, raw: unknown) => {
  const { results } = parseInput(subscriptionReportSchema, raw, { results: '订阅结果' });
  const ids = Object.keys(results);
  const unknown = ids.find((id) => !deps.knownTemplateIds.includes(id));
  if (unknown) throw unknownTemplate(unknown);
  const now = deps.clock.now();
  for (const id of ids) if (results[id] === 'accept') await deps.subscriptions.grant(memberId, id, now);
  return { credits: await deps.subscriptions.balance(memberId) };
};
