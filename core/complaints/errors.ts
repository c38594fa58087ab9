import { DomainError } from '../shared/errors';
import { STATUSES, type ComplaintStatus } from './model';

const NOT_YOURS = {
  work: (owner: string) => `该案件由${owner}负责，仅负责人及其上级可以处理；如需处理，请由主管分派给您`,
  takeOver: (owner: string) => `该案件由${owner}负责，接手须由其上级办理，或由主管分派`,
  personalData: (owner: string) => `该案件由${owner}负责，不能查看完整信息；如需处理，请先由主管分派给您`,
};

export const complaintErrors = {
  notFound: (id: string) => new DomainError('COMPLAINT.NOT_FOUND', '未找到该投诉', `complaint ${id} not found or not visible to caller`),
  /**
   * Someone else holds the case (CLARIFICATIONS "Staff and roles": only its owner and those senior to
   * the owner work it), named so the staff member knows whom to ask; `refused` says what was refused.
   */
  notYourCase: (ownerName: string | undefined, refused: 'work' | 'takeOver' | 'personalData') =>
    new DomainError('COMPLAINT.NOT_YOUR_CASE', NOT_YOURS[refused](ownerName ?? '其他同事'), `caller neither owns nor outranks the owner of this case (${refused})`, {
      ownerName,
      refused,
    }),
  /** 合规 reads cases (and the audit log) but never works them. */
  readOnlyRole: () => new DomainError('COMPLAINT.READ_ONLY_ROLE', '合规岗位仅可查阅案件，不能处理', 'compliance reads cases only'),
  alreadyOwner: () => new DomainError('COMPLAINT.ALREADY_OWNER', '您已是该案件的负责人', 'take-over by the current owner'),
  illegalTransition: (action: string, status: ComplaintStatus) =>
    new DomainError(
      'COMPLAINT.ILLEGAL_TRANSITION',
      `投诉当前状态为“${STATUSES[status]}”，不能执行此操作`,
      `action ${action} not allowed in status ${status}`,
      { action, status },
    ),
  alreadyRated: () => new DomainError('COMPLAINT.ALREADY_RATED', '您已评价过本次处理结果', 'rating already given for this resolution'),
  reviewWindowClosed: () =>
    new DomainError('COMPLAINT.REVIEW_WINDOW_CLOSED', '已超过申请核查的期限（答复后30日内）', 'review requested after the 30-day window'),
  reviewAlreadyUsed: () => new DomainError('COMPLAINT.REVIEW_ALREADY_USED', '本投诉已经核查过', 'a review was already held for this complaint'),
  reviewerNotEligible: () =>
    new DomainError('COMPLAINT.REVIEWER_NOT_ELIGIBLE', '核查须由原处理人以外的上级人员办理', 'reviewer must differ from and outrank the first handler'),
  extensionNotAllowed: (why: string) =>
    new DomainError('COMPLAINT.EXTENSION_NOT_ALLOWED', '不能延长处理期限', `extension refused: ${why}`),
  appraisalState: (why: string) => new DomainError('COMPLAINT.APPRAISAL_STATE', '外部鉴定状态不符', why),
  idempotencyKeyReused: () =>
    new DomainError('COMPLAINT.IDEMPOTENCY_KEY_REUSED', '请求编号已被另一条提交使用，请刷新后重试', 'idempotency key reused with a different payload'),
  closedForMessages: () =>
    new DomainError('COMPLAINT.CLOSED', '该投诉已办结，如有新问题请重新提交投诉', 'member message on a closed complaint'),
  receivedInFuture: () =>
    new DomainError('COMPLAINT.RECEIVED_IN_FUTURE', '受理时间不能晚于当前时间', 'receivedAt is in the future'),
};
