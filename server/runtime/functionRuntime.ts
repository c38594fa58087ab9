import * as z from 'zod/mini';
import type { ApiReply } from '../../typings/api';
import { DomainError, commonErrors, isDomainError } from '../../core/shared/errors';
import { MAX_JSON_DEPTH, inspectTree, loneSurrogateError, parseInput } from '../../core/shared/validation';
import type { Logger } from './log';
import { storeFault } from './storeFaults';

/** Who is calling, as the platform says: never taken from the request body. */
export type Caller = { kind: 'member'; openid: string } | { kind: 'timer' };

export type Action<D> = (deps: D, caller: Caller, data: unknown) => Promise<unknown>;
export type ActionTable<D> = Record<string, Action<D>>;

/** CloudBase refuses request bodies over 100 KB; the gateway and handlers hold the same line. */
export const MAX_EVENT_BYTES = 100 * 1024;

const envelope = z.strictObject({ action: z.string().check(z.minLength(1), z.maxLength(64)), data: z.optional(z.unknown()) });

export const errorReply = (e: DomainError): ApiReply<never> => ({
  ok: false,
  error: {
    code: e.code,
    message: e.memberMessage,
    ...(Array.isArray(e.details?.issues) ? { issues: e.details!.issues as { path: string; message: string; reason?: string }[] } : {}),
    ...(typeof e.details?.retryAfterSeconds === 'number' ? { retryAfterSeconds: e.details.retryAfterSeconds } : {}),
  },
});

/** The one mapping from an error code to an HTTP status, for every HTTP front (gateway, admin function). */
export const httpStatusFor = (code: string): number => {
  if (code.startsWith('AUTH.UNAUTH') || ['AUTH.MFA_REQUIRED', 'AUTH.BAD_CREDENTIALS', 'AUTH.BAD_TOTP'].includes(code)) return 401;
  if (code === 'AUTH.LOCKED') return 423;
  if (code === 'AUTH.THROTTLED') return 429;
  if (code === 'RATE.LIMITED') return 429;
  if (code.startsWith('AUTH.')) return 403;
  // Someone else's case, consultation, sample or policy (COMPLAINT.NOT_YOUR_CASE, CONSULTATION.NOT_YOURS…): forbidden,
  // not malformed. A file id that is missing *or* someone else's (ATTACHMENT.NOT_YOURS, LEDGER.UPLOAD_NOT_YOURS)
  // deliberately does not say which, so it stays a bad-input 400.
  if (/NOT_YOUR(S|_[A-Z]+)?$/.test(code) && !/(^ATTACHMENT\.|UPLOAD_NOT_YOURS$)/.test(code)) return 403;
  if (code.endsWith('NOT_FOUND')) return 404;
  if (code.endsWith('VERSION_CONFLICT')) return 409;
  if (code === 'REQUEST.HEADERS_TOO_LARGE') return 431;
  if (code === 'REQUEST.TIMEOUT') return 408;
  if (code.endsWith('TOO_LARGE')) return 413;
  if (code === 'REQUEST.NOT_JSON') return 415;
  if (code === 'STORE.BUSY' || code === 'STORE.UNAVAILABLE') return 503;
  if (code === 'INTERNAL') return 500;
  return 400;
};

export const INTERNAL: ApiReply<never> = { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };

/**
 * The one way a function answers: validate the envelope, run the action, turn expected failures into
 * their code and Chinese message, and anything unexpected into INTERNAL (logged, never shown).
 */
export const dispatch = async <D>(
  table: ActionTable<D>,
  deps: D,
  caller: Caller | DomainError,
  event: unknown,
  log: Logger,
): Promise<ApiReply<unknown>> => {
  const started = Date.now();
  let action = '?';
  try {
    // The platform hands over an event it already parsed: its depth is walked without recursion
    // before anything recursive (the size below) touches it, so 10,000 levels are a 400, not a 500.
    const tree = inspectTree(event, MAX_JSON_DEPTH);
    if (tree.tooDeep) throw commonErrors.tooDeep(MAX_JSON_DEPTH);
    const size = Buffer.byteLength(JSON.stringify(event ?? null));
    if (size > MAX_EVENT_BYTES) throw commonErrors.tooLarge(size, MAX_EVENT_BYTES);
    // Identity first: an unauthenticated or refused caller learns nothing about the API's shape.
    if (caller instanceof DomainError) throw caller;
    // A lone surrogate anywhere (`"\ud800"` is valid JSON) is not text: refused before any action reads it.
    if (tree.loneSurrogateAt !== undefined) throw loneSurrogateError(tree.loneSurrogateAt);
    const req = parseInput(envelope, event, { action: '操作', data: '数据' });
    action = req.action;
    const run = Object.prototype.hasOwnProperty.call(table, req.action) ? table[req.action] : undefined;
    if (!run) throw commonErrors.unknownAction(req.action);
    const data = await run(deps, caller, req.data);
    log.info('call ok', { action, ms: Date.now() - started });
    return { ok: true, data };
  } catch (e) {
    if (isDomainError(e)) {
      log.info('call refused', { action, code: e.code, reason: e.logMessage, ms: Date.now() - started });
      return errorReply(e);
    }
    // Disk full, read-only or failing store: a coded 503 the member can read (server/runtime/storeFaults.ts).
    const fault = storeFault(e);
    log.error(fault ? 'store unavailable' : 'call failed', { action, error: e instanceof Error ? e.stack : String(e) });
    return fault ? errorReply(fault) : INTERNAL;
  }
};

export const requireMember = (caller: Caller): string => {
  if (caller.kind !== 'member') throw commonErrors.unauthenticated();
  return caller.openid;
};
