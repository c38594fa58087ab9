import { DomainError } from '../shared/errors';

export const memberErrors = {
  noMatch: () => new DomainError('BINDING.NO_MATCH', '保单号与手机号不匹配，请核对后重试', 'policy number and phone do not match the register'),
  alreadyBound: () =>
    new DomainError('BINDING.ALREADY_BOUND', '该保单已绑定其他微信账号。如需换绑，请联系客服', 'policy already bound to another member'),
  alreadyYours: () => new DomainError('BINDING.ALREADY_YOURS', '该保单已绑定在您的账号下', 'policy already bound to this member'),
  notHolder: () => new DomainError('BINDING.POLICY_INACTIVE', '该保单已失效，无法绑定', 'policy is not in force'),
  noCode: () => new DomainError('BINDING.CODE_NOT_SENT', '请先获取验证码', 'no open challenge for this policy'),
  codeExpired: () => new DomainError('BINDING.CODE_EXPIRED', '验证码已过期，请重新获取', 'challenge expired'),
  wrongCode: (left: number) =>
    new DomainError('BINDING.WRONG_CODE', left > 0 ? `验证码不正确，还可尝试${left}次` : '验证码错误次数过多，请重新获取', 'wrong code', { left }),
  tooManyWrong: () => new DomainError('BINDING.CODE_LOCKED', '验证码错误次数过多，请重新获取', 'challenge locked after wrong attempts'),
  rateLimited: (what: string) => new DomainError('RATE.LIMITED', what, 'rate limit reached'),
  phoneMismatch: () =>
    new DomainError('BINDING.PHONE_MISMATCH', '微信绑定的手机号与保单预留手机号不一致，请用短信验证码验证', 'WeChat phone differs from the register'),
  phoneCheckFailed: () =>
    new DomainError('BINDING.PHONE_CHECK_FAILED', '未能获取微信手机号，请改用短信验证码验证', 'getPhoneNumber code could not be exchanged'),
  consentRequired: () =>
    new DomainError(
      'PRIVACY.CONSENT_REQUIRED',
      '绑定保单需要核验您的姓名、手机号和身份证号，请先阅读并同意隐私政策',
      'binding without the general consent to the current privacy notice',
    ),
  notBound: () => new DomainError('MEMBER.POLICY_NOT_BOUND', '该保单未绑定在您的账号下', 'policy not bound to this member'),
  importRefused: (issues: { path: string; message: string }[]) =>
    new DomainError('POLICY_IMPORT.INVALID_ROWS', '保单文件有错误行，未导入任何数据。请修改后重试，或明确选择只导入正确的行', `policy import refused (${issues.length} issues)`, { issues }),
};
