/**
 * The dashboard bench's server (scripts/bench/dashboard.ts), one process per size: seeds `n` complaints
 * spread over the last 12 months and every category × grade × channel × handler, builds the rollups
 * with the rollup consumer itself (core/rollups/consumer.ts, bulk batches), signs a manager in, then
 * serves the gateway with the admin API and says so: { type: 'ready', port, cookie, seeded, rolled }.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentTotp } from '../../adapters/crypto/totp';
import { chinaCalendar } from '../../core/calendar/chinaCalendar';
import { queueDueAt } from '../../core/complaints/deadlines';
import { acknowledge, openComplaint, resolve } from '../../core/complaints/lifecycle';
import { CHANNELS, COMPLAINT_CATEGORIES, GRADES, type Complaint } from '../../core/complaints/model';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { createGateway } from '../../server/local/gateway/gateway';
import { DEMO_PASSWORD, seedDemoStaff } from '../../server/local/demoStaff';
import { localSystem } from '../../server/local/localSystem';
import { adminHttp } from '../../server/runtime/adminHttp';
import { silentLogger } from '../../server/runtime/log';
import { childArgs } from './benchChild';

export const BENCH_NOW = '2026-11-23T06:00:00.000Z';
const SECRET = 'JBSWY3DPEHPK3PXP';
const HANDLERS = ['staff-agent-01', 'staff-agent-02', 'staff-super-01'];
const CATS = Object.keys(COMPLAINT_CATEGORIES) as Complaint['category'][];
const GRADE_KEYS = Object.keys(GRADES) as Complaint['grade']['value'][];
const CHANNEL_KEYS = Object.keys(CHANNELS) as Complaint['channel'][];
const OUTCOMES = ['resolved', 'open'] as const;

/** The last 12 Shanghai months before `now`, oldest first (YYYY-MM). */
export const benchMonths = (now = BENCH_NOW): string[] => {
  const [y, m] = now.slice(0, 7).split('-').map(Number);
  return Array.from({ length: 12 }, (_, k) => {
    const i = y * 12 + (m - 1) - (11 - k);
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  });
};

/** One real record per (month, handler, outcome), made by the lifecycle, with placeholders for what each row varies. */
const templates = () => {
  const out = new Map<string, Complaint>();
  for (const [mi, month] of benchMonths().entries())
    for (const [hi, handler] of HANDLERS.entries())
      for (const outcome of OUTCOMES) {
        let k = 0;
        const at = (minutes: number) => ({
          now: new Date(Date.parse(`${month}-10T01:00:00.000Z`) + (hi * 97 + mi) * 60_000 + minutes * 60_000),
          calendar: chinaCalendar,
          policy: defaultComplaintPolicy,
          newId: () => `__ID__-e${k++}`,
        });
        const staff = { kind: 'staff' as const, id: handler, role: 'agent' as const };
        let c = openComplaint(at(0), {
          id: '__ID__', number: '__NUM__', memberId: '__MEMBER__', channel: 'miniprogram', receivedAt: at(0).now,
          category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理', attachments: [],
          factors: { vulnerableMember: false, mediaInvolved: false, regulatorInvolved: false, repeatComplaint: false, urgent: false },
        }).complaint;
        c = acknowledge(at(45 + hi * 20), c, staff).complaint;
        if (outcome === 'resolved') c = resolve(at(600 + mi * 37 + hi * 90), c, staff, { findings: '经核实已处理并致歉', basis: '服务规范第3条', remedies: ['申请核查'] }).complaint;
        out.set(`${mi}|${hi}|${outcome}`, c);
      }
  return out;
};

export const seedDashboard = (system: ReturnType<typeof localSystem>, n: number) => {
  const tpl = templates();
  const insert = system.db.prepare(`INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, owner_id,
    policy_no, phone_index, received_at, next_due_at, sla_next_check_at, version, updated_at, doc)
    VALUES (@id, @number, @member, @status, @grade, 0, @category, @channel, @owner, NULL, NULL, @received, @due, @check, @version, @updated, @doc)`);
  const combos = HANDLERS.length * CATS.length * GRADE_KEYS.length * CHANNEL_KEYS.length * OUTCOMES.length;
  const batch = system.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // Month first, then the combination: every month holds every combination once there are 12 × combos rows.
      const mi = i % 12;
      let r = Math.floor(i / 12) % combos;
      const pick = <T>(xs: readonly T[]) => {
        const x = xs[r % xs.length];
        r = Math.floor(r / xs.length);
        return x;
      };
      const hi = pick(HANDLERS.map((_, k) => k));
      const category = pick(CATS);
      const grade = pick(GRADE_KEYS);
      const channel = pick(CHANNEL_KEYS);
      const outcome = pick(OUTCOMES);
      const t = tpl.get(`${mi}|${hi}|${outcome}`)!;
      const id = `c${String(i).padStart(9, '0')}`;
      const number = `TS-B${i}`;
      const member = `m${i % 200_000}`;
      const doc = JSON.parse(JSON.stringify(t).replaceAll('__ID__', id).replace('__NUM__', number).replace('__MEMBER__', member)) as Complaint;
      doc.category = category;
      doc.grade = { ...doc.grade, value: grade };
      doc.channel = channel;
      insert.run({
        id,
        number,
        member,
        status: doc.status,
        grade,
        category,
        channel,
        owner: doc.owner?.id ?? null,
        received: doc.receivedAt,
        due: queueDueAt(doc) ?? null,
        check: doc.slaNextCheckAt ?? null,
        version: doc.version,
        updated: doc.updatedAt,
        doc: JSON.stringify(doc),
      });
    }
  });
  for (let i = 0; i < n; i += 20_000) batch(i, Math.min(n, i + 20_000));
};

/** Signs manager01 in through the admin API on `port`; the session cookie. */
const signIn = async (port: number): Promise<string> => {
  const post = (route: string, body: unknown, cookie?: string) =>
    fetch(`http://127.0.0.1:${port}/admin/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  const first = await post('auth/login', { username: 'manager01', password: DEMO_PASSWORD });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
  const second = await post('auth/totp', { code: currentTotp(SECRET, new Date(BENCH_NOW)) }, cookie);
  const reply = (await second.json()) as { ok: boolean };
  if (!reply.ok) throw new Error(`bench sign-in failed: ${JSON.stringify(reply)}`);
  // The code step sets the device marker, not the session cookie: the password step's cookie is the session.
  return cookie;
};

const main = async () => {
  const { dir, n } = childArgs<{ dir: string; n: number }>();
  const clock = { now: () => new Date(BENCH_NOW) };
  const system = localSystem({ dataDir: dir, clock, fastPasswords: true });
  await seedDemoStaff(system.admin, { manager01: SECRET });
  let t = Date.now();
  seedDashboard(system, n);
  const seeded = (Date.now() - t) / 1000;
  t = Date.now();
  // The rollups as the timer builds them, in bulk transactions (the consumer's `batch`), until it has read everything.
  for (;;) {
    const r = await runRollupConsumer(system.rollupDeps, 200_000, { pageSize: 1000, batch: 1000 });
    if (!r.complaints) break;
  }
  const rolled = (Date.now() - t) / 1000;
  const server = createGateway({
    system,
    devSecret: 'bench',
    log: silentLogger,
    extraRoutes: adminHttp({ deps: system.admin, staticDir: dir, secureCookies: false, log: silentLogger }),
  }) as http.Server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const cookie = await signIn(port);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'exit') {
      server.close();
      system.db.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port, cookie, seeded, rolled });
};

// Imported by the parent for its months; run only as the forked child.
if (process.env.BENCH_CHILD)
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
