import type { AuditDraft } from '../audit/chain';
import type { OutboxEntry } from '../notifications/outbox';
import type { Page } from '../shared/page';
import type { Finding, InspectionKind, Inspection, LedgerItem, LedgerSourceKind, LedgerStatus } from './model';

/** The ledger list's filters; each is one index range (status, kind, owner, overdue), combined with a bounded scan. */
export interface LedgerItemFilter {
  status?: LedgerStatus;
  kind?: InspectionKind;
  ownerId?: string;
  /** Open items whose due time has passed at `now`. */
  overdueAt?: string;
  inspectionId?: string;
  sourceKind?: LedgerSourceKind;
}

/** What an idempotent create answers: the first record for the key, and whether this call made it. */
export interface Created<T> {
  record: T;
  created: boolean;
  /** False when the key came with other content. */
  sameRequest: boolean;
}

/**
 * The ledger store. Every write is one transaction with its audit entries. Creates are idempotent per
 * (scope, key): a retry finds the first record; updates check the version.
 */
export interface LedgerStore {
  createInspection(input: { inspection: Inspection; keyHash: string; requestHash: string; audit: readonly AuditDraft[] }): Promise<Created<Inspection>>;
  getInspection(id: string): Promise<Inspection | null>;
  /** Newest first. */
  listInspections(page: { limit: number; cursor?: string }): Promise<Page<Inspection>>;
  /** Adds the finding and bumps the inspection's finding count (version checked), with the audit entry. */
  createFinding(input: {
    finding: Finding;
    inspection: Inspection;
    expectedVersion: number;
    keyHash: string;
    requestHash: string;
    audit: readonly AuditDraft[];
  }): Promise<Created<Finding>>;
  getFinding(id: string): Promise<Finding | null>;
  /** An inspection's findings in order. */
  listFindings(inspectionId: string): Promise<Finding[]>;
  createItem(input: { item: LedgerItem; keyHash: string; requestHash: string; audit: readonly AuditDraft[] }): Promise<Created<LedgerItem>>;
  getItem(id: string): Promise<LedgerItem | null>;
  byNumber(number: string): Promise<LedgerItem | null>;
  /**
   * Writes `item` (its version = expectedVersion + 1) if the stored version is still expectedVersion, else
   * LEDGER.VERSION_CONFLICT; the staff alerts the change owes (`outbox`) commit with it or not at all.
   */
  updateItem(input: { item: LedgerItem; expectedVersion: number; audit?: readonly AuditDraft[]; outbox?: readonly OutboxEntry[] }): Promise<void>;
  /** Items by due time, earliest first (closed ones last by their closing time when asked by status). */
  listItems(filter: LedgerItemFilter, page: { limit: number; cursor?: string }): Promise<Page<LedgerItem>>;
  /** Items whose next deadline check has come by `at`, earliest first (an index range). */
  findDue(at: Date, limit: number): Promise<LedgerItem[]>;
  /** Items not closed, by id after `after`: for recomputing due dates when the calendar changes. */
  listOpen(page: { after?: string; limit: number }): Promise<LedgerItem[]>;
  /** Items that hold evidence uploaded by `uploader` (a staff id; the orphan sweep keeps those files), by item id. */
  listByUploader(uploader: string, page: { limit: number; cursor?: string }): Promise<Page<LedgerItem>>;
  /** Next value of a named counter (readable numbers). */
  nextSequence(name: string): Promise<number>;
}
