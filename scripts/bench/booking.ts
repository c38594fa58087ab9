/**
 * Booking under contention (issue 11, item 12): 100 members each try every one of 10 slots of one
 * benefit at once (1,000 requests, 5 places a slot: 50 can succeed), through the benefits function's
 * action table on the SQLite store and on the CloudBase adapter over the strict in-memory fake. Reports
 * requests and bookings per second (median of the rounds) and checks zero overbooking: per slot the
 * bookings held never exceed its capacity and equal its `booked` count, and no member holds a slot twice.
 * Run alone: `npx tsx scripts/bench/booking.ts [--rounds 3]`; `benchBooking` is for a bench section.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseBenefitStore } from '../../adapters/cloudbase/benefitStores';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { sqliteBenefitStore } from '../../adapters/sqlite/benefitStores';
import { openDatabase } from '../../adapters/sqlite/database';
import { benefitActions } from '../../cloudfunctions/benefits/actions';
import type { BenefitDeps } from '../../core/benefits/deps';
import type { Benefit } from '../../core/benefits/model';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import type { BenefitStore } from '../../core/benefits/ports';
import type { Member } from '../../core/members/model';
import { dispatch } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { CloudbaseDatabaseFake } from '../../tests/fakes/cloudbaseDatabaseFake';

const MEMBERS = 100;
const SLOTS = 10;
const PLACES = 5;
const AUDIT = { actorId: 'bench', actorRole: 'system', action: 'benefits.bench', subjectType: 'benefit', subjectId: 'bench' };

interface Round {
  ms: number;
  requests: number;
  booked: number;
  busy: number;
  overbooked: number;
}

const benefit = (at: string): Benefit => ({
  id: 'bench-checkup',
  name: '体检',
  description: '',
  kind: 'checkup',
  eligibleTiers: ['standard', 'silver', 'gold'],
  quota: { count: SLOTS, period: 'year' },
  validityDays: 365,
  redemption: 'booking',
  basis: { kind: 'contract', ref: 'bench' },
  outsideContract: false,
  place: 'bench',
  status: 'active',
  termsVersion: 1,
  version: 1,
  createdAt: at,
  updatedAt: at,
});

const round = async (store: BenefitStore): Promise<Round> => {
  const now = new Date();
  const at = now.toISOString();
  await store.saveBenefit(benefit(at), null, AUDIT);
  const slotIds: string[] = [];
  for (let i = 0; i < SLOTS; i++) {
    const startsAt = new Date(now.getTime() + (2 + i) * 86_400_000).toISOString();
    const id = `bench-slot-${i}`;
    slotIds.push(id);
    await store.putSlot({ id, benefitId: 'bench-checkup', startsAt, endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(), capacity: PLACES, booked: 0, version: 1 }, null, AUDIT);
  }
  const members = new Map<string, Member>();
  for (let m = 0; m < MEMBERS; m++) {
    const id = `bench-member-${String(m).padStart(3, '0')}`;
    members.set(id, { id, kind: 'bound', name: { sealed: 'x', masked: '会*' }, policyNos: [`P-${id}`], tier: 'standard', version: 1, createdAt: at, updatedAt: at });
  }
  const deps: BenefitDeps = {
    benefits: store,
    members: { get: async (id) => members.get(id) ?? null },
    policies: { listByNos: async (nos) => nos.map((no) => ({ policyNo: no, status: 'inForce', premiumFen: 100_000 }) as never) },
    qr: { dataUrl: async () => '' },
    clock: { now: () => new Date() },
    ids: { newId: () => crypto.randomUUID() },
    hash: (t) => crypto.createHash('sha256').update(t).digest('hex'),
    newCode: () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0'),
    policy: BENEFIT_POLICY,
  };
  // Each member's tier record first, as opening the benefits page would: the race is on the places.
  for (const id of members.keys()) await dispatch(benefitActions, deps, { kind: 'member', openid: id }, { action: 'myTier', data: {} }, silentLogger);
  const calls = [...members.keys()].flatMap((openid, m) =>
    slotIds.map((slotId, s) => () =>
      dispatch(benefitActions, deps, { kind: 'member', openid }, { action: 'book', data: { benefitId: 'bench-checkup', slotId, idempotencyKey: `bench-key-${m}-${s}-000000` } }, silentLogger),
    ),
  );
  const started = process.hrtime.bigint();
  const answers = await Promise.all(calls.map((c) => c()));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let overbooked = 0;
  let held = 0;
  for (const id of slotIds) {
    const slot = (await store.getSlot(id))!;
    const live = (await store.bookingsOfSlot(id)).filter((b) => b.status === 'booked');
    held += live.length;
    if (live.length > slot.capacity || live.length !== slot.booked || new Set(live.map((b) => b.memberId)).size !== live.length) overbooked += 1;
  }
  const booked = answers.filter((a) => a.ok).length;
  if (booked !== held) overbooked += 1;
  return { ms, requests: calls.length, booked, busy: answers.filter((a) => !a.ok && a.error.code === 'STORE.BUSY').length, overbooked };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const benchBooking = async (opts: { rounds?: number; out?: (line: string) => void } = {}) => {
  const rounds = opts.rounds ?? 3;
  const out = opts.out ?? ((l: string) => console.log(l));
  out(`Booking under contention: ${MEMBERS} members × ${SLOTS} slots of ${PLACES} places (${MEMBERS * SLOTS} requests at once), median of ${rounds}`);
  const results: Record<string, Round[]> = { 'SQLite (file, WAL)': [], 'CloudBase adapter on the in-memory fake': [] };
  for (let r = 0; r < rounds; r++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-bench-booking-'));
    const db = openDatabase(path.join(dir, 'bench.db'));
    try {
      results['SQLite (file, WAL)'].push(await round(sqliteBenefitStore(db, sqliteAuditLog(db, { now: () => new Date() }).appendSync)));
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    results['CloudBase adapter on the in-memory fake'].push(await round(cloudbaseBenefitStore(new CloudbaseDatabaseFake())));
  }
  for (const [name, rs] of Object.entries(results)) {
    const ms = median(rs.map((x) => x.ms));
    const booked = median(rs.map((x) => x.booked));
    const overbooked = rs.reduce((n, x) => n + x.overbooked, 0);
    out(
      `  ${name.padEnd(42)} ${Math.round((MEMBERS * SLOTS * 1000) / ms)} requests/s, ${Math.round((booked * 1000) / ms)} bookings/s, ${booked}/${SLOTS * PLACES} places taken, ${median(rs.map((x) => x.busy))} STORE.BUSY, overbooking: ${overbooked === 0 ? 'none' : `${overbooked} slot(s)!`}`,
    );
    if (overbooked) process.exitCode = 1;
  }
  return results;
};

if (require.main === module) {
  const i = process.argv.indexOf('--rounds');
  void benchBooking({ rounds: i > 0 ? Number(process.argv[i + 1]) : 3 });
}
