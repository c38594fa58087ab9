import type { RecordType } from './model';

/**
 * The privacy notice (隐私政策) members consent to: configuration. Publishing a new version means a
 * new `version` here; every member is then asked again on their next open (CLARIFICATIONS "Members").
 * The wording is the company's; compliance confirms it before release.
 */
export interface PrivacyNotice {
  version: string;
  effectiveDate: string;
  title: string;
  /** The few lines the consent sheet shows; the full text is one tap away. */
  summary: string[];
  sections: { heading: string; body: string[] }[];
}

export const PRIVACY_NOTICE: PrivacyNotice = {
  version: '2026.11',
  effectiveDate: '2026-11-01',
  title: '会员服务隐私政策',
  summary: [
    '我们收集您的微信标识、绑定保单时的姓名、手机号和身份证号，用于核验身份、展示保单和提供会员服务。',
    '健康、医疗和金融账户等敏感个人信息，仅在您另行单独同意后、为理赔等特定目的处理。',
    '您可以随时在“我的数据”中查看、导出、申请更正或删除您的信息，也可以撤回同意。',
    '法律要求保存的记录（如保单、投诉记录）不会删除，而是封存保管，不作其他用途。',
  ],
  sections: [
    {
      heading: '一、我们收集哪些信息',
      body: [
        '您使用小程序时的微信标识（OpenID），用于识别您的账号。',
        '绑定保单时：保单号、投保人姓名、手机号、身份证号，均加密保存，员工查看时脱敏显示。',
        '您提交的投诉、咨询内容及图片，我们发给您的服务消息。',
      ],
    },
    {
      heading: '二、敏感个人信息',
      body: [
        '健康、医疗信息和银行账户等金融账户信息属于敏感个人信息。我们只在您单独同意后，为理赔审核、费用支付等特定目的处理，并采取加密等严格保护措施。',
        '您撤回单独同意后，我们不再接收新的敏感信息上传；已随理赔案件提交的材料依法保存，不作其他用途。',
      ],
    },
    {
      heading: '三、我们如何使用和保护信息',
      body: [
        '仅用于身份核验、保单查询、投诉处理、理赔和会员服务，不会出售您的个人信息。',
        '个人信息加密存储，员工按岗位权限访问，每一次查看都记录在防篡改的审计日志中。',
      ],
    },
    {
      heading: '四、您的权利',
      body: [
        '查阅、复制：在“我的数据”中查看我们保存的信息，验证手机号后可导出为文件。',
        '更正：发现信息有误，可提交更正申请。',
        '删除、注销：可申请删除或注销账号。法律要求保存的记录将封存，我们会告诉您依据和保存期限。',
        '我们在15个工作日内答复您的申请；不予办理的，会说明理由。',
      ],
    },
    {
      heading: '五、保存期限',
      body: ['各类记录的保存期限见“我的数据”页面中的保存规则；期限届满后删除或匿名化处理。'],
    },
    {
      heading: '六、联系我们',
      body: ['如有疑问，可致电客服热线 95500，或通过“投诉与建议”联系我们。'],
    },
  ],
};

/** Privacy request handling (data; compliance confirms the figure). */
export const PRIVACY_REQUEST_POLICY = {
  /** 个人信息主体权利请求: answered within 15 working days (CLARIFICATIONS "Members"). */
  answerWithinWorkingDays: 15,
  /** Staff are warned this long before a request falls due (the deadline timer). */
  warnBeforeMs: 48 * 3600_000,
  /** A fresh export code lives this long, like the binding code. */
  exportCodeTtlMs: 5 * 60_000,
  exportWrongCodesPerCode: 5,
  exportSendsPerMemberPerDay: 5,
} as const;

export type PrivacyRequestPolicy = typeof PRIVACY_REQUEST_POLICY;

/**
 * The retention table (data, compliance): per record type, whether a deletion request erases it or the
 * law keeps it (frozen: stored, protected, used for nothing else — PIPL art 47), and the rule that does.
 * `confirmed: false` rows are placeholders a compliance officer has not confirmed yet; the member and
 * staff see them marked 待合规确认.
 */
export interface RetentionRule {
  recordType: RecordType;
  label: string;
  onDeletion: 'erase' | 'freeze';
  basis: string;
  period: string;
  confirmed: boolean;
}

export const RETENTION_TABLE: readonly RetentionRule[] = [
  { recordType: 'memberProfile', label: '会员账号与身份信息（姓名、手机号、身份证号）', onDeletion: 'erase', basis: '《个人信息保护法》第四十七条', period: '删除申请办结时删除', confirmed: true },
  { recordType: 'messages', label: '消息中心记录', onDeletion: 'erase', basis: '《个人信息保护法》第四十七条', period: '删除申请办结时删除', confirmed: true },
  { recordType: 'subscriptions', label: '订阅消息授权', onDeletion: 'erase', basis: '《个人信息保护法》第四十七条', period: '删除申请办结时删除', confirmed: true },
  // Working records of binding (the code's hash, the phone's blind index) and the daily counters that limit
  // binding attempts and export codes per member: nothing requires keeping them. Added with the deletion
  // fix, not yet seen by compliance.
  { recordType: 'bindingCodes', label: '保单绑定验证码记录', onDeletion: 'erase', basis: '《个人信息保护法》第四十七条', period: '删除申请办结时删除', confirmed: false },
  { recordType: 'rateLimits', label: '绑定、验证码及提交、上传次数计数', onDeletion: 'erase', basis: '《个人信息保护法》第四十七条', period: '删除申请办结时删除', confirmed: false },
  {
    recordType: 'policies',
    label: '保单及投保资料',
    onDeletion: 'freeze',
    basis: '《保险法》第八十七条',
    period: '自保险合同终止之日起不少于十年（保险期间一年以下的不少于五年）',
    confirmed: true,
  },
  {
    recordType: 'complaints',
    label: '投诉记录',
    onDeletion: 'freeze',
    basis: '《银行业保险业消费投诉处理管理办法》（投诉处理记录保存）',
    period: '办结后三年',
    confirmed: false,
  },
  { recordType: 'consents', label: '授权同意记录', onDeletion: 'freeze', basis: '《个人信息保护法》第十四条（证明已取得同意）', period: '撤回或注销后三年', confirmed: false },
  { recordType: 'privacyRequests', label: '个人信息权利申请及办理记录', onDeletion: 'freeze', basis: '《个人信息保护法》第五十条（申请受理和处理记录）', period: '办结后三年', confirmed: false },
  { recordType: 'auditLog', label: '操作审计日志', onDeletion: 'freeze', basis: '《网络安全法》第二十一条', period: '不少于六个月', confirmed: true },
];
