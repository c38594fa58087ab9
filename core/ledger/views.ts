import { ROLE_LABELS, type StaffUser } from '../staff/model';
import { isOverdue } from './deadlines';
import {
  FINDING_SEVERITIES,
  INSPECTION_KINDS,
  LEDGER_STATUSES,
  LINK_AREAS,
  SOURCE_KINDS,
  type Finding,
  type Inspection,
  type LedgerItem,
} from './model';

/** Staff display names by id (accounts are few); ids the list does not know read as 已停用账号. */
export type Names = (id: string) => string;
export const namesOf = (staff: readonly StaffUser[]): Names => {
  const m = new Map(staff.map((s) => [s.id, s.displayName]));
  return (id) => (id === 'system' ? '系统' : (m.get(id) ?? '未知账号'));
};

/** One line of the ledger list. Linked cases by number only: no member's name is ever on the ledger. */
export const toItemRow = (i: LedgerItem, names: Names, now: string) => ({
  id: i.id,
  number: i.number,
  title: i.title,
  kind: i.kind,
  kindLabel: INSPECTION_KINDS[i.kind],
  status: i.status,
  statusLabel: LEDGER_STATUSES[i.status],
  ownerId: i.ownerId,
  ownerName: names(i.ownerId),
  dueAt: i.dueAt,
  dueProvisional: i.dueProvisional,
  overdue: isOverdue(i, now),
  breachedAt: i.breachedAt,
  escalatedTo: i.escalatedTo && { name: i.escalatedTo.name, at: i.escalatedTo.at },
  source: { kind: i.source.kind, kindLabel: SOURCE_KINDS[i.source.kind], ...(i.source.label ? { label: i.source.label } : {}) },
  linkCount: i.links.length,
  evidenceCount: i.evidence.length,
  version: i.version,
});

export const toItemDetail = (
  i: LedgerItem,
  names: Names,
  now: string,
  context: { inspection?: Inspection | null; finding?: Finding | null },
  may: Record<string, boolean>,
) => ({
  ...toItemRow(i, names, now),
  description: i.description,
  sourceRef: i.source.ref,
  deadline: i.deadline,
  openedAt: i.openedAt,
  openedBy: names(i.openedBy),
  submittedAt: i.submittedAt,
  verifiedBy: i.verifiedBy && names(i.verifiedBy),
  closedAt: i.closedAt,
  warnedAt: i.warnedAt,
  links: i.links.map((l) => ({ ...l, areaLabel: LINK_AREAS[l.area] })),
  evidence: i.evidence.map((e) => ({ fileId: e.fileId, name: e.name, note: e.note, uploadedBy: names(e.uploadedBy), uploadedAt: e.uploadedAt })),
  timeline: i.timeline.map((t) => ({ ...t, byName: names(t.by) })),
  inspection: context.inspection && { id: context.inspection.id, title: context.inspection.title, kindLabel: INSPECTION_KINDS[context.inspection.kind] },
  finding: context.finding && { id: context.finding.id, seq: context.finding.seq, description: context.finding.description },
  may,
});

export const toInspectionView = (i: Inspection, names: Names) => ({
  ...i,
  kindLabel: INSPECTION_KINDS[i.kind],
  createdByName: names(i.createdBy),
});

export const toFindingView = (f: Finding, names: Names) => ({
  ...f,
  severityLabel: FINDING_SEVERITIES[f.severity],
  createdByName: names(f.createdBy),
});

/** People an item can be given to: active staff, partners excepted, with their role and team. */
export const toOwnerOption = (s: StaffUser) => ({ id: s.id, name: s.displayName, role: s.role, roleLabel: ROLE_LABELS[s.role], team: s.team });
