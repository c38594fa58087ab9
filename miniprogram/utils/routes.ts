/**
 * Every page's path, in one place. The main package holds home and messages; each area is a
 * subpackage (app.json `subpackages`) that the main package may link to but never `require`.
 * tests/miniprogram/appJson.test.ts checks each path here is a page of app.json.
 */
export const ROUTES = {
  home: '/pages/home/home',
  messages: '/pages/messages/messages',
  complaints: '/packages/complaints/pages/complaints/complaints',
  complaintForm: '/packages/complaints/pages/complaint-form/complaint-form',
  complaintDetail: '/packages/complaints/pages/complaint-detail/complaint-detail',
  complaintGuide: '/packages/complaints/pages/complaint-guide/complaint-guide',
  bind: '/packages/members/pages/bind/bind',
  myData: '/packages/members/pages/my-data/my-data',
  privacyNotice: '/packages/members/pages/privacy-notice/privacy-notice',
  benefits: '/packages/benefits/pages/benefits/benefits',
  consultations: '/packages/consultations/pages/consultations/consultations',
  claims: '/packages/claims/pages/claims/claims',
  educationArticles: '/packages/education/pages/articles/articles',
  educationArticle: '/packages/education/pages/article/article',
} as const;

export const complaintDetailUrl = (id: string) => `${ROUTES.complaintDetail}?id=${encodeURIComponent(id)}`;

/**
 * Pages as they were before the subpackages. Pushes already delivered and message-centre entries
 * already filed carry these paths; WeChat opens them long after the move.
 */
const MOVED: Record<string, string> = {
  'pages/complaints/complaints': ROUTES.complaints,
  'pages/complaint-form/complaint-form': ROUTES.complaintForm,
  'pages/complaint-detail/complaint-detail': ROUTES.complaintDetail,
  'pages/complaint-guide/complaint-guide': ROUTES.complaintGuide,
  'pages/bind/bind': ROUTES.bind,
};

/** The new path of a page that moved into a subpackage (`/` optional, query kept), or undefined. */
export const movedRoute = (url: string): string | undefined => {
  const [path, query] = url.replace(/^\//, '').split('?');
  const moved = MOVED[path];
  if (!moved) return undefined;
  return query === undefined ? moved : `${moved}?${query}`;
};

/** The path to open for a stored page path, whether it predates the move or not. */
export const currentRoute = (url: string): string => movedRoute(url) ?? (url.startsWith('/') ? url : `/${url}`);
