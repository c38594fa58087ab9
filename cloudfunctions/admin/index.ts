import path from 'node:path';
import { adminHttpFunction } from '../../server/runtime/adminFunctionHttp';
import { loadStaticSite } from '../../server/runtime/adminStatic';
import { jsonLogger } from '../../server/runtime/log';
import { cloudAdminDeps } from './cloudDeps';
import { assertStartable } from '../../server/runtime/startupCheck';

assertStartable('admin');
const deps = cloudAdminDeps();
const log = jsonLogger({ fn: 'admin' });

/**
 * HTTP-triggered (CloudBase HTTP access service at /admin, deploy/plan.ts ADMIN_HTTP_ROUTE): the page, its
 * assets (packed into ./static by scripts/buildFunctions.ts) and /admin/api on one origin, the env's default
 * domain, so the session cookie stays first-party without static hosting or a custom domain.
 */
export const main = adminHttpFunction(deps, loadStaticSite(path.join(__dirname, 'static')), log);
