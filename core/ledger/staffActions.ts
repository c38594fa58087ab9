import * as z from 'zod/mini';
import { pageOut } from '../shared/page';
import type { AuditDraft } from '../audit/chain';
import { commonErrors } from '../shared/errors';
import { readAudit, sourceAddress } from '../audit/reads';
import { fileErrors, fileLink, sniffFile } from '../shared/files';
import { defineStaffAction, type StaffRequestContext } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { can } from '../staff/permissions';
import { staffUploadOwner } from './attachmentArea';
import type { StaffLedgerDeps } from './deps';
import { ledgerErrors } from './errors';
import { createFinding, createInspection } from './inspections';
import * as life from './lifecycle';
import { LEDGER_RULES, type LedgerItem } from './model';
import { canonicalLedgerNumber, loadOwner, openLedgerItem } from './openItem';
import {
  byIdSchema,
  changeDeadlineSchema,
  createFindingSchema,
  createInspectionSchema,
  evidenceSchema,
  evidenceUrlSchema,
  LEDGER_LABELS as L,
  listInspectionsSchema,
  listItemsSchema,
  openItemSchema,
  progressSchema,
  reassignSchema,
  returnSchema,
  startSchema,
  submitSchema,
  verifySchema,
} from './schemas';
import { namesOf, toFindingView, toInspectionView, toItemDetail, toItemRow, toOwnerOption } from './views';

/** The admin API's one field for the ledger; absent where it is not deployed: actions answer LEDGER.UNAVAILABLE. */
export interface LedgerAdminDeps {
  ledger?: StaffLedgerDeps;
}

const need = (deps: LedgerAdminDeps): StaffLedgerDeps => {
  if (!deps.ledger) throw ledgerErrors.unavailable();
  return deps.ledger;
};

const isOwner = (who: StaffPrincipal, i: LedgerItem) => who.id === i.ownerId;

/** Reading an item: the ledger's readers, and its owner whatever their role. Anyone else learns nothing (NOT_FOUND). */
const loadVisible = async (d: StaffLedgerDeps, who: StaffPrincipal, id: string) => {
  const i = await d.store.getItem(id);
  if (!i || !(can(who.role, 'ledger.read') || isOwner(who, i))) throw ledgerErrors.notFound(id);
  return i;
};

/** Progress and evidence: the owner, or those who manage the ledger. */
const loadForWork = async (d: StaffLedgerDeps, who: StaffPrincipal, id: string) => {
  const i = await loadVisible(d, who, id);
  if (!isOwner(who, i) && !can(who.role, 'ledger.manage')) throw ledgerErrors.notOwner();
  return i;
};

/** Staff edits carry the version they read: a change made since is a conflict, not a silent overwrite. */
const checkVersion = (i: LedgerItem, version: number) => {
  if (i.version !== version) throw commonErrors.versionConflict('LEDGER', i.id);
};

const auditOf = (who: StaffPrincipal, action: string, i: LedgerItem, detail: Record<string, unknown>, request?: StaffRequestContext): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `ledger.item.${action}`,
  subjectType: 'ledgerItem',
  subjectId: i.id,
  detail: { number: i.number, ...detail, source: sourceAddress(request) },
});

/** Writes the change (version checked against what the caller read) with its audit entry. */
const save = async (d: StaffLedgerDeps, before: LedgerItem, after: LedgerItem, audit: AuditDraft) => {
  const item = { ...after, version: before.version + 1 };
  await d.store.updateItem({ item, expectedVersion: before.version, audit: [audit] });
  return item;
};

const actOf = (d: StaffLedgerDeps, who: StaffPrincipal): life.Act => ({ at: d.clock.now().toISOString(), by: who.id, name: who.name });

/** What this staff member may do on this item now, for the page's buttons. */
const mayOf = (who: StaffPrincipal, i: LedgerItem): Record<string, boolean> => {
  const work = isOwner(who, i) || can(who.role, 'ledger.manage');
  const working = i.status === 'open' || i.status === 'inProgress';
  const verifier = can(who.role, 'ledger.verify') && !isOwner(who, i) && i.status === 'awaitingVerification';
  const manage = can(who.role, 'ledger.manage') && i.status !== 'closed';
  return {
    start: work && i.status === 'open',
    progress: work && working,
    evidence: work && working && i.evidence.length < LEDGER_RULES.maxEvidence,
    submit: work && working && i.evidence.length > 0,
    verify: verifier,
    return: verifier,
    reassign: manage,
    changeDeadline: manage,
  };
};


// ——— Reads ———

export const ledgerInspections = defineStaffAction({
  permission: 'ledger.read',
  input: listInspectionsSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, _who, { limit, cursor }) => {
    const d = need(deps);
    const names = namesOf(await d.staff.list());
    const page = await d.store.listInspections({ limit, cursor });
    return pageOut(page.items.map((i) => toInspectionView(i, names)), page.nextCursor);
  },
});

