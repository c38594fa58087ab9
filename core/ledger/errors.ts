import { DomainError } from '../shared/errors';
import { LEDGER_STATUSES, type LedgerStatus } from './model';

/** Expected ledger failures: a stable code, the staff member's message in Chinese, the log's in English. */
export const ledgerErrors = {
  notFound: (id: string) => new DomainError('LEDGER.NOT_FOUND', '未找到该整改事项', `ledger item ${id} not found`),
  inspectionNotFound: (id: string) => new DomainError('LEDGER.INSPECTION_NOT_FOUND', '未找到该专项检查', `inspection ${id} not found`),
  findingNotFound: (id: string) => new DomainError('LEDGER.FINDING_NOT_FOUND', '未找到该检查发现的问题', `finding ${id} not found`),
  ownerNotFound: () => new DomainError('LEDGER.OWNER_NOT_FOUND', '整改责任人不存在或已停用，请重新选择', 'owner is not an active staff member'),
  ownerNotEligible: () => new DomainError('LEDGER.OWNER_NOT_ELIGIBLE', '合作机构账号不能作为整改责任人', 'partners cannot own ledger items'),
  deadlineInPast: () => new DomainError('LEDGER.DEADLINE_IN_PAST', '整改期限不能早于今天', 'deadline date before today'),
  deadlineTooFar: (max: number) => new DomainError('LEDGER.DEADLINE_TOO_FAR', `整改期限不能超过${max}个工作日`, 'deadline too far ahead', { max }),
  sourceMismatch: () =>
    new DomainError('LEDGER.SOURCE_MISMATCH', '来源为检查发现时，须选择检查发现的问题', 'finding source without a matching finding id'),
  idempotencyKeyReused: () => new DomainError('LEDGER.IDEMPOTENCY_KEY_REUSED', '请求编号已用于另一条记录，请刷新后重试', 'idempotency key reused with other content'),
  wrongStatus: (status: LedgerStatus, action: string) =>
    new DomainError('LEDGER.WRONG_STATUS', `整改事项当前为“${LEDGER_STATUSES[status]}”，不能执行此操作`, `${action} not allowed while ${status}`, { status }),
  notOwner: () => new DomainError('LEDGER.NOT_OWNER', '只有整改责任人或台账管理人员可以更新整改进度', 'progress update by someone who is not the owner or a manager'),
  ownerCannotVerify: () =>
    new DomainError('LEDGER.OWNER_CANNOT_VERIFY', '整改责任人不能验证自己的整改事项，须由其他人员验证', 'owner tried to verify their own item'),
  needsEvidence: () => new DomainError('LEDGER.EVIDENCE_REQUIRED', '请先上传整改证明材料，再提交验证', 'submit for verification without evidence'),
  evidenceFull: (max: number) => new DomainError('LEDGER.EVIDENCE_FULL', `每个整改事项最多上传${max}份证明材料`, 'too many evidence files'),
  notYourUpload: () => new DomainError('LEDGER.UPLOAD_NOT_YOURS', '附件不存在或不是您上传的，请重新上传', 'evidence file not uploaded by the caller'),
  evidenceTooLarge: (mb: number) => new DomainError('UPLOAD.TOO_LARGE', `证明材料不能超过 ${mb}MB`, 'evidence upload too large', { mb }),
  unavailable: () => new DomainError('LEDGER.UNAVAILABLE', '整改台账暂不可用', 'ledger deps not wired in this deployment'),
};
