import { listMyMessages, markMessageRead, type MessageCentreDeps } from '../../core/notifications/memberMessages';
import { reportSubscription, type SubscriptionDeps } from '../../core/notifications/subscriptions';
import { confirmBinding, startBinding, unbindPolicy } from '../../core/members/binding';
import type { MemberDeps as MemberRecordDeps } from '../../core/members/deps';
import { myProfile } from '../../core/members/profile';
import { parseNoInput } from '../../core/shared/validation';
import { requireMember, type ActionTable } from '../../server/runtime/functionRuntime';

export type MemberDeps = SubscriptionDeps & MessageCentreDeps;

export const memberActions: ActionTable<MemberDeps> = {
  reportSubscription: (deps, caller, data) => reportSubscription(deps, requireMember(caller), data),
  listMessages: (deps, caller, data) => listMyMessages(deps, requireMember(caller), data),
  markRead: (deps, caller, data) => markMessageRead(deps, requireMember(caller), data),
};

/**
 * The member record and binding. Served by the local gateway; the CloudBase member and policy stores
 * are not written yet, so the deployed members function does not offer these actions.
 */
export const memberRecordActions: ActionTable<MemberDeps & MemberRecordDeps> = {
  ...(memberActions as ActionTable<MemberDeps & MemberRecordDeps>),
  me: (deps, caller, data) => (parseNoInput(data), myProfile(deps, requireMember(caller))),
  startBinding: (deps, caller, data) => startBinding(deps, requireMember(caller), data),
  confirmBinding: (deps, caller, data) => confirmBinding(deps, requireMember(caller), data),
  unbindPolicy: (deps, caller, data) => unbindPolicy(deps, requireMember(caller), data),
};
