import type * as z from 'zod/mini';
import type { AuditDraft } from '../audit/chain';
import type { StaffPrincipal } from '../staff/model';
import { can, requirePermission } from '../staff/permissions';
import { maskPersonalText } from '../shared/personalText';
import { localDateOf } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import { ledgerDueAt, nextCheckOf } from './deadlines';
import type { LedgerDeps } from './deps';
import { ledgerErrors } from './errors';
import { SOURCE_KINDS, type InspectionKind, type LedgerItem, type LedgerSourceKind } from './model';
import { LEDGER_LABELS, openItemSchema } from './schemas';

/**
 * What any area passes to open a ledger item (整改事项):
 * - `source`: where it came from, `{ kind, ref }` — a finding (`ref` = the finding id: the item joins its
 *   inspection and takes its kind), an early-warning alert (`ref` = alert id), a satisfaction line
 *   (`ref` = e.g. `handler:<id>|2026-Q3`), a complaint's root cause (`ref` = complaint id), a
 *   quality-inspection score (issue 14) or manual entry.
 * - `links`: the cases that raised it, by number (no names are copied onto the ledger).
 * - `deadline`: `{ workingDays }` from the day of opening, or `{ date: 'YYYY-MM-DD' }`; default 20 working days.
 * - `idempotencyKey`: per caller; a retry with the same key and content returns the first item.
 */
export type OpenLedgerItemInput = z.input<typeof openItemSchema>;

export interface OpenLedgerItemResult {
  item: LedgerItem;
  /** False when the key had already opened this item (a retry). */
  created: boolean;
}

/** The category an item files under when the caller does not say: a finding's inspection kind, else by source. */
const DEFAULT_KIND: Record<LedgerSourceKind, InspectionKind> = {
  finding: 'other',
  earlyWarning: 'complaints',
  satisfaction: 'complaints',
  complaintRootCause: 'complaints',
  qualityInspection: 'complaints',
  manual: 'other',
};

/** 整改编号: ZG + the day in Shanghai + a per-day sequence (unique, not gap-free). */
export const formatLedgerNumber = (day: string, seq: number) => `ZG${day}-${String(seq).padStart(4, '0')}`;

/** A number as staff type it (case, spaces, leading zeros do not matter), or undefined. */
export const canonicalLedgerNumber = (q: string): string | undefined => {
  const m = /^ZG(\d{8})-?(\d{1,9})$/i.exec(q.replace(/\s+/g, ''));
  return m ? formatLedgerNumber(m[1], Number(m[2])) : undefined;
};

/** The idempotency scope: a key is the caller's own, so two staff members' keys never collide. */
export const keyHashOf = (deps: Pick<LedgerDeps, 'hash'>, what: string, who: { id: string }, key: string) => deps.hash(`ledger:${what}\n${who.id}\n${key}`);

/** An owner must be an active staff account whose role may own items (ledger.own: every employee, no partner). */
export const loadOwner = async (deps: Pick<LedgerDeps, 'staff'>, ownerId: string) => {
  const owner = await deps.staff.getById(ownerId);
  if (!owner || owner.disabledAt) throw ledgerErrors.ownerNotFound();
  if (!can(owner.role, 'ledger.own')) throw ledgerErrors.ownerNotEligible();
  return owner;
};

/**
 * Opens a ledger item from any source. Needs `ledger.manage` (manager, inspector): the areas that offer
 * "open improvement item" (complaint detail, satisfaction, early warning) call this and inherit the check.
 * Validates the input itself (REQUEST.INVALID, nothing written), so callers may pass what they received.
 * One transaction writes the item, its idempotency key and the audit entry.
 */
export const openLedgerItem = async (deps: LedgerDeps, who: StaffPrincipal, raw: OpenLedgerItemInput): Promise<OpenLedgerItemResult> => {
  requirePermission(who, 'ledger.manage');
  const input = parseInput(openItemSchema, raw, LEDGER_LABELS);
  const { idempotencyKey, ...content } = input;
  const requestHash = deps.hash(JSON.stringify(content));
  const keyHash = keyHashOf(deps, 'item', who, idempotencyKey);

  let kind: InspectionKind = input.kind ?? DEFAULT_KIND[input.source.kind];
  let inspectionId: string | undefined;
  let findingId: string | undefined;
  if (input.source.kind === 'finding') {
    const finding = await deps.store.getFinding(input.source.ref);
    if (!finding) throw ledgerErrors.sourceMismatch();
    const inspection = await deps.store.getInspection(finding.inspectionId);
    if (!inspection) throw ledgerErrors.inspectionNotFound(finding.inspectionId);
    inspectionId = inspection.id;
    findingId = finding.id;
    kind = input.kind ?? inspection.kind;
  }
  const owner = await loadOwner(deps, input.ownerId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const due = ledgerDueAt(deps.calendar, now, input.deadline, now);
  const id = deps.ids.newId();
  const number = formatLedgerNumber(localDateOf(now).replace(/-/g, ''), await deps.store.nextSequence(`ledger:${localDateOf(now).replace(/-/g, '')}`));
  const sourceText = `${SOURCE_KINDS[input.source.kind]}${input.source.label ? `（${input.source.label}）` : ''}`;
  const base = {
    id,
    number,
    kind,
    // The ledger never holds a personal number (managers and inspectors read it): masked as written.
    title: maskPersonalText(input.title).text,
    description: maskPersonalText(input.description).text,
    source: { kind: input.source.kind, ref: input.source.ref, ...(input.source.label ? { label: input.source.label } : {}) },
    ...(inspectionId ? { inspectionId, findingId } : {}),
    links: dedupeLinks(input.links),
    ownerId: owner.id,
    status: 'open' as const,
    openedAt: at,
    openedBy: who.id,
    deadline: input.deadline,
    ...due,
    evidence: [],
    timeline: [{ at, kind: 'opened' as const, by: who.id, text: `${who.name}登记整改事项，来源：${sourceText}，责任人：${owner.displayName}` }],
    createdByRequest: requestHash,
    updatedAt: at,
    version: 1,
  };
  const next = nextCheckOf(base);
  const item: LedgerItem = { ...base, ...(next ? { nextCheckAt: next } : {}) };
  const audit: AuditDraft = {
    actorId: who.id,
    actorRole: who.role,
    action: 'ledger.item.open',
    subjectType: 'ledgerItem',
    subjectId: id,
    detail: { number, source: item.source.kind, ref: item.source.ref, ownerId: owner.id, dueAt: item.dueAt, links: item.links.map((l) => `${l.area}:${l.number}`) },
  };
  const saved = await deps.store.createItem({ item, keyHash, requestHash, audit: [audit] });
  if (!saved.sameRequest) throw ledgerErrors.idempotencyKeyReused();
  return { item: saved.record, created: saved.created };
};

const dedupeLinks = <T extends { area: string; id: string }>(links: readonly T[]): T[] => {
  const seen = new Set<string>();
  return links.filter((l) => {
    const k = `${l.area}:${l.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};
