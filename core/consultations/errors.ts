import { DomainError } from '../shared/errors';
import { CONSULTATION_STATUSES, type ConsultationStatus } from './model';

/** Expected consultation failures: a stable code, a Chinese message for people, an English one for the log. */
export const consultationErrors = {
  /** Someone else's consultation, or none: answered alike, so an id reveals nothing. */
  notFound: (id: string) => new DomainError('CONSULTATION.NOT_FOUND', '未找到该咨询', `consultation ${id.slice(0, 64)} not found or not visible to caller`),
  idempotencyKeyReused: () =>
    new DomainError('CONSULTATION.IDEMPOTENCY_KEY_REUSED', '请求编号已用于另一条咨询，请刷新后重新提交', 'idempotency key reused with different content'),
  notAllowed: (status: ConsultationStatus, action: string) =>
    new DomainError('CONSULTATION.NOT_ALLOWED', `该咨询${CONSULTATION_STATUSES[status]}，不能执行此操作`, `${action} not allowed while ${status}`, { status }),
  closed: () => new DomainError('CONSULTATION.CLOSED', '该咨询已结束，如有新的问题请重新提问', 'consultation is closed or converted'),
  notAnswered: () => new DomainError('CONSULTATION.NOT_ANSWERED', '收到答复后才能评价', 'rating before any answer'),
  alreadyRated: () => new DomainError('CONSULTATION.ALREADY_RATED', '您已评价过本次咨询', 'consultation already rated'),
  policyNotYours: () =>
    new DomainError('CONSULTATION.POLICY_NOT_YOURS', '该保单未绑定在您的账号下，请选择您本人的保单或不填保单号', 'policy number not bound to the caller'),
  notYourConsultation: () => new DomainError('CONSULTATION.NOT_YOURS', '该咨询已转交其他顾问，您不能处理', 'advisor acting on a consultation not handed to them'),
  notHandedToAdvisor: () => new DomainError('CONSULTATION.NOT_WITH_ADVISOR', '该咨询尚未转交顾问', 'advisor action on a consultation not handed over'),
  heldByOther: (name?: string) =>
    new DomainError('CONSULTATION.HELD_BY_OTHER', `该咨询由${name ?? '其他客服'}处理中，如需处理请先接手`, 'consultation owned by another agent'),
  alreadyOwner: () => new DomainError('CONSULTATION.ALREADY_OWNER', '您已是该咨询的处理人', 'take over by the owner'),
  advisorNotFound: () => new DomainError('CONSULTATION.ADVISOR_NOT_FOUND', '未找到该顾问或该账号已停用', 'advisor missing, disabled or not an advisor'),
  premiumRange: () => new DomainError('CONSULTATION.PREMIUM_RANGE', '保费区间有误：最低保费不能高于最高保费', 'premium min above max'),
  planNotFound: () => new DomainError('CONSULTATION.PLAN_NOT_FOUND', '未找到该保险方案', 'plan id not on the consultation'),
  messageNotFound: () =>
    new DomainError('CONSULTATION.MESSAGE_NOT_FOUND', '请选择会员本人的一条留言作为投诉受理时间', 'picked entry is not a member message of this consultation'),
  alreadyConverted: (number: string) =>
    new DomainError('CONSULTATION.ALREADY_CONVERTED', `该咨询已转为投诉 ${number}`, 'consultation already converted', { complaintNumber: number }),
  noPersonalData: () => new DomainError('CONSULTATION.NO_PERSONAL_DATA', '该会员为访客，尚未登记姓名和手机号', 'visitor has no name or phone on file'),
  noMaskedText: () => new DomainError('CONSULTATION.NO_MASKED_TEXT', '该咨询的文字中没有被遮盖的个人信息', 'no sealed text on the consultation'),
  unavailable: () => new DomainError('CONSULTATION.UNAVAILABLE', '咨询服务暂不可用', 'consultation deps not wired in this deployment'),
};
