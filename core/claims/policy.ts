/**
 * Claim configuration (data): the claim types with their document checklists and the company's
 * decision target, the handlers' amount band, the reasons a second documents notice may give, the
 * remedies a refusal letter names. Statutory periods (保险法 arts 23–25) are fixed here, not data.
 */

export interface ChecklistTemplate {
  key: string;
  label: string;
  sensitive: boolean;
}

export interface ClaimType {
  key: string;
  label: string;
  /**
   * A coverage whose name contains one of these words is what the claim is paid from, and its sum insured
   * caps every amount. Words name the benefit itself (住院, 门诊), never a family (医疗) that would let an
   * outpatient claim ride on an in-patient cover.
   */
  coverageWords: string[];
  /** The company's target in calendar days (data), capped by the statutory 30. */
  targetDays: number;
  checklist: ChecklistTemplate[];
}

const claimForm = { key: 'claimForm', label: '理赔申请书', sensitive: false };
const idCard = { key: 'idCard', label: '被保险人身份证明', sensitive: false };
const bankCard = { key: 'bankCard', label: '收款银行卡', sensitive: true };
const invoices = { key: 'invoices', label: '医疗费用发票', sensitive: true };

export const CLAIM_TYPES: readonly ClaimType[] = [
  {
    key: 'hospital',
    label: '住院医疗',
    coverageWords: ['住院'],
    targetDays: 10,
    checklist: [
      claimForm,
      idCard,
      bankCard,
      invoices,
      { key: 'discharge', label: '出院小结', sensitive: true },
      { key: 'diagnosis', label: '诊断证明', sensitive: true },
    ],
  },
  {
    key: 'outpatient',
    label: '门急诊医疗',
    coverageWords: ['门诊', '门急诊', '急诊'],
    targetDays: 5,
    checklist: [claimForm, idCard, bankCard, invoices, { key: 'record', label: '门诊病历', sensitive: true }],
  },
  {
    key: 'accident',
    label: '意外伤害',
    coverageWords: ['意外'],
    targetDays: 15,
    checklist: [claimForm, idCard, bankCard, { key: 'accidentProof', label: '事故证明', sensitive: false }, { key: 'diagnosis', label: '诊断证明', sensitive: true }],
  },
  {
    key: 'criticalIllness',
    label: '重大疾病',
    coverageWords: ['重疾', '重大疾病'],
    targetDays: 20,
    checklist: [claimForm, idCard, bankCard, { key: 'pathology', label: '病理报告', sensitive: true }, { key: 'diagnosis', label: '诊断证明', sensitive: true }],
  },
];

export const CLAIM_POLICY = {
  /** 保险法 art 23: decide within 30 days of the request and documents (calendar days, RULES.md). */
  decisionDays: 30,
  /** Art 23: pay within 10 days of agreeing the amount. */
  paymentDays: 10,
  /** Art 24: a refusal notice with reasons within 3 days of the decision. */
  refusalNoticeDays: 3,
  /** Art 25: an advance on the part that can be fixed, at 60 days from receipt. */
  advanceDays: 60,
  /** Warnings at 80% of each period (art 25: day 48 of 60). */
  warnFraction: 0.8,
  /** A claims handler decides amounts up to this (分, data); above it a supervisor approves first. */
  handlerBandFen: 5_000_000,
  /** Uploads per checklist item. */
  filesPerItem: 9,
  /** Drafts a member may keep at once. */
  draftsMax: 5,
} as const;

export type ClaimPolicy = typeof CLAIM_POLICY;

/** Why a second documents notice was needed: art 22 asks for one notice, in full (data). */
export const SECOND_NOTICE_REASONS = {
  newFacts: '审核中发现了报案时无法预见的新情况',
  documentUnreadable: '已提交的材料无法辨认或不完整',
  thirdParty: '第三方（医院、公安等）出具的材料提出新的要求',
  other: '其他',
} as const;
export type SecondNoticeReason = keyof typeof SECOND_NOTICE_REASONS;

/** What a refusal letter tells the member they can do (data, compliance). */
export const REFUSAL_REMEDIES: readonly string[] = [
  '向本公司提出投诉或申请复核（可在小程序“我的理赔”中对本决定提出异议）',
  '向国家金融监督管理总局或其派出机构反映',
  '向保险合同争议调解组织申请调解',
  '按合同约定申请仲裁，或向人民法院提起诉讼',
];

export const claimTypeOf = (key: string): ClaimType | undefined => CLAIM_TYPES.find((t) => t.key === key);
