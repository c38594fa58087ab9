import { reportSubscription, type SubscriptionDeps } from '../../core/notifications/subscriptions';
import { requireMember, type ActionTable } from '../../server/functionRuntime';

export const memberActions: ActionTable<SubscriptionDeps> = {
  reportSubscription: (deps, caller, data) => reportSubscription(deps, requireMember(caller), data),
};
