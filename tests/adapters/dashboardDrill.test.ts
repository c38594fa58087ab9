import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseComplaintReceivedScan } from '../../adapters/cloudbase/dashboardDrill';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteComplaintStore } from '../../adapters/sqlite/complaintStore';
import { sqliteComplaintReceivedScan } from '../../adapters/sqlite/dashboardDrill';
import type { ComplaintStore } from '../../core/complaints/ports';
import type { ComplaintReceivedScan, ScanCursor } from '../../core/dashboard/ports';
import { decodeScanCursor, encodeScanCursor, periodRange } from '../../core/dashboard/drill';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { ctxAt, sampleComplaint } from '../support/fixtures';

/**
 * The drill's receipt-order read on both stores (SQLite's complaints_by_received, CloudBase's
 * receivedAt/_id index on the strict fake, which refuses a query without its index): the period's
 * bounds, receipt order with ties broken by id, and a keyset cursor that neither skips nor repeats.
 */
const RECEIVED = [
  '2026-09-30T15:59:59.999Z', // 2026-09-30 23:59 Shanghai: September
  '2026-09-30T16:00:00.000Z', // first instant of October
  '2026-10-05T02:00:00.000Z',
  '2026-10-05T02:00:00.000Z', // a tie: ordered by id
  '2026-10-05T02:00:00.000Z',
  '2026-10-20T09:00:00.000Z',
  '2026-10-31T15:59:59.999Z', // last instant of October
  '2026-10-31T16:00:00.000Z', // November
];

const suite = (name: string, make: () => { store: ComplaintStore; scan: ComplaintReceivedScan; close?: () => void }) =>
  describe(`complaints by receipt for the dashboard drill: ${name}`, () => {
    let s: ReturnType<typeof make>;
    beforeAll(async () => {
      s = make();
      for (const [i, at] of RECEIVED.entries()) {
        const c = sampleComplaint(ctxAt(at), { id: `c-${String(9 - i).padStart(2, '0')}`, number: `TS-${i}`, receivedAt: new Date(at) });
        await s.store.create({ complaint: c, idempotencyKey: `k-${i}`, requestHash: 'h', outbox: [] });
      }
    });
    afterAll(() => s.close?.());

    it('lists October exactly, in receipt order then id, page by page', async () => {
      const { start, end } = periodRange('2026-10', '2026-10');
      expect({ start, end }).toEqual({ start: '2026-09-30T16:00:00.000Z', end: '2026-10-31T16:00:00.000Z' });
      const seen: string[] = [];
      let cursor: ScanCursor | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await s.scan.receivedBetween(start, end, cursor, 2);
        seen.push(...page.map((c) => `${c.receivedAt}|${c.id}`));
        if (page.length < 2) break;
        const last = page[page.length - 1];
        // The cursor travels through the API as text.
        cursor = decodeScanCursor(encodeScanCursor({ at: last.receivedAt, id: last.id }));
      }
      const want = RECEIVED.map((at, i) => `${at}|c-${String(9 - i).padStart(2, '0')}`)
        .filter((k) => k >= start && k.slice(0, 24) < end)
        .sort();
      expect(seen).toEqual(want);
      expect(seen).toHaveLength(6);
    });
  });

suite('SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-dash-drill-'));
  const db = openDatabase(path.join(dir, 'store.db'));
  return {
    store: sqliteComplaintStore(db),
    scan: sqliteComplaintReceivedScan(db),
    close: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

suite('CloudBase adapter on the strict fake', () => {
  const db = new CloudbaseDatabaseFake();
  return { store: cloudbaseComplaintStore(db), scan: cloudbaseComplaintReceivedScan(db) };
});

describe('drill cursors', () => {
  it.each(['', 'x', '2026-10-01T00:00:00.000Z', 'not a date\u001fc-1', '2026-10-01T00:00:00.000Z\u001fc-1\u001fmore'])('refuses %j as DASHBOARD.BAD_CURSOR', (text) => {
    expect(() => decodeScanCursor(text)).toThrow(expect.objectContaining({ code: 'DASHBOARD.BAD_CURSOR' }));
  });
});
