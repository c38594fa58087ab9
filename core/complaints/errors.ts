import { DomainError } from '../shared/errors';
import { STATUSES, type ComplaintStatus } from './model';

export const complaintErrors = {
  notFound: (id: string) => new DomainError('COMPLAINT.NOT_FOUND', '未找到该投诉', `complaint ${id} not found or not visible to caller`),
  notYourCase: () =>
    new DomainError('COMPLAINT.NOT_YOUR_CASE', '该案件由其他同事负责，不能查看完整信息；如需处理，请先由主管分派给您', 'agent is not the owner of this case'),
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
