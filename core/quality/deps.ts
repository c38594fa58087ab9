import type { AuditLog } from '../audit/chain';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { LedgerDeps } from '../ledger/deps';
import type { Clock, IdGenerator } from '../shared/ports';
import type { StaffStore } from '../staff/ports';
import type { QualityCaseReader, QualityFrameSource, QualityStore } from './ports';

/** What the quality use cases run on (the admin area's `quality` field). */
export interface QualityDeps {
  store: QualityStore;
  frames: QualityFrameSource;
  cases: QualityCaseReader;
  /** A failed score opens an improvement item here (core/ledger/openItem.ts). */
  ledger: LedgerDeps;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  staff: Pick<StaffStore, 'getById' | 'list'>;
  /** Case reads are audited on the case's own chain. */
  audit: Pick<AuditLog, 'append'>;
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
}
