import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteClaimStore } from '../../adapters/sqlite/claimStore';
import { builtInHolidayTable, chinaCalendar } from '../../core/calendar/chinaCalendar';
import { calendarFromTable } from '../../core/calendar/workingCalendar';
import { clockOf } from '../../core/claims/clocks';
import { claimDeadlineHolder } from '../../core/claims/deadlines';
import type { ClaimDeps } from '../../core/claims/deps';
import * as life from '../../core/claims/lifecycle';
import type { Claim } from '../../core/claims/model';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';
import { fixedClock } from '../../core/shared/ports';

const sh = (local: string) => new Date(`${local}+08:00`);
let n = 0;

/** 2027 is 暂定 until its notice is imported (README "Holiday calendar beyond the library"); then open claims move. */
describe('claim due dates when a holiday notice is imported', () => {
  it('recomputes every running clock from its start, tells the member of a moved statutory date, once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-claims-rc-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const store = sqliteClaimStore(db);
    const clock = fixedClock('2027-01-10T02:00:00Z');
    const base = { store, clock, ids: { newId: () => `id-${++n}` }, policy: CLAIM_POLICY, types: CLAIM_TYPES, hash: (s: string) => s, box: { seal: (s: string) => `sealed:${s}`, open: (s: string) => s.slice(7) } };
    const hospital = CLAIM_TYPES[0];
    const draft: Claim = {
      id: 'claim-2027-0001',
      memberId: 'openid-alice',
      status: 'draft',
      policyNo: 'P2027000001',
      productName: '安心医疗',
      insured: { index: 0, maskedName: '张*敏', relation: '本人' },
      claimType: 'hospital',
      incidentDate: '2027-01-08',
      place: '上海',
      description: '住院治疗五天，已出院',
      sumInsuredFen: 10_000_000,
      checklist: [],
      notices: [],
      clocks: [],
      payments: [],
      timeline: [],
      createdAt: '2027-01-10T02:00:00.000Z',
      updatedAt: '2027-01-10T02:00:00.000Z',
      version: 1,
    };
    const submitted = life.submit({ now: sh('2027-01-10T10:00:00'), calendar: chinaCalendar, policy: CLAIM_POLICY, newId: base.ids.newId }, draft, 'LP20270110-0001', 'key-0000000000000001', hospital).claim;
    await store.create({ claim: submitted, idempotencyKey: 'k', requestHash: 'h', outbox: [] });
    expect(clockOf(submitted, 'decision')).toMatchObject({ provisional: true, dueAt: sh('2027-02-10T00:00:00').toISOString() });

    // An example 2027 notice (illustrative dates): 02-06..02-12 off.
    const holidays = Object.fromEntries(['06', '07', '08', '09', '10', '11', '12'].map((d) => [`2027-02-${d}`, '春节']));
    const deps: ClaimDeps = { ...base, calendar: calendarFromTable(builtInHolidayTable, [{ year: 2027, days: { holidays, workdays: {} } }]) };
    const holder = claimDeadlineHolder(deps);
    expect(await holder.recalculate(undefined, 50, '国务院2027年节假日安排已公布')).toMatchObject({ examined: 1, changed: 1, told: 1 });
    const after = (await store.get(submitted.id))!;
    expect(clockOf(after, 'decision')).toMatchObject({ provisional: false, dueAt: sh('2027-02-16T00:00:00').toISOString() });
    const topics = db.prepare('SELECT topic FROM outbox').all();
    expect(topics).toEqual([{ topic: 'claims.deadlinesChanged' }]);
    // Again: nothing left to change.
    expect(await holder.recalculate(undefined, 50, '国务院2027年节假日安排已公布')).toMatchObject({ examined: 1, changed: 0, told: 0 });
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
