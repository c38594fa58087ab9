import type { AuditLog } from '../audit/chain';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { FileStorage } from '../shared/files';
import type { Clock, IdGenerator } from '../shared/ports';
import type { StaffStore } from '../staff/ports';
import type { LedgerStore } from './ports';

/** What every ledger use case runs on (the admin area's `ledger` field, and what other areas pass to openLedgerItem). */
export interface LedgerDeps {
  store: LedgerStore;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  /** Owners are staff accounts; a breach escalates to a supervisor or manager from this list. */
  staff: Pick<StaffStore, 'getById' | 'list'>;
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
}

/**
 * Where staff evidence is stored: the gateway's uploads folder locally, a `ledger/` folder of CloudBase
 * storage in production (outside the members' folders). The core has sniffed and size-checked the bytes.
 */
export interface EvidenceUploads {
  /** Stores the bytes for `owner` (`staff:<id>`); returns the file id. */
  put(owner: string, bytes: Uint8Array, name?: string): Promise<string>;
}

/** The admin area's deps: file storage for evidence and the audit log for evidence views. */
export interface StaffLedgerDeps extends LedgerDeps {
  files: FileStorage;
  uploads: EvidenceUploads;
  audit: Pick<AuditLog, 'append'>;
}
