import type { AuditDraft } from '../audit/chain';
import type { StaffPrincipal } from '../staff/model';
import type { StaffRequestContext } from '../staff/actions';
import { sourceAddress } from '../audit/reads';
import { retryOnVersionConflict } from '../shared/retry';
import type { LedgerDeps } from './deps';
import { ledgerErrors } from './errors';
import { clean } from './lifecycle';
import type { Finding, FindingSeverity, Inspection, InspectionKind } from './model';
import { keyHashOf } from './openItem';

const auditOf = (who: StaffPrincipal, action: string, inspectionId: string, detail: Record<string, unknown>, request?: StaffRequestContext): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `ledger.${action}`,
  subjectType: 'ledgerInspection',
  subjectId: inspectionId,
  detail: { ...detail, source: sourceAddress(request) },
});

/** 专项检查: recorded once per key (a retry answers the first). */
export const createInspection = async (
  deps: LedgerDeps,
  who: StaffPrincipal,
  input: { idempotencyKey: string; kind: InspectionKind; title: string; period: string; scope: string; inspector: string },
  request?: StaffRequestContext,
): Promise<{ inspection: Inspection; created: boolean }> => {
  const { idempotencyKey, ...content } = input;
  const requestHash = deps.hash(JSON.stringify(content));
  const at = deps.clock.now().toISOString();
  const inspection: Inspection = {
    id: deps.ids.newId(),
    kind: input.kind,
    title: clean(input.title),
    period: clean(input.period),
    scope: clean(input.scope),
    inspector: clean(input.inspector),
    createdBy: who.id,
    createdAt: at,
    updatedAt: at,
    findingCount: 0,
    version: 1,
  };
  const saved = await deps.store.createInspection({
    inspection,
    keyHash: keyHashOf(deps, 'inspection', who, idempotencyKey),
    requestHash,
    audit: [auditOf(who, 'inspection.create', inspection.id, { kind: inspection.kind, title: inspection.title, period: inspection.period }, request)],
  });
  if (!saved.sameRequest) throw ledgerErrors.idempotencyKeyReused();
  return { inspection: saved.record, created: saved.created };
};

/** A finding under an inspection, numbered in order (问题1, 问题2 …); the inspection's version guards the number. */
export const createFinding = async (
  deps: LedgerDeps,
  who: StaffPrincipal,
  input: { idempotencyKey: string; inspectionId: string; description: string; severity: FindingSeverity },
  request?: StaffRequestContext,
): Promise<{ finding: Finding; created: boolean }> => {
  // Two findings added at once race on the inspection's count: the loser reads again and takes the next number.
  return retryOnVersionConflict(() => addFinding(deps, who, input, request));
};

const addFinding = async (
  deps: LedgerDeps,
  who: StaffPrincipal,
  input: { idempotencyKey: string; inspectionId: string; description: string; severity: FindingSeverity },
  request?: StaffRequestContext,
): Promise<{ finding: Finding; created: boolean }> => {
  const { idempotencyKey, ...content } = input;
  const requestHash = deps.hash(JSON.stringify(content));
  const ins = await deps.store.getInspection(input.inspectionId);
  if (!ins) throw ledgerErrors.inspectionNotFound(input.inspectionId);
  const at = deps.clock.now().toISOString();
  const finding: Finding = {
    id: deps.ids.newId(),
    inspectionId: ins.id,
    seq: ins.findingCount + 1,
    description: clean(input.description),
    severity: input.severity,
    createdBy: who.id,
    createdAt: at,
  };
  const saved = await deps.store.createFinding({
    finding,
    inspection: { ...ins, findingCount: ins.findingCount + 1, updatedAt: at, version: ins.version + 1 },
    expectedVersion: ins.version,
    keyHash: keyHashOf(deps, 'finding', who, idempotencyKey),
    requestHash,
    audit: [auditOf(who, 'finding.create', ins.id, { findingId: finding.id, seq: finding.seq, severity: finding.severity }, request)],
  });
  if (!saved.sameRequest) throw ledgerErrors.idempotencyKeyReused();
  return { finding: saved.record, created: saved.created };
};
