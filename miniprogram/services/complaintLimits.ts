/**
 * The form's limits and choices. The server's schemas are the authority; these mirror them so the
 * member sees a problem before sending (tests/miniprogram checks they match core's numbers).
 */
export const COMPLAINT_LIMITS = {
  descriptionMin: 10,
  descriptionMax: 2000,
  attachmentsMax: 9,
  textMax: 1000,
  commentMax: 500,
  pageSizeMax: 20,
} as const;

/** One photo or PDF, at most (the server's FILE_RULES.maxBytes). */
export const FILE_MAX_BYTES = 5 * 1024 * 1024;

export const CATEGORY_OPTIONS = [
  { key: 'claims', label: '理赔争议' },
  { key: 'sales', label: '销售误导' },
  { key: 'service', label: '服务态度' },
  { key: 'policyChange', label: '保全变更' },
  { key: 'premium', label: '保费扣缴' },
  { key: 'benefits', label: '会员权益' },
  { key: 'privacy', label: '个人信息' },
  { key: 'other', label: '其他' },
] as const;
