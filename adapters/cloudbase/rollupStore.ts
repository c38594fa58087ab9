import type { Complaint } from '../../core/complaints/model';
import { applyDeltaInPlace, emptyCounters, rowIdOf, type FeedCursor, type RollupCounters, type RollupKey, type RollupRow } from '../../core/rollups/model';
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
import { sha256 } from '../hash';
import { toDocument, type CbDatabase } from './database';
import { writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

const COUNTERS = 'rollup_counters';
const CONSUMED = 'rollup_consumed';
const CURSORS = 'rollup_cursors';
const REMINDERS = 'satisfaction_reminders';
const COMPLAINTS = 'complaints';
export const ROLLUP_COLLECTIONS = { counters: COUNTERS, consumed: CONSUMED, cursors: CURSORS, reminders: REMINDERS } as const;

/** Event ids and row keys hold `|`, `#` and staff ids: documents are named by a hash, the key kept inside. */
const docId = (key: string) => sha256(key).slice(0, 40);

type Doc = Record<string, unknown>;
const inTx = (d: unknown): Doc | null => (d as Doc | null) ?? null;

/**
 * The rollup counters (one document per month and slice), one marker document per consumed event,
 * the consumer's cursor and the satisfaction reminders. Only the timer consumer writes counters, so
 * their documents are never contended by requests.
 */
export const cloudbaseRollupStore = (db: CbDatabase): RollupStore & SatisfactionReminderStore => {
  const _ = db.command;
  return {
    cursor: async (feed) => {
      const d = ((await db.collection(CURSORS).doc(feed).get()).data as Doc[])[0];
      return d ? { at: String(d.at), id: String(d.id) } : undefined;
    },
    consume: ({ feed, cursor, events }) =>
      inTransaction(db, async (tx) => {
        // Rows are read once and written once per transaction: every delta to one row is summed in memory.
        const rows = new Map<string, { key: RollupKey; counters: RollupCounters }>();
        const fresh = new Set<string>();
        let applied = 0;
        for (const e of events) {
          if (fresh.has(e.id)) continue;
          const marker = tx.collection(CONSUMED).doc(docId(e.id));
          if (inTx((await marker.get()).data)) continue;
          fresh.add(e.id);
          applied += 1;
          await marker.set({ eventId: e.id, consumedAt: cursor.at });
          for (const d of e.deltas) {
            const id = docId(rowIdOf(d.key));
            let row = rows.get(id);
            if (!row) {
              const stored = inTx((await tx.collection(COUNTERS).doc(id).get()).data);
              row = { key: d.key, counters: stored ? (stored.counters as RollupCounters) : emptyCounters() };
              rows.set(id, row);
            }
            applyDeltaInPlace(row.counters, d);
          }
          for (const r of e.reminders ?? []) {
            const ref = tx.collection(REMINDERS).doc(docId(r.id));
            if (!inTx((await ref.get()).data)) await ref.set(toDocument({ reminderId: r.id, complaintId: r.complaintId, resolution: r.resolution, dueAt: r.dueAt, settled: false }));
          }
        }
        for (const [id, row] of rows) await tx.collection(COUNTERS).doc(id).set(toDocument({ ...row.key, counters: row.counters }));
        await tx.collection(CURSORS).doc(feed).set({ at: cursor.at, id: cursor.id });
        return { applied, skipped: events.length - applied };
      }),
    read: async (months, dims) => {
      const out: RollupRow[] = [];
      if (dims?.length === 0) return out;
      for (const month of months) {
        let after = '';
        for (;;) {
          const where = dims ? { month, dim: dims.length === 1 ? dims[0] : _.in(dims), _id: _.gt(after) } : { month, _id: _.gt(after) };
          const res = await db.collection(COUNTERS).where(where).orderBy('_id', 'asc').limit(1000).get();
          for (const d of res.data) out.push({ month: String(d.month), dim: d.dim as RollupRow['dim'], value: String(d.value), counters: d.counters as RollupCounters });
          if (res.data.length < 1000) break;
          after = String(res.data[res.data.length - 1]._id);
        }
      }
      return out;
    },
    dueReminders: async (at, limit) => {
      const res = await db
        .collection(REMINDERS)
        .where({ settled: false, dueAt: _.lte(at.toISOString()) })
        .orderBy('dueAt', 'asc')
        .limit(limit)
        .get();
      return res.data.map((d) => ({ id: String(d.reminderId), complaintId: String(d.complaintId), resolution: Number(d.resolution), dueAt: String(d.dueAt) }));
    },
    settleReminder: (id, o) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(REMINDERS).doc(docId(id));
        const d = inTx((await ref.get()).data);
        if (!d || d.settled) return false;
        const { _id, ...rest } = d;
        await ref.set(toDocument({ ...rest, settled: true, settledAt: o.sentAt, outcome: o.outbox ? 'sent' : `skipped: ${o.skipped ?? ''}` }));
        if (o.outbox) await writeOutboxInTx(tx, [o.outbox]);
        return true;
      }),
  };
};

/**
 * A collection's records by (updatedAt, _id) after the cursor: the rollup consumer's sources. The upper
 * bound is applied to the sorted page (one field takes one range in a CloudBase condition). `strip`
 * drops the store's own index fields.
 */
const changeFeed = <T>(db: CbDatabase, collection: string, strip: readonly string[] = []): ChangeFeed<T> => {
  const _ = db.command;
  return {
    changedAfter: async (cursor: FeedCursor | undefined, until, limit) => {
      const condition = cursor ? _.or([{ updatedAt: _.gt(cursor.at) }, { updatedAt: cursor.at, _id: _.gt(cursor.id) }]) : { updatedAt: _.lte(until) };
      const res = await db.collection(collection).where(condition).orderBy('updatedAt', 'asc').orderBy('_id', 'asc').limit(limit).get();
      const docs = res.data.filter((d) => String(d.updatedAt) <= until);
      return docs.map((d) => {
        const { _id, ...rest } = d;
        for (const k of strip) delete rest[k];
        return { ...(rest as unknown as Omit<T, 'id'>), id: String(_id) } as T;
      });
    },
  };
};

export const cloudbaseComplaintChangeFeed = (db: CbDatabase): ComplaintChangeFeed => changeFeed<Complaint>(db, COMPLAINTS, ['queueDueAt']);
export const cloudbaseConsultationChangeFeed = (db: CbDatabase): ConsultationChangeFeed => changeFeed<Consultation>(db, 'consultations');
/** A draft claim's number is a placeholder; drafts have no rollup events, so it is left as stored. */
export const cloudbaseClaimChangeFeed = (db: CbDatabase): ClaimChangeFeed => changeFeed<Claim>(db, 'claims');
export const cloudbaseBookingChangeFeed = (db: CbDatabase): BookingChangeFeed => changeFeed<Booking>(db, 'benefit_bookings', ['noticePending', 'codeHash', 'remindDue']);