export const ledgerInspection = defineStaffAction({
  permission: 'ledger.read',
  input: byIdSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, _who, { id }) => {
    const d = need(deps);
    const ins = await d.store.getInspection(id);
    if (!ins) throw ledgerErrors.inspectionNotFound(id);
    const names = namesOf(await d.staff.list());
    const findings = await d.store.listFindings(id);
    const items = await d.store.listItems({ inspectionId: id }, { limit: 50 });
    const now = d.clock.now().toISOString();
    return {
      inspection: toInspectionView(ins, names),
      findings: findings.map((f) => ({ ...toFindingView(f, names), items: items.items.filter((i) => i.findingId === f.id).map((i) => toItemRow(i, names, now)) })),
    };
  },
});

/**
 * The ledger list. Readers filter freely; anyone else (an item's owner without `ledger.read`) sees only
 * their own items. Overdue = still with the owner and past its due time.
 */
export const ledgerItems = defineStaffAction({
  permission: 'ledger.own',
  input: listItemsSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, { limit, cursor, overdue, mine, ownerId, ...filter }) => {
    const d = need(deps);
    const now = d.clock.now().toISOString();
    const reader = can(who.role, 'ledger.read');
    const owner = mine || !reader ? who.id : ownerId;
    const page = await d.store.listItems({ ...filter, ...(owner ? { ownerId: owner } : {}), ...(overdue ? { overdueAt: now } : {}) }, { limit, cursor });
    const names = namesOf(await d.staff.list());
    return { ...pageOut(page.items.map((i) => toItemRow(i, names, now)), page.nextCursor), canReadAll: reader };
  },
});

export const ledgerSearch = defineStaffAction({
  permission: 'ledger.read',
  input: z.strictObject({ number: z.string().check(z.trim(), z.minLength(1), z.maxLength(30)) }),
  labels: { number: '整改编号' },
  run: async (deps: LedgerAdminDeps, _who, { number }) => {
    const d = need(deps);
    const canonical = canonicalLedgerNumber(number);
    const found = canonical ? await d.store.byNumber(canonical) : null;
    const names = namesOf(await d.staff.list());
    return { items: found ? [toItemRow(found, names, d.clock.now().toISOString())] : [] };
  },
});

export const ledgerItem = defineStaffAction({
  permission: 'ledger.own',
  input: byIdSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, { id }, request?: StaffRequestContext) => {
    const d = need(deps);
    const i = await loadVisible(d, who, id);
    const names = namesOf(await d.staff.list());
    const [inspection, finding] = await Promise.all([
      i.inspectionId ? d.store.getInspection(i.inspectionId) : null,
      i.findingId ? d.store.getFinding(i.findingId) : null,
    ]);
    await d.audit.append(readAudit(who, 'ledger.item.read', { subjectType: 'ledgerItem', subjectId: i.id }, { number: i.number }, request));
    return toItemDetail(i, names, d.clock.now().toISOString(), { inspection, finding }, mayOf(who, i));
  },
});

/** Who an item can be given to (active staff, partners excepted): the owner picker and the list's owner filter. */
export const ledgerOwners = defineStaffAction({
  permission: 'ledger.read',
  input: z.strictObject({}),
  run: async (deps: LedgerAdminDeps) => {
    const d = need(deps);
    return { items: (await d.staff.list()).filter((s) => !s.disabledAt && can(s.role, 'ledger.own')).map(toOwnerOption) };
  },
});

/** A link (≤ 5 minutes) to one evidence file of the item; every link handed out is audited. */
export const ledgerEvidenceUrl = defineStaffAction({
  permission: 'ledger.own',
  input: evidenceUrlSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, { id, fileId }, request?: StaffRequestContext) => {
    const d = need(deps);
    const i = await loadVisible(d, who, id);
    if (!i.evidence.some((e) => e.fileId === fileId)) throw fileErrors.notOnRecord();
    const link = await fileLink(d.files, fileId, `staff:${who.id}`, d.clock.now());
    await d.audit.append(readAudit(who, 'ledger.item.viewEvidence', { subjectType: 'ledgerItem', subjectId: i.id }, { number: i.number, fileId, expiresAt: link.expiresAt }, request));
    return link;
  },
});

// ——— Writes ———

export const ledgerCreateInspection = defineStaffAction({
  permission: 'ledger.manage',
  input: createInspectionSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const { inspection, created } = await createInspection(d, who, input, request);
    return { inspection: toInspectionView(inspection, namesOf(await d.staff.list())), created };
  },
});

export const ledgerCreateFinding = defineStaffAction({
  permission: 'ledger.manage',
  input: createFindingSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const { finding, created } = await createFinding(d, who, input, request);
    return { finding: toFindingView(finding, namesOf(await d.staff.list())), created };
  },
});

