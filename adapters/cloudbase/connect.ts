import tcb from '@cloudbase/node-sdk';
import type { CbDatabase } from './database';

/**
 * One SDK app per warm container (module scope in the function that calls this), reused across
 * invocations. `throwOnCode` turns the SDK's `{ code }` replies into exceptions we can handle.
 */
export const connectCloudbase = (env = process.env.TCB_ENV ?? tcb.SYMBOL_CURRENT_ENV) => {
  const app = tcb.init({ env, throwOnCode: true } as Parameters<typeof tcb.init>[0]);
  return { app, db: app.database() as unknown as CbDatabase };
};
