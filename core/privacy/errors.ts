import { DomainError } from '../shared/errors';
import { REQUEST_KINDS, REQUEST_STATUSES, type PrivacyRequestKind, type PrivacyRequestStatus } from './model';

/** Expected privacy failures: a stable code, the member's (or staff member's) message in Chinese, the log's in English. */
export const privacyErrors = {
  staleNotice: (current: string) =>
    new DomainError('PRIVACY.NOTICE_OUTDATED', '隐私政策已更新，请阅读新版本后再确认', `consent for a notice version other than ${current}`, { current }),
  needsGeneralConsent: () =>
    new DomainError('PRIVACY.CONSENT_REQUIRED', '请先同意隐私政策', 'sensitive consent asked before the general consent'),
  notConsented: (kind: string) => new DomainError('PRIVACY.NOT_CONSENTED', '您当前没有有效的授权，无需撤回', `withdraw of ${kind} consent that is not in force`),
  sensitiveConsentMissing: () =>
    new DomainError('PRIVACY.SENSITIVE_CONSENT_REQUIRED', '上传健康、医疗或银行账户资料前，请先单独同意敏感个人信息处理', 'sensitive upload without sensitive consent'),
  exportNeedsBinding: () =>
    new DomainError(
      'PRIVACY.EXPORT_NEEDS_BINDING',
      '导出数据需要先绑定保单，以便向您的手机发送验证码。未绑定时，您仍可在本页查看我们保存的全部信息',
      'export requested by a visitor',
    ),
  codeNotSent: () => new DomainError('PRIVACY.CODE_NOT_SENT', '请先获取验证码', 'no open export verification'),
  codeExpired: () => new DomainError('PRIVACY.CODE_EXPIRED', '验证码已过期，请重新获取', 'export verification expired'),
  wrongCode: (left: number) =>
    new DomainError('PRIVACY.WRONG_CODE', left > 0 ? `验证码不正确，还可尝试${left}次` : '验证码错误次数过多，请重新获取', 'wrong export code', { left }),
  codeLocked: () => new DomainError('PRIVACY.CODE_LOCKED', '验证码错误次数过多，请重新获取', 'export verification locked'),
  requestOpen: (kind: PrivacyRequestKind) =>
    new DomainError('PRIVACY.REQUEST_OPEN', `您已有一项处理中的${REQUEST_KINDS[kind]}，请等待处理结果`, `an open ${kind} request exists`),
  notFound: (id: string) => new DomainError('PRIVACY.NOT_FOUND', '未找到该申请', `privacy request ${id} not found or not visible to caller`),
  notOpen: (status: PrivacyRequestStatus) =>
    new DomainError('PRIVACY.NOT_OPEN', `该申请${REQUEST_STATUSES[status]}，不能再处理`, `privacy request is ${status}`),
  wrongKind: (kind: PrivacyRequestKind, action: string) =>
    new DomainError('PRIVACY.WRONG_KIND', `${REQUEST_KINDS[kind]}不能执行此操作`, `${action} not allowed on a ${kind} request`),
  confirmClose: () => new DomainError('PRIVACY.CONFIRM_REQUIRED', '注销账号需要您确认', 'close account without confirmation'),
  unavailable: () => new DomainError('PRIVACY.UNAVAILABLE', '个人信息申请处理暂不可用', 'privacy deps not wired in this deployment'),
};
