import * as z from 'zod/mini';
import type { AuditDraft } from '../audit/chain';
import type { ConsentGate } from '../members/ports';
import { formatShanghai } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import type { PrivacyDeps } from './deps';
import { privacyErrors } from './errors';
import { CONSENT_KINDS, type ConsentAction, type ConsentEvent, type ConsentKind } from './model';

const LABELS = { kind: '授权类型', noticeVersion: '隐私政策版本', agree: '是否同意' };
const answerSchema = z.strictObject({ noticeVersion: z.string().check(z.minLength(1), z.maxLength(20)), agree: z.boolean() });
const kindSchema = z.strictObject({ kind: z.enum(['general', 'sensitive']) });
const sensitiveSchema = z.strictObject({ noticeVersion: z.string().check(z.minLength(1), z.maxLength(20)) });

export interface ConsentState {
  kind: ConsentKind;
  label: string;
  /** In force: the latest event is `given` (for general: of the current notice version). */
  inForce: boolean;
  lastAction?: ConsentAction;
  noticeVersion?: string;
  at?: string;
  atText?: string;
}

const latest = (events: ConsentEvent[], kind: ConsentKind) => [...events].reverse().find((e) => e.kind === kind);

const stateOf = (events: ConsentEvent[], kind: ConsentKind, currentVersion: string): ConsentState => {
  const e = latest(events, kind);
  // The general consent is to one version of the notice: a new version needs a new consent.
  // The sensitive consent is to a purpose (单独同意) and stays until withdrawn.
  const inForce = e?.action === 'given' && (kind === 'sensitive' || e.noticeVersion === currentVersion);
  return {
    kind,
    label: CONSENT_KINDS[kind],
    inForce,
    lastAction: e?.action,
    noticeVersion: e?.noticeVersion,
    at: e?.at,
    atText: e ? formatShanghai(new Date(e.at)) : undefined,
  };
};

export const consentStates = (events: ConsentEvent[], currentVersion: string) => ({
  general: stateOf(events, 'general', currentVersion),
  sensitive: stateOf(events, 'sensitive', currentVersion),
});

const auditOf = (memberId: string, action: string, detail: Record<string, unknown>): AuditDraft => ({
  actorId: memberId,
  actorRole: 'member',
  action: `privacy.${action}`,
  subjectType: 'member',
  subjectId: memberId,
  detail,
});

/**
 * Events are ordered by time; one made in the same millisecond as the member's latest (a withdrawal
 * right after a consent) is placed a millisecond after it, so the latest event is always the state.
 */
const event = (deps: PrivacyDeps, memberId: string, kind: ConsentKind, action: ConsentAction, noticeVersion: string, earlier: ConsentEvent[]): ConsentEvent => {
  const last = earlier[earlier.length - 1];
  const now = deps.clock.now().getTime();
  return {
    id: deps.ids.newId(),
    memberId,
    kind,
    action,
    noticeVersion,
    at: new Date(last ? Math.max(now, Date.parse(last.at) + 1) : now).toISOString(),
  };
};

/**
 * What the home page asks on every open: is the member's consent to the current notice in force?
 * A member who declined, or consented to an older version, is asked again (CLARIFICATIONS "Members").
 */
export const privacyStatus = async (deps: PrivacyDeps, memberId: string) => {
  const states = consentStates(await deps.records.consentsOf(memberId), deps.notice.version);
  return {
    notice: { version: deps.notice.version, effectiveDate: deps.notice.effectiveDate, title: deps.notice.title, summary: deps.notice.summary },
    needsConsent: !states.general.inForce,
    /** The member consented to an earlier version: the sheet says the notice changed. */
    noticeUpdated: states.general.lastAction === 'given' && !states.general.inForce,
    ...states,
  };
};

/** The notice in full, for the notice page (one source for the version and the text). */
export const privacyNoticeText = async (deps: PrivacyDeps) => deps.notice;