/** 登记整改事项 from the ledger screen (or, with the same record, from a complaint or a satisfaction line). */
export const ledgerOpen = defineStaffAction({
  permission: 'ledger.manage',
  input: openItemSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, input) => {
    const d = need(deps);
    const { item, created } = await openLedgerItem(d, who, input);
    return { item: toItemRow(item, namesOf(await d.staff.list()), d.clock.now().toISOString()), created };
  },
});

/** A write on one item: load, check who and version, apply, save with its audit entry, answer the new detail row. */
const itemWrite = <I extends { id: string; version: number }>(
  permission: 'ledger.verify' | 'ledger.manage' | 'ledger.own',
  input: z.ZodMiniType<I>,
  action: string,
  apply: (d: StaffLedgerDeps, who: StaffPrincipal, i: LedgerItem, input: I) => Promise<{ item: LedgerItem; detail: Record<string, unknown> }>,
) =>
  defineStaffAction({
    permission,
    input,
    labels: L,
    run: async (deps: LedgerAdminDeps, who: StaffPrincipal, raw: I, request?: StaffRequestContext) => {
      const d = need(deps);
      const before = permission === 'ledger.own' ? await loadForWork(d, who, raw.id) : await loadVisible(d, who, raw.id);
      checkVersion(before, raw.version);
      const { item, detail } = await apply(d, who, before, raw);
      const saved = await save(d, before, item, auditOf(who, action, before, detail, request));
      return { item: toItemRow(saved, namesOf(await d.staff.list()), d.clock.now().toISOString()) };
    },
  });

export const ledgerWrites = {
  start: itemWrite('ledger.own', startSchema, 'start', async (d, who, i, { note }) => ({ item: life.startWork(i, actOf(d, who), note), detail: {} })),
  progress: itemWrite('ledger.own', progressSchema, 'progress', async (d, who, i, { note }) => ({ item: life.recordProgress(i, actOf(d, who), note), detail: { note: life.clean(note) } })),
  submit: itemWrite('ledger.own', submitSchema, 'submit', async (d, who, i, { note }) => ({ item: life.submitForVerification(i, actOf(d, who), note), detail: {} })),
  verify: itemWrite('ledger.verify', verifySchema, 'verify', async (d, who, i, { note }) => ({ item: life.verify(i, actOf(d, who), note), detail: { ownerId: i.ownerId } })),
  return: itemWrite('ledger.verify', returnSchema, 'return', async (d, who, i, { reason }) => ({ item: life.returnToOwner(i, actOf(d, who), reason), detail: { reason: life.clean(reason) } })),
  reassign: itemWrite('ledger.manage', reassignSchema, 'reassign', async (d, who, i, { ownerId, reason }) => {
    const owner = await loadOwner(d, ownerId);
    return { item: life.reassign(i, actOf(d, who), owner, reason), detail: { from: i.ownerId, to: owner.id, reason: life.clean(reason) } };
  }),
  changeDeadline: itemWrite('ledger.manage', changeDeadlineSchema, 'changeDeadline', async (d, who, i, { deadline, reason }) => {
    const item = life.changeDeadline(i, actOf(d, who), d.calendar, deadline, reason);
    return { item, detail: { from: i.dueAt, to: item.dueAt, reason: life.clean(reason) } };
  }),
};

/**
 * Evidence: the bytes are sniffed (JPG, PNG, WebP, PDF only) and size-checked, the item's state checked,
 * then the file is stored under the uploader (`staff:<id>`) and attached with the version checked; an
 * attach that fails removes the file again, so nothing is left behind.
 */
export const ledgerAddEvidence = defineStaffAction({
  permission: 'ledger.own',
  input: evidenceSchema,
  labels: L,
  run: async (deps: LedgerAdminDeps, who, { id, version, contentBase64, name, note }, request?: StaffRequestContext) => {
    const d = need(deps);
    const before = await loadForWork(d, who, id);
    checkVersion(before, version);
    const bytes = decodeBase64(contentBase64);
    if (!bytes.length) throw fileErrors.empty();
    if (bytes.length > LEDGER_RULES.maxEvidenceBytes) throw ledgerErrors.evidenceTooLarge(LEDGER_RULES.maxEvidenceBytes / 1024 / 1024);
    if (!sniffFile(bytes.subarray(0, 16))) throw fileErrors.typeNotAllowed();
    // State and count first: a refused attach stores nothing.
    life.addEvidence(before, actOf(d, who), { fileId: 'pending', name });
    const fileId = await d.uploads.put(staffUploadOwner(who.id), bytes, name);
    try {
      const item = life.addEvidence(before, actOf(d, who), { fileId, name, note });
      const saved = await save(d, before, item, auditOf(who, 'evidence', before, { fileId, name, bytes: bytes.length }, request));
      return { item: toItemRow(saved, namesOf(await d.staff.list()), d.clock.now().toISOString()) };
    } catch (e) {
      await d.files.remove(fileId).catch(() => undefined);
      throw e;
    }
  },
});

const decodeBase64 = (s: string): Uint8Array => {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
};
