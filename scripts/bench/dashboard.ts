/**
 * 经营看板's first paint at two sizes, as the ratio large/small against ≤ 2 (issue 13 item 1):
 * `npm run bench -- --only=dashboard` (10,000 and 100,000 complaints; 1,000,000 with `--large`;
 * BENCH_DASHBOARD_LARGE too), or `npx tsx scripts/bench/dashboard.ts [small] [large]`.
 * Each size is its own server process (scripts/bench/dashboardServer.ts): complaints seeded over 12
 * months and every category × grade × channel × handler, the rollups built by the rollup consumer, a
 * manager signed in. Both servers run at once and are timed in turn over HTTP through the gateway (the
 * machine's load falls on both alike), median of 15: the `dashboard/figures` call for the last 12 months
 * plus the first page of the drill behind the headline figure, which is what the page waits for before
 * it paints; the same with a category × grade filter; and a satisfaction drill page (a change-feed scan).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { benchMonths } from './dashboardServer';
import { benchDir, benchSizes, median, out, reportRatios } from './twoSizes';

const SIZES = benchSizes(process.env.BENCH_DASHBOARD_LARGE);
type Ready = { type: 'ready'; port: number; cookie: string; seeded: number; rolled: number };

const start = (n: number) =>
  new Promise<{ child: ChildProcess; ready: Ready }>((resolve, reject) => {
    const child = fork(path.join(__dirname, 'dashboardServer.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_CHILD: JSON.stringify({ dir: benchDir('ms-dashboard-bench-'), n }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    process.on('exit', () => child.kill('SIGKILL'));
    child.on('message', (m: Ready) => m.type === 'ready' && resolve({ child, ready: m }));
    child.on('exit', (code) => reject(new Error(`dashboard bench child exited (${code}) before it was ready`)));
  });

/** A seeded server, ready to be timed. */
const open = async (n: number) => {
  const { child, ready } = await start(n);
  const months = benchMonths();
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${ready.port}/admin/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: ready.cookie }, body: JSON.stringify(body) });
    const reply = (await res.json()) as { ok: boolean; data?: any; error?: unknown };
    if (!reply.ok) throw new Error(`${route}: ${JSON.stringify(reply.error)}`);
    return reply.data;
  };
  const query = { from: months[0], to: months[11] };
  /** What the page waits for: the figures, then the first page behind the figure a manager opens first. */
  const firstPaint = async (q: Record<string, string>) => {
    const f = await post('dashboard/figures', q);
    const page = await post('dashboard/drill', { ...f.complaints.received.drill, limit: 20 });
    return { f, page };
  };
  const check = await firstPaint(query);
  if (check.f.complaints.received.count !== n) throw new Error(`figures count ${check.f.complaints.received.count} complaints, seeded ${n}`);
  if (check.page.rows.length !== 20) throw new Error(`first drill page has ${check.page.rows.length} rows`);
  for (let i = 0; i < 3; i++) await firstPaint(query);
  const measures = {
    paint: () => firstPaint(query),
    figures: () => post('dashboard/figures', query),
    drill: () => post('dashboard/drill', { ...check.f.complaints.received.drill, limit: 20 }),
    filtered: () => firstPaint({ ...query, category: 'claims', grade: 'major' }),
    satisfactionDrill: () => post('dashboard/drill', { ...check.f.complaints.satisfaction.drill, limit: 20 }),
  };
  const close = async () => {
    child.send({ type: 'exit' });
    await new Promise((res) => child.once('exit', res));
  };
  return { ready, measures, close };
};

type Measure = 'paint' | 'figures' | 'drill' | 'filtered' | 'satisfactionDrill';
const MEASURES: Measure[] = ['paint', 'figures', 'drill', 'filtered', 'satisfactionDrill'];

/** The section for `npm run bench -- --only=dashboard`. */
export const benchDashboard = async () => {
  const small = await open(SIZES.small);
  const large = await open(SIZES.large);
  // Both servers up at once and timed in turn, one run each, so the machine's load (shared, noisy) falls on both alike.
  const times = { small: {} as Record<Measure, number>, large: {} as Record<Measure, number> };
  for (const m of MEASURES) {
    const t = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < 15; i++)
      for (const side of ['small', 'large'] as const) t[side].push(await median(1, (side === 'small' ? small : large).measures[m]));
    for (const side of ['small', 'large'] as const) times[side][m] = t[side].sort((a, b) => a - b)[7];
  }
  await small.close();
  await large.close();
  out(
    `Dashboard first paint over HTTP through the gateway, median of 15 alternating runs (seeded ${SIZES.small} in ${small.ready.seeded.toFixed(1)} s, rollups ${small.ready.rolled.toFixed(1)} s; ` +
      `${SIZES.large} in ${large.ready.seeded.toFixed(1)} s, rollups ${large.ready.rolled.toFixed(1)} s)`,
  );
  const within = reportRatios(SIZES, times.small, times.large, [
    ['figures + first drill page', 'paint'],
    ['  figures alone (12 months)', 'figures'],
    ['  drill page alone (20)', 'drill'],
    ['filtered paint (cat×grade)', 'filtered'],
    ['satisfaction drill page', 'satisfactionDrill'],
  ] as const);
  const ratio = times.large.paint / times.small.paint;
  out(`  first paint ratio ${ratio.toFixed(2)} — ${ratio <= 2 ? 'within' : 'OVER'} the ≤ 2 gate${within ? '' : ' (a measure above is over 2)'}`);
};

if (require.main === module)
  benchDashboard().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
