import type { AuditDraft } from './chain';
import type { StaffPrincipal } from '../staff/model';
import type { StaffRequestContext } from '../staff/actions';

/**
 * Audited reads: staff searches and case reads, one entry per request, each with the source address.
 * A case read goes on the case's (or member's) own chain; a search has no subject, so it goes on the
 * searching staff member's own chain (`staffActivity:<staff id>`): no document every reader writes.
 * A query is recorded by kind and masked (138****8000, 张*敏, personal numbers in free text masked),
 * never in clear.
 */
export const STAFF_ACTIVITY = 'staffActivity';

/** The address as handleAdmin passed it, bounded; `unknown` when the front could not tell. */
export const sourceAddress = (request?: StaffRequestContext): string => (request?.source && request.source.trim().slice(0, 100)) || 'unknown';

/** A search: on the staff member's own chain. */
export const searchAudit = (who: StaffPrincipal, action: string, search: { kind: string; query: string; results: number }, request?: StaffRequestContext): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action,
  subjectType: STAFF_ACTIVITY,
  subjectId: who.id,
  detail: { ...search, source: sourceAddress(request) },
});

/** A read of one subject: on that subject's own chain. */
export const readAudit = (
  who: StaffPrincipal,
  action: string,
  subject: { subjectType: string; subjectId: string },
  detail: Record<string, unknown>,
  request?: StaffRequestContext,
): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action,
  ...subject,
  detail: { ...detail, source: sourceAddress(request) },
});
