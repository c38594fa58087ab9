/**
 * The one deadline timer. Every area whose records carry due times (complaints today; privacy
 * requests, consultations, claims and ledger items register the same way) gives a watch that looks
 * only at its records whose next check has come, records warnings and breaches once on the record,
 * and raises its own events. The timer runs them in turn within one budget, so a slow area cannot
 * starve the rest for ever: the order rotates by run.
 */
export interface DeadlineWatch {
  area: string;
  scan(now: Date, budget: number, opts?: DeadlineScanOptions): Promise<DeadlineScanReport>;
}

/** What the clock guard (core/deadlines/clockGuard.ts) tells a scan. */
export interface DeadlineScanOptions {
  /** Record warnings and breaches, but take no automatic escalation. */
  holdEscalations?: boolean;
  /** If this scan would record more breaches than this, hold its escalations (and say so). */
  breachLimit?: number;
}

export interface DeadlineScanReport {
  examined: number;
  changed: number;
  warnings: number;
  breaches: number;
  /** Escalations the scan would have taken but held (clock guard). */
  escalationsHeld?: number;
  /** The scan would have recorded more breaches than its limit, so it held its escalations. */
  overBreachLimit?: boolean;
  /** Area-specific counts (escalations, closures …), reported as they are. */
  extra?: Record<string, number>;
}

export interface DeadlineWatchRun {
  area: string;
  report?: DeadlineScanReport;
  /** An area that failed is reported and skipped; the other areas still run. */
  error?: string;
}

export const runDeadlineWatches = async (
  watches: readonly DeadlineWatch[],
  now: Date,
  opts: { budget?: number; run?: number; scan?: DeadlineScanOptions } = {},
): Promise<DeadlineWatchRun[]> => {
  let budget = opts.budget ?? 400;
  const start = watches.length ? (opts.run ?? 0) % watches.length : 0;
  const order = [...watches.slice(start), ...watches.slice(0, start)];
  const runs: DeadlineWatchRun[] = [];
  for (const w of order) {
    if (budget <= 0) {
      runs.push({ area: w.area, report: { examined: 0, changed: 0, warnings: 0, breaches: 0 } });
      continue;
    }
    try {
      const report = await w.scan(now, Math.max(1, Math.floor(budget / Math.max(1, order.length - runs.length))), opts.scan);
      budget -= Math.max(report.examined, 1);
      runs.push({ area: w.area, report });
    } catch (e) {
      runs.push({ area: w.area, error: (e instanceof Error ? e.message : String(e)).slice(0, 300) });
    }
  }
  return runs;
};
