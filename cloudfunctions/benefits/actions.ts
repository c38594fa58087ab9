import type { BenefitDeps } from '../../core/benefits/deps';
import { benefitDetail, benefitSlots, bookBenefit, cancelBooking, listBenefits, myBookings, myTier, redemptionCode } from '../../core/benefits/memberUseCases';
import { requireMember, type ActionTable } from '../../server/runtime/functionRuntime';

/** The member's benefits (会员权益). Every action acts as the calling member, who must have bound a policy. */
export const benefitActions: ActionTable<BenefitDeps> = {
  myTier: (deps, caller, data) => myTier(deps, requireMember(caller), data),
  list: (deps, caller, data) => listBenefits(deps, requireMember(caller), data),
  detail: (deps, caller, data) => benefitDetail(deps, requireMember(caller), data),
  slots: (deps, caller, data) => benefitSlots(deps, requireMember(caller), data),
  book: (deps, caller, data) => bookBenefit(deps, requireMember(caller), data),
  cancel: (deps, caller, data) => cancelBooking(deps, requireMember(caller), data),
  myBookings: (deps, caller, data) => myBookings(deps, requireMember(caller), data),
  redemptionCode: (deps, caller, data) => redemptionCode(deps, requireMember(caller), data),
};
