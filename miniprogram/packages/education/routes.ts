import { config } from '../../config';

/** The education subpackage's pages (app.json `subpackages`: packages/education). */
export const EDUCATION_ROUTES = {
  articles: '/packages/education/pages/articles/articles',
  article: '/packages/education/pages/article/article',
} as const;

export const articleUrl = (id: string) => `${EDUCATION_ROUTES.article}?id=${encodeURIComponent(id)}`;

/** Image links come from the server (≤ 5 minutes, bound to the member); locally they are the gateway's paths. */
export const imageSrc = (url: string | undefined) => (url && url.startsWith('/') ? `${config.gatewayUrl}${url}` : url ?? '');
