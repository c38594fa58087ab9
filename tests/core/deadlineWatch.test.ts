import { runDeadlineWatches, type DeadlineWatch } from '../../core/deadlines/watch';

/** A watch over `due` waiting records (IN-MEMORY TEST DOUBLE of an area), recording the budgets it was given. */
const area = (name: string, due: number, fail = false) => {
  const budgets: number[] = [];
  const watch: DeadlineWatch = {
    area: name,
    scan: async (_now, budget) => {
      budgets.push(budget);
      if (fail) throw new Error(`${name} store unavailable`);
      const examined = Math.min(due, budget);
      due -= examined;
      return { examined, changed: examined, warnings: 0, breaches: examined };
    },
  };
  return { watch, budgets, left: () => due };
};
const now = new Date('2026-11-25T02:00:00Z');

describe('the one deadline timer', () => {
  it('runs every registered area and reports each', async () => {
    const a = area('complaints', 3);
    const b = area('privacy', 2);
    const runs = await runDeadlineWatches([a.watch, b.watch], now, { budget: 100 });
    expect(runs.map((r) => [r.area, r.report?.breaches])).toEqual([
      ['complaints', 3],
      ['privacy', 2],
    ]);
  });

  it('shares one budget so a flooded area cannot starve the rest, rotates who goes first, and gives what is left to the backlog', async () => {
    const flooded = area('complaints', 1000);
    const small = area('privacy', 5);
    const first = await runDeadlineWatches([flooded.watch, small.watch], now, { budget: 100, run: 0 });
    // Half each; the small area needs 5, so the flooded one gets the other 45 in a second pass, reported as one scan.
    expect(flooded.budgets).toEqual([50, 45]);
    expect(small.left()).toBe(0);
    expect(first[0]).toEqual({ area: 'complaints', report: expect.objectContaining({ examined: 95, breaches: 95 }) });
    await runDeadlineWatches([flooded.watch, small.watch], now, { budget: 100, run: 1 });
    expect(small.budgets).toEqual([50, 50]);
    expect(flooded.budgets).toEqual([50, 45, 99]);
  });

  it('keeps going when one area fails, and names it', async () => {
    const broken = area('claims', 1, true);
    const ok = area('complaints', 1);
    const runs = await runDeadlineWatches([broken.watch, ok.watch], now);
    expect(runs).toEqual([
      { area: 'claims', error: 'claims store unavailable' },
      { area: 'complaints', report: expect.objectContaining({ breaches: 1 }) },
    ]);
  });
});
