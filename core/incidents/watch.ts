import type { DeadlineWatch } from '../deadlines/watch';
import { runIncidentDetector, type DetectorDeps } from './detector';

/**
 * The detector as one more area of the slaMonitor timer (cloudfunctions/slaMonitor, and locally the
 * same watch list): it reports nothing "examined" so it takes one unit of the deadline scans' budget
 * (its own steps are bounded by policy.ts), the incidents it opened as "changed", its steps in
 * `extra`. It holds nothing back under the clock guard: an incident is a record, not an escalation.
 */
export const incidentWatch = (deps: DetectorDeps): DeadlineWatch => ({
  area: 'incidents',
  scan: async () => {
    const run = await runIncidentDetector(deps);
    return {
      // Its own bounds (policy.ts steps) limit its work: it takes one unit of the deadline scans' budget, like a quiet area.
      examined: 0,
      changed: run.opened.length,
      warnings: 0,
      breaches: 0,
      extra: { steps: run.steps, entries: run.entries, opened: run.opened.length, caughtUp: run.caughtUp ? 1 : 0, ...(run.verified ? { verifiedOk: run.verified.ok ? 1 : 0 } : {}) },
    };
  },
});
