import { declaredTemplates } from '../../core/notifications/areas';
import { NOTIFICATION_AREAS } from './notificationAreas';

/**
 * Deployment configuration, from the environment with development defaults.
 * Subscribe-message template ids are issued per mini-program in the WeChat console; each area
 * declares the variable its ids come from (TPL_COMPLAINT_PROGRESS …). Locally an unset variable
 * gives a development id named after it (dev-tpl-complaint-progress).
 */
export const devTemplateId = (envVar: string) => `dev-${envVar.toLowerCase().replace(/_/g, '-')}`;

/** A development id (dev-tpl-…): never valid in the cloud (server/runtime/startupCheck.ts, deploy/config.ts). */
export const isDevTemplateId = (id: string) => /^dev-/.test(id);

/** Template ids by `<area>.<template>`. */
export const subscribeTemplateIds = (env: NodeJS.ProcessEnv = process.env): Record<string, string> =>
  Object.fromEntries(Object.entries(declaredTemplates(NOTIFICATION_AREAS)).map(([key, d]) => [key, env[d.envVar] || devTemplateId(d.envVar)]));

export const knownTemplateIds = (env: NodeJS.ProcessEnv = process.env): string[] => Object.values(subscribeTemplateIds(env));
