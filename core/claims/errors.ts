import { DomainError } from '../shared/errors';
import { CLAIM_STATUSES, type ClaimStatus } from './model';

/** Expected claim failures: a stable code, the member's (or staff member's) message in Chinese, the log's in English. */
export const claimErrors = {
  needsBinding: () => new DomainError('CLAIM.NEEDS_BINDING', '报案前请先绑定您的保单', 'claims need a bound policy'),
  policyNotYours: () => new DomainError('CLAIM.POLICY_NOT_YOURS', '该保单未绑定在您的账号下，不能用于报案', 'policy not bound to the caller'),
  notInForce: (from: string, to: string) =>
    new DomainError('CLAIM.POLICY_NOT_IN_FORCE', `出险日期不在保单保障期间内（${from} 至 ${to}）`, 'incident date outside the policy period', { from, to }),
  dateInFuture: () => new DomainError('CLAIM.DATE_IN_FUTURE', '出险日期不能晚于今天', 'incident date in the future'),
  noInsured: () => new DomainError('CLAIM.INSURED_NOT_FOUND', '请选择该保单上的被保险人', 'insured index not on the policy'),
  unknownType: () => new DomainError('CLAIM.UNKNOWN_TYPE', '请选择理赔类型', 'unknown claim type'),
  amountNegative: () => new DomainError('CLAIM.AMOUNT_NEGATIVE', '金额不能为负数', 'negative amount'),
  /** A payment, or an amount decided to be paid: "nothing to pay" is a refusal with reasons (保险法 art 24). */
  amountZero: () => new DomainError('CLAIM.AMOUNT_ZERO', '金额须大于0', 'zero amount where a positive one is needed'),
  typeNotCovered: (label: string) =>
    new DomainError('CLAIM.TYPE_NOT_COVERED', `该保单不保障“${label}”，请选择保单保障范围内的理赔类型`, 'claim type maps to no coverage on the policy', { label }),
  amountOverSum: (sumYuan: string) =>
    new DomainError('CLAIM.AMOUNT_OVER_SUM_INSURED', `金额不能超过保额 ${sumYuan} 元`, 'amount over the sum insured', { sumYuan }),
  draftIncomplete: (missing: string[]) =>
    new DomainError('CLAIM.DRAFT_INCOMPLETE', `请先填写：${missing.join('、')}`, 'draft lacks fields needed to submit', { missing }),
  tooManyDrafts: (max: number) => new DomainError('CLAIM.TOO_MANY_DRAFTS', `草稿最多保存${max}份，请先提交或删除`, 'draft limit reached'),
  idempotencyKeyReused: (what = '另一份报案') => new DomainError('CLAIM.IDEMPOTENCY_KEY_REUSED', `请求编号已用于${what}，请刷新后重试`, 'idempotency key reused with other content'),
  notFound: (id: string) => new DomainError('CLAIM.NOT_FOUND', '未找到该理赔案件', `claim ${id} not found or not visible to caller`),
  wrongStatus: (status: ClaimStatus, action: string) =>
    new DomainError('CLAIM.WRONG_STATUS', `案件当前为“${CLAIM_STATUSES[status]}”，不能执行此操作`, `${action} not allowed while ${status}`, { status }),
  collectionClosed: () => new DomainError('CLAIM.COLLECTION_CLOSED', '材料收集已结束，不能再上传', 'upload after document collection closed'),
  unknownItem: (key: string) => new DomainError('CLAIM.UNKNOWN_ITEM', '该材料不在本案的材料清单中', `checklist item ${key} not on the claim`),
  itemFull: (max: number) => new DomainError('CLAIM.ITEM_FULL', `每项材料最多上传${max}个文件`, 'too many files on one checklist item'),
  nothingMissing: () => new DomainError('CLAIM.NOTHING_MISSING', '请至少选择一项缺少的材料', 'documents notice without items'),
  secondNoticeNeedsReason: () =>
    new DomainError('CLAIM.SECOND_NOTICE_REASON_REQUIRED', '再次通知补充材料须选择原因并说明（保险法第二十二条：应一次性告知）', 'second notice without reason'),
  secondNoticeOnlyNew: (labels: string[]) =>
    new DomainError('CLAIM.SECOND_NOTICE_NOT_NEW', `以下材料已在前次通知中列出，不能再次通知：${labels.join('、')}`, 'second notice repeats earlier items', { labels }),
  noOffer: () => new DomainError('CLAIM.NO_OFFER', '当前没有待确认的赔付金额', 'no pending offer'),
  approvalPending: () => new DomainError('CLAIM.APPROVAL_PENDING', '赔付金额超出权限，需主管审批后才能通知会员', 'decision awaits supervisor approval'),
  approvalNotNeeded: () => new DomainError('CLAIM.APPROVAL_NOT_NEEDED', '该决定无需审批或已审批', 'nothing to approve'),
  notAgreed: () => new DomainError('CLAIM.NOT_AGREED', '赔付金额尚未经会员确认，只能登记预付款', 'final payment before agreement'),
  excludedOverClaimed: (item: string) =>
    new DomainError('CLAIM.EXCLUDED_OVER_CLAIMED', `“${item}”的扣除金额不能大于申请金额`, 'excluded amount above the claimed amount on a line', { item }),
  exclusionNeedsReason: (item: string) =>
    new DomainError('CLAIM.EXCLUSION_NEEDS_REASON', `请写明“${item}”扣除费用的原因`, 'excluded amount without a reason', { item }),
  amountRequired: () => new DomainError('CLAIM.AMOUNT_REQUIRED', '请填写核定赔付金额或理算明细', 'pay decision without amount or calculation'),
  amountMismatch: (calculatedYuan: string) =>
    new DomainError('CLAIM.AMOUNT_MISMATCH', `核定金额与理算明细不一致（按明细应为 ${calculatedYuan} 元）`, 'typed amount differs from the calculation', { calculatedYuan }),
  belowAdvanced: (paidYuan: string) =>
    new DomainError('CLAIM.BELOW_ADVANCED', `核定金额不能低于已预付的 ${paidYuan} 元`, 'decided amount below the advances paid', { paidYuan }),
  overPaid: (leftYuan: string) => new DomainError('CLAIM.OVERPAID', `登记金额超过应付余额 ${leftYuan} 元`, 'payment above what is owed', { leftYuan }),
  paymentDateInFuture: () => new DomainError('CLAIM.PAYMENT_DATE_IN_FUTURE', '付款日期不能晚于今天', 'payment date in the future'),
  paymentBeforeAgreement: (agreedOn: string) =>
    new DomainError('CLAIM.PAYMENT_BEFORE_AGREEMENT', `赔款付款日期不能早于达成赔付协议的日期（${agreedOn}）`, 'final payment dated before the agreement', { agreedOn }),
  advanceBeforeReceipt: (receivedOn: string) =>
    new DomainError('CLAIM.ADVANCE_BEFORE_RECEIPT', `预付日期不能早于收到理赔申请的日期（${receivedOn}）`, 'advance dated before the claim was received', { receivedOn }),
  advanceAfterDecision: () =>
    new DomainError('CLAIM.ADVANCE_AFTER_DECISION', '已作出核定决定，不能再登记预付款（保险法第二十五条：预付在核定前）；请登记赔款', 'advance after the decision'),
  alreadyConverted: (number: string) => new DomainError('CLAIM.ALREADY_CONVERTED', `该案件已转为投诉 ${number}`, 'claim already converted'),
  entryNotFound: () => new DomainError('CLAIM.ENTRY_NOT_FOUND', '请选择会员首次表达不满的留言', 'picked entry is not a member entry of this claim'),
  unavailable: () => new DomainError('CLAIM.UNAVAILABLE', '理赔服务暂不可用', 'claims deps not wired in this deployment'),
};

/** Amounts as people read them: 分 → 1,234.50 元 without floating-point. */
export const yuan = (fen: number) => {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
};
