import { countMyUnread, listMyMessages, markAllMessagesRead, markMessageRead, type MessageCentreDeps } from '../../core/notifications/memberMessages';
import { reportSubscription, type SubscriptionDeps } from '../../core/notifications/subscriptions';
import { bindWithWeChatPhone, confirmBinding, startBinding, unbindPolicy } from '../../core/members/binding';
import type { MemberDeps as MemberRecordDeps } from '../../core/members/deps';
import { myProfile } from '../../core/members/profile';
import { answerPrivacyNotice, giveSensitiveConsent, privacyNoticeText, privacyStatus, withdrawConsent } from '../../core/privacy/consent';
import type { PrivacyDeps } from '../../core/privacy/deps';
import {
  closeAccount,
  exportMyData,
  myData,
  myPrivacyRequests,
  requestCorrection,
  requestDeletion,
  startExportVerification,
} from '../../core/privacy/memberUseCases';
import { parseNoInput } from '../../core/shared/validation';
import type { EducationDeps } from '../../core/education/deps';
import { listArticles, readArticle } from '../../core/education/memberUseCases';
import { markMemberActive } from '../../core/education/reach';
import { educationErrors } from '../../core/education/errors';
import { requireMember, type ActionTable } from '../../server/runtime/functionRuntime';

export type MemberDeps = SubscriptionDeps & MessageCentreDeps & MemberRecordDeps & { privacy: PrivacyDeps; education?: EducationDeps };

const education = (deps: MemberDeps): EducationDeps => {
  if (!deps.education) throw educationErrors.unavailable();
  return deps.education;
};

/** Everything a member does about themselves: messages and subscriptions, the record and binding, privacy. */
export const memberActions: ActionTable<MemberDeps> = {
  reportSubscription: (deps, caller, data) => reportSubscription(deps, requireMember(caller), data),
  listMessages: (deps, caller, data) => listMyMessages(deps, requireMember(caller), data),
  markRead: (deps, caller, data) => markMessageRead(deps, requireMember(caller), data),
  markAllRead: (deps, caller, data) => markAllMessagesRead(deps, requireMember(caller), data),
  // The home's card and its 消息 badge in one round trip.
  me: async (deps, caller, data) => {
    parseNoInput(data);
    const member = requireMember(caller);
    const [profile, unreadMessages] = await Promise.all([myProfile(deps, member), countMyUnread(deps, member)]);
    // 权益宣传 reach counts bound members active in the month: the month's first home load marks it (one read after that).
    // A failed mark undercounts one member's month; it never keeps the home from loading.
    if (profile.kind === 'bound' && deps.education) await markMemberActive(deps.education, member).catch(() => false);
    return { ...profile, unreadMessages };
  },
  // 权益宣传: anyone may read (only bound members count for reach); opening an article records the read.
  articles: (deps, caller, data) => listArticles(education(deps), requireMember(caller), data),
  article: (deps, caller, data) => readArticle(education(deps), requireMember(caller), data),
  startBinding: (deps, caller, data) => startBinding(deps, requireMember(caller), data),
  confirmBinding: (deps, caller, data) => confirmBinding(deps, requireMember(caller), data),
  bindWithWeChatPhone: (deps, caller, data) => bindWithWeChatPhone(deps, requireMember(caller), data),
  unbindPolicy: (deps, caller, data) => unbindPolicy(deps, requireMember(caller), data),
  // 个人信息 (PIPL): consent to the current notice, 我的数据, its export and the member's requests.
  privacyStatus: (deps, caller, data) => (parseNoInput(data), privacyStatus(deps.privacy, requireMember(caller))),
  privacyNotice: (deps, caller, data) => (parseNoInput(data), requireMember(caller), privacyNoticeText(deps.privacy)),
  answerPrivacyNotice: (deps, caller, data) => answerPrivacyNotice(deps.privacy, requireMember(caller), data),
  giveSensitiveConsent: (deps, caller, data) => giveSensitiveConsent(deps.privacy, requireMember(caller), data),
  withdrawConsent: (deps, caller, data) => withdrawConsent(deps.privacy, requireMember(caller), data),
  myData: (deps, caller, data) => myData(deps.privacy, requireMember(caller), data),
  startExportVerification: (deps, caller, data) => startExportVerification(deps.privacy, requireMember(caller), data),
  exportMyData: (deps, caller, data) => exportMyData(deps.privacy, requireMember(caller), data),
  requestCorrection: (deps, caller, data) => requestCorrection(deps.privacy, requireMember(caller), data),
  requestDeletion: (deps, caller, data) => requestDeletion(deps.privacy, requireMember(caller), data),
  closeAccount: (deps, caller, data) => closeAccount(deps.privacy, requireMember(caller), data),
  myPrivacyRequests: (deps, caller, data) => myPrivacyRequests(deps.privacy, requireMember(caller), data),
};
