import { dueText, formatShanghai } from '../shared/shanghaiTime';
import { CORRECTION_FIELDS, REQUEST_KINDS, REQUEST_STATUSES, type PrivacyRequest } from './model';

/** 2026年10月23日（当日24时前）: how members read a deadline (reviews: not `2026-10-23 24:00`). */
export const memberDueText = (iso: string): string => {
  const [date] = dueText(iso).split(' ');
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（当日24时前）`;
};

/** What the member sees of a request: never who handled it, only what was decided and why. */
export const toMemberRequestView = (r: PrivacyRequest) => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  kindLabel: r.closeAccount ? '注销账号' : REQUEST_KINDS[r.kind],
  status: r.status,
  statusLabel: REQUEST_STATUSES[r.status],
  receivedAtText: formatShanghai(new Date(r.receivedAt)),
  dueText: r.status === 'received' ? `${memberDueText(r.dueAt)}${r.dueProvisional ? '（暂定）' : ''}` : undefined,
  detail: r.correction ? `${CORRECTION_FIELDS[r.correction.field]}：${r.correction.detail}` : r.deletionReason,
  completedAtText: r.completedAt ? formatShanghai(new Date(r.completedAt)) : undefined,
  resolutionNote: r.resolutionNote,
  refusalReason: r.refusalReason,
  erased: r.deletion?.erased.filter((e) => e.count > 0).map((e) => e.label),
  /** The member is told which rule keeps each frozen record type (CLARIFICATIONS "Members"). */
  frozen: r.deletion?.frozen.map((f) => ({ label: f.label, basis: f.basis, period: f.period, confirmed: f.confirmed })),
});

export type MemberRequestView = ReturnType<typeof toMemberRequestView>;

/** What staff see: the member masked, the due time as an instant for the countdown. */
export const toStaffRequestView = (r: PrivacyRequest, now: Date) => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  kindLabel: r.closeAccount ? '注销账号（删除申请）' : REQUEST_KINDS[r.kind],
  status: r.status,
  statusLabel: REQUEST_STATUSES[r.status],
  memberId: r.memberId,
  member: r.memberMasked,
  receivedAt: r.receivedAt,
  receivedAtText: formatShanghai(new Date(r.receivedAt)),
  dueAt: r.dueAt,
  dueText: dueText(r.dueAt),
  dueProvisional: r.dueProvisional,
  overdue: r.status === 'received' && now.toISOString() >= r.dueAt,
  correction: r.correction ? { field: r.correction.field, fieldLabel: CORRECTION_FIELDS[r.correction.field], detail: r.correction.detail } : undefined,
  deletionReason: r.deletionReason,
  closeAccount: Boolean(r.closeAccount),
  handledBy: r.handledBy,
  completedAt: r.completedAt,
  resolutionNote: r.resolutionNote,
  refusalReason: r.refusalReason,
  deletion: r.deletion,
  version: r.version,
});

export type StaffRequestView = ReturnType<typeof toStaffRequestView>;
