import type { AuditDraft } from '../audit/chain';
import type { Clock, IdGenerator } from '../shared/ports';
import { localDateOf } from '../shared/shanghaiTime';
import type { SecretBox } from '../staff/ports';
import { memberErrors } from './errors';
import type { Policy } from './model';
import type { PolicyStore } from './ports';
import { readPolicyRows, type PolicyRow, type RowIssue } from './policyRows';
import { sealIdNumber, sealName, sealPhone } from './sealing';

export interface PolicyImportDeps {
  policies: PolicyStore;
  box: SecretBox;
  clock: Clock;
  ids: IdGenerator;
}

export interface PolicyImportRequest {
  csv: string;
  /** Policies in force that the file does not list become lapsed. */
  full: boolean;
  /** The operator's explicit choice to import the valid rows of a file that has bad ones. */
  validRowsOnly: boolean;
  dryRun: boolean;
}

export interface PolicyImportReport {
  batchId?: string;
  rows: number;
  valid: number;
  issues: RowIssue[];
  imported: boolean;
  inserted: number;
  updated: number;
  lapsed: number;
}

export const toPolicy = (box: SecretBox, r: PolicyRow, batchId: string, at: string): Policy => ({
  policyNo: r.policyNo,
  productCode: r.productCode,
  productName: r.productName,
  holder: { name: sealName(box, r.holder.name), idNumber: sealIdNumber(box, r.holder.idNumber), phone: sealPhone(box, r.holder.phone) },
  insured: r.insured.map((p) => ({ name: sealName(box, p.name), idNumber: sealIdNumber(box, p.idNumber), relation: p.relation })),
  coverages: r.coverages,
  effectiveDate: r.effectiveDate,
  expiryDate: r.expiryDate,
  premiumFen: r.premiumFen,
  salesChannel: r.salesChannel,
  sellerId: r.sellerId,
  status: r.status,
  batchId,
  updatedAt: at,
});

/** Rows in the file: the valid ones and every line with an issue (a bad line may have several). */
export const rowCount = (rows: PolicyRow[], issues: RowIssue[]) => rows.length + new Set(issues.filter((i) => i.line > 1).map((i) => i.line)).size;

/**
 * The one rule for a file with bad rows, for the command line and the admin page's job alike: a
 * file-level problem (not CSV, wrong header) always refuses; bad rows refuse unless the operator chose
 * to import only the valid rows; a full import never skips rows (it would lapse the policies on them).
 */
export const refuseBadRows = (issues: RowIssue[], opts: { full: boolean; validRowsOnly: boolean }) => {
  const fileLevel = issues.some((i) => i.line <= 1);
  if (fileLevel || (issues.length && !opts.validRowsOnly))
    throw memberErrors.importRefused(issues.map((i) => ({ path: i.line ? `第${i.line}行 ${i.field}` : i.field, message: i.message })));
  if (opts.full && issues.length) throw memberErrors.importRefused([{ path: 'full', message: '全量导入时不能跳过错误行' }]);
};

/** Labelled by the Shanghai date of the import (an import at 04:40 Shanghai is that day's, not the UTC day before). */
export const newBatchId = (deps: { clock: Clock; ids: IdGenerator }) => `PB${localDateOf(deps.clock.now()).replace(/-/g, '')}-${deps.ids.newId().slice(0, 8)}`;

export const importAudit = (actor: { id: string; role: string }, batchId: string, detail: Record<string, unknown>): AuditDraft => ({
  actorId: actor.id,
  actorRole: actor.role,
  action: 'policy.import',
  subjectType: 'policyBatch',
  subjectId: batchId,
  detail,
});

/**
 * The company's register, imported from its core system. The whole file is checked first and every
 * bad row reported; by default one bad row means nothing is written. A file is written in one
 * transaction under a batch id, so a half-imported register never exists.
 */
export const importPolicies = async (
  deps: PolicyImportDeps,
  actor: { id: string; role: string },
  req: PolicyImportRequest,
): Promise<PolicyImportReport> => {
  const { rows, issues } = readPolicyRows(req.csv);
  const report: PolicyImportReport = { rows: rowCount(rows, issues), valid: rows.length, issues, imported: false, inserted: 0, updated: 0, lapsed: 0 };
  refuseBadRows(issues, { full: false, validRowsOnly: req.validRowsOnly });
  if (req.dryRun || !rows.length) return report;
  refuseBadRows(issues, req);
  const at = deps.clock.now().toISOString();
  const batchId = newBatchId(deps);
  const audit = importAudit(actor, batchId, { rows: report.rows, valid: rows.length, skipped: issues.length, full: req.full });
  const counts = await deps.policies.applyImport({ batchId, policies: rows.map((r) => toPolicy(deps.box, r, batchId, at)), lapseAbsent: req.full, at }, audit);
  return { ...report, batchId, imported: true, ...counts };
};
