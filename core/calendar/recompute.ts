import type { HolidayNoticeStore, RecomputeJob } from './ports';

/**
 * An area whose records carry deadlines computed on the working calendar (complaints today; privacy
 * requests, consultations and claims register the same way). Walks its active records by id.
 */
export interface DeadlineHolder {
  area: string;
  recalculate(
    after: string | undefined,
    limit: number,
    because: string,
  ): Promise<{ last?: string; examined: number; changed: number; told: number }>;
}

export interface RecomputeDeps {
  notices: HolidayNoticeStore;
  holders: DeadlineHolder[];
  clock: { now(): Date };
}

const SEP = '|';

/**
 * Moves unfinished recompute jobs forward by at most `budget` records, saving the cursor after each
 * slice so a timer run cut short by the function's time limit resumes where it stopped. Recomputing
 * a record twice changes nothing, so a slice repeated after a crash is harmless.
 */
export const continueRecompute = async (deps: RecomputeDeps, budget = 200): Promise<RecomputeJob[]> => {
  const touched: RecomputeJob[] = [];
  for (const start of (await deps.notices.jobs()).filter((j) => !j.done)) {
    let job = start;
    const because = `国务院${job.year}年节假日安排已公布`;
    while (!job.done && budget > 0) {
      const [area, after] = job.cursor ? job.cursor.split(SEP) : [deps.holders[0]?.area, undefined];
      const index = deps.holders.findIndex((h) => h.area === area);
      const holder = deps.holders[index];
      if (!holder) {
        job = { ...job, done: true, cursor: undefined, finishedAt: deps.clock.now().toISOString() };
        break;
      }
      const limit = Math.min(budget, 100);
      const slice = await holder.recalculate(after || undefined, limit, because);
      budget -= Math.max(slice.examined, 1);
      const areaDone = slice.examined < limit || !slice.last;
      const nextHolder = deps.holders[index + 1];
      job = {
        ...job,
        examined: job.examined + slice.examined,
        changed: job.changed + slice.changed,
        told: job.told + slice.told,
        cursor: areaDone ? (nextHolder ? `${nextHolder.area}${SEP}` : undefined) : `${holder.area}${SEP}${slice.last}`,
      };
      if (areaDone && !nextHolder) job = { ...job, done: true, finishedAt: deps.clock.now().toISOString() };
      await deps.notices.saveJob(job);
    }
    touched.push(job);
    if (budget <= 0) break;
  }
  return touched;
};