/**
 * 同意 / 不同意 on the consent sheet, for the version the member was shown: an answer to an older
 * version (the notice changed while the sheet was open) is refused, so no one consents to text they did not see.
 */
export const answerPrivacyNotice = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const input = parseInput(answerSchema, raw, LABELS);
  if (input.noticeVersion !== deps.notice.version) throw privacyErrors.staleNotice(deps.notice.version);
  const action: ConsentAction = input.agree ? 'given' : 'declined';
  const e = event(deps, memberId, 'general', action, input.noticeVersion, await deps.records.consentsOf(memberId));
  await deps.records.appendConsents([e], auditOf(memberId, `consent.general.${action}`, { noticeVersion: e.noticeVersion }));
  return privacyStatus(deps, memberId);
};

/** 单独同意 for sensitive data (health, financial accounts), asked separately and only after the general consent. */
export const giveSensitiveConsent = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const input = parseInput(sensitiveSchema, raw, LABELS);
  if (input.noticeVersion !== deps.notice.version) throw privacyErrors.staleNotice(deps.notice.version);
  const earlier = await deps.records.consentsOf(memberId);
  const states = consentStates(earlier, deps.notice.version);
  if (!states.general.inForce) throw privacyErrors.needsGeneralConsent();
  const e = event(deps, memberId, 'sensitive', 'given', input.noticeVersion, earlier);
  await deps.records.appendConsents([e], auditOf(memberId, 'consent.sensitive.given', { noticeVersion: e.noticeVersion }));
  return privacyStatus(deps, memberId);
};

/**
 * Withdrawing a consent (PIPL art 15). Withdrawing the general consent also ends the sensitive one,
 * which rests on it. Withdrawing the sensitive consent stops new sensitive uploads; what a claim already
 * holds stays (frozen for other uses).
 */
export const withdrawConsent = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const { kind } = parseInput(kindSchema, raw, LABELS);
  const earlier = await deps.records.consentsOf(memberId);
  const states = consentStates(earlier, deps.notice.version);
  const state = states[kind];
  if (state.lastAction !== 'given') throw privacyErrors.notConsented(kind);
  const kinds: ConsentKind[] = kind === 'general' && states.sensitive.lastAction === 'given' ? ['general', 'sensitive'] : [kind];
  const events = kinds.map((k) => event(deps, memberId, k, 'withdrawn', deps.notice.version, earlier));
  await deps.records.appendConsents(events, auditOf(memberId, `consent.${kind}.withdrawn`, { kinds }));
  return privacyStatus(deps, memberId);
};

/**
 * The gate every sensitive upload (medical documents, bank details on a claim) passes first: without
 * the sensitive consent in force it fails with PRIVACY.SENSITIVE_CONSENT_REQUIRED and nothing is stored.
 */
export const assertSensitiveUploadAllowed = async (deps: Pick<PrivacyDeps, 'records' | 'notice'>, memberId: string): Promise<void> => {
  const states = consentStates(await deps.records.consentsOf(memberId), deps.notice.version);
  if (!states.general.inForce || !states.sensitive.inForce) throw privacyErrors.sensitiveConsentMissing();
};

/**
 * The port binding checks (core/members ConsentGate): the general consent to the current notice is in
 * force. Built from the privacy store where the deps are wired, so core/members never reads consents itself.
 */
export const consentGate = (deps: Pick<PrivacyDeps, 'records' | 'notice'>): ConsentGate => ({
  hasCurrentConsent: async (memberId) => consentStates(await deps.records.consentsOf(memberId), deps.notice.version).general.inForce,
});

export const withdrawAllConsents = (deps: PrivacyDeps, memberId: string, events: ConsentEvent[]): ConsentEvent[] => {
  const states = consentStates(events, deps.notice.version);
  return (['general', 'sensitive'] as const)
    .filter((k) => states[k].lastAction === 'given')
    .map((k) => event(deps, memberId, k, 'withdrawn', deps.notice.version, events));
};
