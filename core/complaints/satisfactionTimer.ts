import { runRollupConsumer, type RollupConsumerDeps } from '../rollups/consumer';
import { runSatisfactionReminders, type SatisfactionReminderDeps } from './satisfactionReminder';

/**
 * Work that rides on the complaint watch's timer run (core/complaints/slaMonitor.ts) with a budget of
 * its own, so it never takes deadline scanning's share: the rollup consumer and the satisfaction
 * reminders. Its counts go into the complaint watch's report (`extra`), prefixed with its name.
 */
export interface ComplaintTimerFollowUp {
  name: string;
  /** Sends messages to members: held, like escalations, while the clock guard holds the timer. */
  holdable?: boolean;
  run(now: Date): Promise<Record<string, number>>;
}

/** Each follow-up in turn; one that fails is counted (`<name>.failed`) and the rest still run. */
export const runFollowUps = async (followUps: readonly ComplaintTimerFollowUp[], now: Date, held: boolean): Promise<Record<string, number>> => {
  const out: Record<string, number> = {};
  for (const f of followUps) {
    if (held && f.holdable) {
      out[`${f.name}.held`] = 1;
      continue;
    }
    try {
      for (const [k, v] of Object.entries(await f.run(now))) out[`${f.name}.${k}`] = v;
    } catch {
      out[`${f.name}.failed`] = 1;
    }
  }
  return out;
};

export const rollupFollowUp = (deps: RollupConsumerDeps, budget = 200): ComplaintTimerFollowUp => ({
  name: 'rollups',
  run: async () => ({ ...(await runRollupConsumer(deps, budget)) }),
});

export const satisfactionReminderFollowUp = (deps: SatisfactionReminderDeps, budget = 100): ComplaintTimerFollowUp => ({
  name: 'satisfactionReminders',
  holdable: true,
  run: async () => ({ ...(await runSatisfactionReminders(deps, budget)) }),
});
