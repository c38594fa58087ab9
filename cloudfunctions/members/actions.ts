import { listMyMessages, markMessageRead, type MessageCentreDeps } from '../../core/notifications/memberMessages';
import { reportSubscription, type SubscriptionDeps } from '../../core/notifications/subscriptions';
import { requireMember, type ActionTable } from '../../server/functionRuntime';

export type MemberDeps = SubscriptionDeps & MessageCentreDeps;

export const memberActions: ActionTable<MemberDeps> = {
  reportSubscription: (deps, caller, data) => reportSubscription(deps, requireMember(caller), data),
  listMessages: (deps, caller, data) => listMyMessages(deps, requireMember(caller), data),
  markRead: (deps, caller, data) => markMessageRead(deps, requireMember(caller), data),
};
