import type { DeadlineWatch } from '../deadlines/watch';
import { runEarlyWarningWeek, type EarlyWarningRunDeps } from './weeklyRun';

/**
 * 风险预警 on the deadline timer (slaMonitor, every 5 minutes; `npm start`'s minute timer): each run
 * asks whether the last complete ISO week has been evaluated and does it once (weeklyRun.ts); every
 * other run of the week costs one read.
 */
export const earlyWarningWatch = (deps: EarlyWarningRunDeps): DeadlineWatch => ({
  area: 'earlyWarning',
  scan: async () => {
    const r = await runEarlyWarningWeek(deps);
    return { examined: r.candidates, changed: r.opened, warnings: 0, breaches: 0 };
  },
});
