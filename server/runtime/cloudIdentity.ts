import tcb from '@cloudbase/node-sdk';
import { commonErrors, type DomainError } from '../../core/shared/errors';
import type { Caller } from './functionRuntime';

/** True inside a CloudBase/SCF function container. */
export const isCloudRuntime = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.TENCENTCLOUD_RUNENV || env.SCF_NAMESPACE);

/**
 * The caller of a deployed function: OPENID from the call context the platform fills in. A
 * development sign-in token in the event is refused outright: it is only ever valid on the local gateway.
 */
export const cloudCaller = (event: unknown, context: unknown): Caller | DomainError => {
  if (event && typeof event === 'object' && ('devToken' in event || 'authorization' in event)) return commonErrors.devTokenRefused();
  let ctx: ReturnType<typeof tcb.getCloudbaseContext>;
  try {
    ctx = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]);
  } catch {
    return commonErrors.unauthenticated(); // not a context the platform made
  }
  if (ctx.TCB_SOURCE?.includes('wx_trigger') || ctx.TRIGGER_SRC === 'timer') return { kind: 'timer' };
  if (!ctx.WX_OPENID) return commonErrors.unauthenticated();
  return { kind: 'member', openid: ctx.WX_OPENID };
};

/** The event without the fields the platform adds, so the envelope check sees only what the client sent. */
export const clientEvent = (event: unknown): unknown => {
  if (!event || typeof event !== 'object') return event;
  const { userInfo: _platformUserInfo, ...rest } = event as Record<string, unknown>;
  return rest;
};
