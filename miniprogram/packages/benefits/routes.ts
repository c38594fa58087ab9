/** The benefits subpackage's pages (app.json `subpackages`: packages/benefits). */
export const BENEFIT_ROUTES = {
  benefits: '/packages/benefits/pages/benefits/benefits',
  detail: '/packages/benefits/pages/benefit-detail/benefit-detail',
  myBookings: '/packages/benefits/pages/my-bookings/my-bookings',
  bind: '/packages/members/pages/bind/bind',
} as const;

export const benefitDetailUrl = (id: string) => `${BENEFIT_ROUTES.detail}?id=${encodeURIComponent(id)}`;

/** A refusal that needs binding first: the page shows the bind prompt instead of an error. */
export const BINDING_REQUIRED = 'BENEFITS.BINDING_REQUIRED';
