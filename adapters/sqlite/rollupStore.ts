import type { Complaint } from '../../core/complaints/model';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { applyDeltaInPlace, emptyCounters, rowIdOf, type FeedCursor, type RollupCounters, type RollupEvent, type RollupKey, type RollupRow, type SatisfactionReminderDue } from '../../core/rollups/model';
import type { Booking } from '../../core/benefits/model';
import type { Claim } from '../../core/claims/model';
import type { Consultation } from '../../core/consultations/model';
import type {
  BookingChangeFeed,
  ChangeFeed,
  ClaimChangeFeed,
  ComplaintChangeFeed,
  ConsultationChangeFeed,
  RollupStore,
  SatisfactionReminderStore,
} from '../../core/rollups/ports';
import type { Db } from './database';
import { sqliteOutboxWriter } from './outboxStore';

/** The rollup counters, consumed-event markers, cursors and satisfaction reminders (migration: rollups). */
export const sqliteRollupStore = (db: Db): RollupStore & SatisfactionReminderStore => {
  const getCursor = db.prepare(`SELECT at, id FROM rollup_cursors WHERE feed = ?`);
  const putCursor = db.prepare(`INSERT INTO rollup_cursors (feed, at, id) VALUES (@feed, @at, @id) ON CONFLICT(feed) DO UPDATE SET at = excluded.at, id = excluded.id`);
  const mark = db.prepare(`INSERT OR IGNORE INTO rollup_consumed (event_id, consumed_at) VALUES (?, ?)`);
  const getRow = db.prepare(`SELECT doc FROM rollup_counters WHERE id = ?`);
  const putRow = db.prepare(`
    INSERT INTO rollup_counters (id, month, dim, value, doc) VALUES (@id, @month, @dim, @value, @doc)
    ON CONFLICT(id) DO UPDATE SET doc = excluded.doc`);
  const addReminder = db.prepare(`INSERT OR IGNORE INTO satisfaction_reminders (id, complaint_id, resolution, due_at) VALUES (@id, @complaintId, @resolution, @dueAt)`);
  const due = db.prepare(`SELECT id, complaint_id, resolution, due_at FROM satisfaction_reminders WHERE settled_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?`);
  const settle = db.prepare(`UPDATE satisfaction_reminders SET settled_at = @at, outcome = @outcome WHERE id = @id AND settled_at IS NULL`);
  const writeOutbox = sqliteOutboxWriter(db);

  const consume = db.transaction((feed: string, cursor: FeedCursor, events: RollupEvent[], at: string) => {
    let applied = 0;
    // Rows are read once and written once per transaction: a batch of events touching one row sums in memory.
    const rows = new Map<string, { key: RollupKey; counters: RollupCounters }>();
    for (const e of events) {
      // The marker decides: an event seen before adds nothing, in this transaction or any later one.
      if (mark.run(e.id, at).changes === 0) continue;
      applied += 1;
      for (const d of e.deltas) {
        const id = rowIdOf(d.key);
        let row = rows.get(id);
        if (!row) {
          const stored = getRow.get(id) as { doc: string } | undefined;
          row = { key: d.key, counters: stored ? (JSON.parse(stored.doc) as RollupCounters) : emptyCounters() };
          rows.set(id, row);
        }
        applyDeltaInPlace(row.counters, d);
      }
      for (const r of e.reminders ?? []) addReminder.run(r);
    }
    for (const [id, row] of rows) putRow.run({ id, ...row.key, doc: JSON.stringify(row.counters) });
    putCursor.run({ feed, ...cursor });
    return { applied, skipped: events.length - applied };
  });
  const settleTx = db.transaction((id: string, at: string, outcome: string, outbox?: OutboxEntry) => {
    if (settle.run({ id, at, outcome }).changes === 0) return false;
    if (outbox) writeOutbox([outbox]);
    return true;
  });

  return {
    cursor: async (feed) => (getCursor.get(feed) as FeedCursor | undefined) ?? undefined,
    consume: async ({ feed, cursor, events }) => consume(feed, cursor, events, cursor.at),
    read: async (months, dims) => {
      if (!months.length || dims?.length === 0) return [];
      const inList = (xs: readonly string[]) => xs.map(() => '?').join(',');
      const sql = `SELECT month, dim, value, doc FROM rollup_counters WHERE month IN (${inList(months)})${dims ? ` AND dim IN (${inList(dims)})` : ''} ORDER BY id`;
      const rows = db.prepare(sql).all(...months, ...(dims ?? [])) as {
        month: string;
        dim: RollupRow['dim'];
        value: string;
        doc: string;
      }[];
      return rows.map((r) => ({ month: r.month, dim: r.dim, value: r.value, counters: JSON.parse(r.doc) as RollupCounters }));
    },
    dueReminders: async (at, limit) =>
      (due.all(at.toISOString(), limit) as { id: string; complaint_id: string; resolution: number; due_at: string }[]).map(
        (r): SatisfactionReminderDue => ({ id: r.id, complaintId: r.complaint_id, resolution: r.resolution, dueAt: r.due_at }),
      ),
    settleReminder: async (id, o) => settleTx(id, o.sentAt, o.outbox ? 'sent' : `skipped: ${o.skipped ?? ''}`, o.outbox),
  };
};

/**
 * A table's records by (save time, id) after the cursor and up to the bound: the rollup consumer's
 * sources. `at` is the save-time column, or an expression on the document with an index of its own
 * (the rollup feeds migration).
 */
const changeFeed = <T>(db: Db, table: string, at: string): ChangeFeed<T> => {
  const first = db.prepare(`SELECT doc FROM ${table} WHERE ${at} <= ? ORDER BY ${at}, id LIMIT ?`);
  const after = db.prepare(`SELECT doc FROM ${table} WHERE (${at}, id) > (?, ?) AND ${at} <= ? ORDER BY ${at}, id LIMIT ?`);
  return {
    changedAfter: async (cursor, until, limit) => {
      const rows = (cursor ? after.all(cursor.at, cursor.id, until, limit) : first.all(until, limit)) as { doc: string }[];
      return rows.map((r) => JSON.parse(r.doc) as T);
    },
  };
};

/** Complaints by (updated_at, id), on the index the rollups migration adds. */
export const sqliteComplaintChangeFeed = (db: Db): ComplaintChangeFeed => changeFeed<Complaint>(db, 'complaints', 'updated_at');
export const sqliteConsultationChangeFeed = (db: Db): ConsultationChangeFeed => changeFeed<Consultation>(db, 'consultations', `json_extract(doc, '$.updatedAt')`);
export const sqliteClaimChangeFeed = (db: Db): ClaimChangeFeed => changeFeed<Claim>(db, 'claims', `json_extract(doc, '$.updatedAt')`);
export const sqliteBookingChangeFeed = (db: Db): BookingChangeFeed => changeFeed<Booking>(db, 'benefit_bookings', `json_extract(doc, '$.updatedAt')`);
