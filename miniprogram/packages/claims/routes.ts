/** The claim pages (subpackage `claims`, app.json). */
export const CLAIM_ROUTES = {
  list: '/packages/claims/pages/claims/claims',
  report: '/packages/claims/pages/claim-report/claim-report',
  detail: '/packages/claims/pages/claim-detail/claim-detail',
  paper: '/packages/claims/pages/claim-paper/claim-paper',
} as const;

export const claimPaperUrl = (id: string, kind: 'receipt' | 'letter') => `${CLAIM_ROUTES.paper}?id=${encodeURIComponent(id)}&kind=${kind}`;

export const claimDetailUrl = (id: string) => `${CLAIM_ROUTES.detail}?id=${encodeURIComponent(id)}`;
export const claimReportUrl = (id: string) => `${CLAIM_ROUTES.report}?id=${encodeURIComponent(id)}`;

/** The limits the server enforces (core/claims/schemas.ts), so the page can say them before it asks. */
export const REPORT_LIMITS = { placeMax: 100, descriptionMin: 10, descriptionMax: 1000 } as const;

/** 元 as typed → integer 分, or undefined when empty; NaN when it is not an amount with at most two decimals. */
export const fenOf = (yuan: string): number | undefined => {
  const t = yuan.trim();
  if (!t) return undefined;
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, cents = ''] = t.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
};

export const CLAIM_KEY_STORAGE = 'claimDraftKey';
