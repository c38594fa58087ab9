/** The consultation pages (subpackage `consultations`, app.json). */
export const CONSULTATION_ROUTES = {
  list: '/packages/consultations/pages/consultations/consultations',
  ask: '/packages/consultations/pages/consultation-ask/consultation-ask',
  detail: '/packages/consultations/pages/consultation-detail/consultation-detail',
} as const;

export const consultationDetailUrl = (id: string) => `${CONSULTATION_ROUTES.detail}?id=${encodeURIComponent(id)}`;

/** The limits the server enforces (core/consultations/policy.ts), so the page can say them before it asks. */
export const ASK_LIMITS = { questionMin: 5, questionMax: 1000, textMax: 1000, photosMax: 6, commentMax: 300 } as const;

export const TOPIC_OPTIONS = [
  { key: 'insurance', label: '保险咨询', hint: '产品保障、条款、费率等问题' },
  { key: 'coverage', label: '保障查询', hint: '我的保单保不保、保多少' },
  { key: 'enrollment', label: '投保协助', hint: '想投保，需要顾问帮忙制定方案' },
] as const;
