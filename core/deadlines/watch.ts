/**
 * The one deadline timer. Every area whose records carry due times (complaints today; privacy
 * requests, consultations, claims and ledger items register the same way) gives a watch that looks
 * only at its records whose next check has come, records warnings and breaches once on the record,
 * and raises its own events. The timer runs them in turn within one budget, so a slow area cannot
 * starve the rest for ever: the order rotates by run, and what idle areas leave of the budget goes, in a
 * second pass, to the areas that used their whole share (a backlog in one area is worked at the full
 * rate while the others are quiet).
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
  /** The areas that examined all they were given: they may have more. */
  const saturated: { watch: DeadlineWatch; run: DeadlineWatchRun }[] = [];
  for (const w of order) {
    if (budget <= 0) {
      runs.push({ area: w.area, report: { examined: 0, changed: 0, warnings: 0, breaches: 0 } });
      continue;
    }
    try {
      const share = Math.max(1, Math.floor(budget / Math.max(1, order.length - runs.length)));
      const report = await w.scan(now, share, opts.scan);
      budget -= Math.max(report.examined, 1);
      const run = { area: w.area, report };
      runs.push(run);
      if (report.examined >= share) saturated.push({ watch: w, run });
    } catch (e) {
      runs.push({ area: w.area, error: (e instanceof Error ? e.message : String(e)).slice(0, 300) });
    }
  }
  for (const [i, { watch, run }] of saturated.entries()) {
    if (budget <= 0) break;
    try {
      const share = Math.max(1, Math.floor(budget / (saturated.length - i)));
      // An area over the breach limit in its first pass stays held in its second.
      const more = await watch.scan(now, share, run.report!.overBreachLimit ? { ...opts.scan, holdEscalations: true } : opts.scan);
      budget -= Math.max(more.examined, 1);
      run.report = mergedReports(run.report!, more);
    } catch (e) {
      run.error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
    }
  }
  return runs;
};

/** Two scans of one area in one run, reported as one. */
const mergedReports = (a: DeadlineScanReport, b: DeadlineScanReport): DeadlineScanReport => {
  const extra: Record<string, number> = { ...a.extra };
  for (const [k, v] of Object.entries(b.extra ?? {})) extra[k] = (extra[k] ?? 0) + v;
  return {
    examined: a.examined + b.examined,
    changed: a.changed + b.changed,
    warnings: a.warnings + b.warnings,
    breaches: a.breaches + b.breaches,
    ...(a.escalationsHeld !== undefined || b.escalationsHeld !== undefined ? { escalationsHeld: (a.escalationsHeld ?? 0) + (b.escalationsHeld ?? 0) } : {}),
    ...(a.overBreachLimit || b.overBreachLimit ? { overBreachLimit: true } : {}),
    ...(a.extra || b.extra ? { extra } : {}),
  };
};
