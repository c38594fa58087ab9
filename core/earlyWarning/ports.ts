import type { AuditDraft } from '../audit/chain';
import type { Page } from '../shared/page';
import type { EarlyWarningAlert, WarningDim, WeekRun } from './model';
import type { IsoWeek } from './weeks';
import type { OutboxEntry } from '../notifications/outbox';

/**
 * Weekly received-complaint counts per value of a dimension, read from the rollups (ROLLUPS'
 * `weeklyReceived`, core/rollups/weekly.ts; adapter in earlyWarning/weeklyCountsFromRollups.ts).
 * Weeks without complaints for a value may be absent.
 */
export interface WeeklyCounts {
  received(dim: WarningDim, weeks: readonly IsoWeek[]): Promise<{ week: IsoWeek; value: string; count: number }[]>;
}

/** A complaint as the drill-down reads it: the member id stays inside the run (distinct counts), never in an alert. */
export interface DrilledComplaint {
  id: string;
  number: string;
  receivedAt: string;
  category: string;
  channel: string;
  memberId: string;
  policyNo?: string;
}

/**
 * The records behind a count: complaints received in [from, to) whose dimension has this value
 * (product, sales channel and seller through the policy register), oldest first, at most `limit`,
 * `total` counting all that matched.
 */
export interface ComplaintDrill {
  received(q: { dim: WarningDim; value: string; from: string; to: string; limit: number }): Promise<{ items: DrilledComplaint[]; total: number }>;
}

export interface EarlyWarningStore {
  /** The week's run record: present once the week was run (the run is then skipped). */
  weekRun(week: IsoWeek): Promise<WeekRun | null>;
  /**
   * Opens each alert whose key is not stored yet and then records the run. An alert already there is
   * left as it is (whatever staff did with it), so running a week again opens nothing new. `outbox` holds
   * the staff alerts owed for each alert, by its id: written in the alert's transaction, only when it opens.
   */
  openWeek(run: WeekRun, alerts: readonly EarlyWarningAlert[], outbox?: ReadonlyMap<string, readonly OutboxEntry[]>): Promise<{ opened: number }>;
  /** Runs newest week first. */
  recentRuns(limit: number): Promise<WeekRun[]>;
  /** One week's alerts by kind then id. */
  listWeek(week: IsoWeek, page: { limit: number; cursor?: string }): Promise<Page<EarlyWarningAlert>>;
  get(id: string): Promise<EarlyWarningAlert | null>;
  /** Writes `alert` (version expectedVersion + 1) with its audit entries, if the stored version is still expectedVersion. */
  update(input: { alert: EarlyWarningAlert; expectedVersion: number; audit: readonly AuditDraft[] }): Promise<void>;
}
