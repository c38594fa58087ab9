import type { Complaint } from '../../core/complaints/model';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { applyDelta, emptyCounters, rowIdOf, type FeedCursor, type RollupCounters, type RollupEvent, type RollupRow, type SatisfactionReminderDue } from '../../core/rollups/model';
import type { ComplaintChangeFeed, RollupStore, SatisfactionReminderStore } from '../../core/rollups/ports';
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
    for (const e of events) {
      // The marker decides: an event seen before adds nothing, in this transaction or any later one.
      if (mark.run(e.id, at).changes === 0) continue;
      applied += 1;
      for (const d of e.deltas) {
        const id = rowIdOf(d.key);
        const row = getRow.get(id) as { doc: string } | undefined;
        const next = applyDelta(row ? (JSON.parse(row.doc) as RollupCounters) : emptyCounters(), d.add);
        putRow.run({ id, ...d.key, doc: JSON.stringify(next) });
      }
      for (const r of e.reminders ?? []) addReminder.run(r);
    }
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
    read: async (months) => {
      if (!months.length) return [];
      const rows = db.prepare(`SELECT month, dim, value, doc FROM rollup_counters WHERE month IN (${months.map(() => '?').join(',')}) ORDER BY id`).all(...months) as {
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

/** Complaints by (updated_at, id): the rollup consumer's source, on the index the rollups migration adds. */
export const sqliteComplaintChangeFeed = (db: Db): ComplaintChangeFeed => {
  const first = db.prepare(`SELECT doc FROM complaints WHERE updated_at <= ? ORDER BY updated_at, id LIMIT ?`);
  const after = db.prepare(`SELECT doc FROM complaints WHERE (updated_at, id) > (?, ?) AND updated_at <= ? ORDER BY updated_at, id LIMIT ?`);
  return {
    changedAfter: async (cursor, until, limit) => {
      const rows = (cursor ? after.all(cursor.at, cursor.id, until, limit) : first.all(until, limit)) as { doc: string }[];
      return rows.map((r) => JSON.parse(r.doc) as Complaint);
    },
  };
};
