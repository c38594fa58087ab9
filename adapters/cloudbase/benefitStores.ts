import { benefitErrors } from '../../core/benefits/errors';
import type { Benefit, BenefitChange, BenefitNotice, Booking, Grant, Slot, TierStanding } from '../../core/benefits/model';
import type { BenefitStore, BookVerdict, BookingVerdict, RosterEntry } from '../../core/benefits/ports';
import type { Member } from '../../core/members/model';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { commonErrors } from '../../core/shared/errors';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbDocRef } from './database';
import { OUTBOX, writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

/*
 * Document shapes (declared with their indexes in collections.ts), each the core's record as it is with
 * `_id` = its id:
 *  - benefits/<id>; benefit_standings/<memberId>; benefit_grants/<grantId> (+ `noticePending` for the
 *    expiry-notice index); benefit_slots/<id>; benefit_bookings/<id> (+ `codeHash`, `remindDue` for their
 *    indexes); benefit_changes/<id>; benefit_notices/<changeId>_<memberId>.
 *  - benefit_slot_holds/<slotId>_<memberId>: the member's live booking on a slot. A CloudBase transaction
 *    reads by document id only, so "does this member already hold the slot" is a document the booking
 *    transaction reads and writes: two bookings of one member on one slot both write it and one loses.
 * A booking reads and writes the slot and the grant documents in one transaction: of parallel bookings
 * on the last place, the first to commit wins, the others conflict, are retried by the SDK against the
 * full slot (BENEFITS.SLOT_FULL) or, if the retries run out, answer STORE.BUSY with nothing written.
 */
const C = {
  benefits: 'benefits',
  standings: 'benefit_standings',
  grants: 'benefit_grants',
  slots: 'benefit_slots',
  bookings: 'benefit_bookings',
  holds: 'benefit_slot_holds',
  changes: 'benefit_changes',
  notices: 'benefit_notices',
  members: 'members',
  /** Shared with the other areas' numbers (other names), one document per counter shard. */
  counters: 'counters',
} as const;
const SEQUENCE_SHARDS = 8;

type Doc = Record<string, unknown>;
interface Scope {
  collection(name: string): { doc(id: string): CbDocRef };
}
const dataOf = (res: { data: unknown }): Doc | null =>
  Array.isArray(res.data) ? ((res.data[0] as Doc | undefined) ?? null) : ((res.data as Doc | null) ?? null);
const strip = <T>(d: Doc | null): T | null => {
  if (!d) return null;
  const { _id, noticePending: _n, codeHash: _c, remindDue: _r, ...rest } = d;
  return rest as T;
};
const read = async <T>(s: Scope, collection: string, id: string): Promise<T | null> => strip<T>(dataOf(await s.collection(collection).doc(id).get()));
const conflict = (id: string) => commonErrors.versionConflict('BENEFITS', id);

const grantDoc = (g: Grant) => toDocument({ ...g, noticePending: !g.expiryNoticedAt });
const bookingDoc = (b: Booking) =>
  toDocument({ ...b, ...(b.code ? { codeHash: b.code.hash } : {}), ...(b.status === 'booked' && b.remindAt ? { remindDue: b.remindAt } : {}) });
const holdId = (slotId: string, memberId: string) => `${slotId}_${memberId}`;

export const cloudbaseBenefitStore = (db: CbDatabase): BenefitStore => {
  const _ = db.command;
  const list = async <T>(collection: string, where: unknown, order: [string, 'asc' | 'desc'][], limit: number): Promise<T[]> => {
    let query = db.collection(collection).where(where);
    for (const [f, dir] of order) query = query.orderBy(f, dir);
    return (await query.limit(limit).get()).data.map((d) => strip<T>(d)!);
  };
  /** Version-checked write of a record inside a transaction (null: must not exist yet). */
  const versioned = async (tx: Scope, collection: string, id: string, expected: number | null, doc: Doc, onExists = conflict) => {
    const current = dataOf(await tx.collection(collection).doc(id).get()) as { version?: number } | null;
    if (expected === null ? current : current?.version !== expected) throw expected === null ? onExists(id) : conflict(id);
    await tx.collection(collection).doc(id).set(doc);
  };

  return {
    listBenefits: () => list<Benefit>(C.benefits, { _id: _.gt('') }, [['_id', 'asc']], 1000),
    getBenefit: (id) => read<Benefit>(db, C.benefits, id),
    saveBenefit: (b, expected, audit) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.benefits, b.id, expected, toDocument(b), () => benefitErrors.duplicate());
        await appendAuditInTx(tx, audit, new Date(b.updatedAt));
      }),

    getStanding: (memberId) => read<TierStanding>(db, C.standings, memberId),
    saveStanding: (s, expected, outbox = []) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.standings, s.memberId, expected, toDocument(s));
        await writeOutboxInTx(tx, outbox);
      }),
    standingsDue: (at, limit) => list<TierStanding>(C.standings, { nextCheckAt: _.lte(at) }, [['nextCheckAt', 'asc']], limit),

    grantsOf: (memberId) => list<Grant>(C.grants, { memberId }, [['_id', 'asc']], 1000),
    getGrant: (id) => read<Grant>(db, C.grants, id),
    issueGrants: async (grants) => {
      for (const g of grants)
        await inTransaction(db, async (tx) => {
          if (!dataOf(await tx.collection(C.grants).doc(g.id).get())) await tx.collection(C.grants).doc(g.id).set(grantDoc(g));
        });
    },
    grantsToNotice: (at, limit) => list<Grant>(C.grants, { noticePending: true, expiryNoticeAt: _.lte(at) }, [['expiryNoticeAt', 'asc']], limit),
    markGrantNoticed: (id, at, outbox) =>
      inTransaction(db, async (tx) => {
        const g = await read<Grant>(tx, C.grants, id);
        if (!g || g.expiryNoticedAt) return false;
        await tx.collection(C.grants).doc(id).set(grantDoc({ ...g, expiryNoticedAt: at }));
        await writeOutboxInTx(tx, outbox);
        return true;
      }),

    putSlot: (s, expected, audit) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.slots, s.id, expected, toDocument(s), () => benefitErrors.slotExists());
        await appendAuditInTx(tx, audit, new Date());
      }),
    getSlot: (id) => read<Slot>(db, C.slots, id),
    slotsOf: (benefitId, from, to, limit) => list<Slot>(C.slots, { benefitId, startsAt: _.gte(from) }, [['startsAt', 'asc'], ['_id', 'asc']], limit).then((rows) => rows.filter((s) => s.startsAt < to)),

    book: (ref, decide) =>
      inTransaction(db, async (tx): Promise<BookVerdict> => {
        const existing = await read<Booking>(tx, C.bookings, ref.bookingId);
        const slot = ref.slotId ? await read<Slot>(tx, C.slots, ref.slotId) : null;
        const grant = await read<Grant>(tx, C.grants, ref.grantId);
        const hold = ref.slotId ? await read<{ bookingId: string }>(tx, C.holds, holdId(ref.slotId, ref.memberId)) : null;
        const verdict = decide({ existing, slot, grant, heldOnSlot: Boolean(hold) });
        if (verdict.kind !== 'book') return verdict;
        if (verdict.slot) {
          await tx.collection(C.slots).doc(verdict.slot.id).set(toDocument(verdict.slot));
          await tx.collection(C.holds).doc(holdId(verdict.slot.id, ref.memberId)).set({ bookingId: verdict.booking.id, memberId: ref.memberId });
        }
        await tx.collection(C.grants).doc(verdict.grant.id).set(grantDoc(verdict.grant));
        await tx.collection(C.bookings).doc(verdict.booking.id).set(bookingDoc(verdict.booking));
        await writeOutboxInTx(tx, verdict.outbox);
        return verdict;
      }),
    getBooking: (id) => read<Booking>(db, C.bookings, id),
    bookingIdByCode: async (hash) => (await list<Booking>(C.bookings, { codeHash: hash }, [['bookedAt', 'desc']], 1))[0]?.id ?? null,
    bookingByNumber: async (number) => (await list<Booking>(C.bookings, { number }, [], 1))[0] ?? null,
    // Sharded like the claims' numbers (adapters/cloudbase/claimStore.ts): parallel bookings of one day write
    // different documents; shard k hands out k+1, k+1+N, … so values never collide.
    nextSequence: (name) => {
      const shard = Math.floor(Math.random() * SEQUENCE_SHARDS);
      return inTransaction(db, async (tx) => {
        const ref = tx.collection(C.counters).doc(`${name}#${shard}`);
        const current = (await ref.get()).data as { value: number } | null;
        const value = (current?.value ?? 0) + 1;
        await ref.set({ value });
        return (value - 1) * SEQUENCE_SHARDS + shard + 1;
      });
    },
    settleBooking: (id, decide) =>
      inTransaction(db, async (tx): Promise<BookingVerdict> => {
        const b = await read<Booking>(tx, C.bookings, id);
        const slot = b?.slotId ? await read<Slot>(tx, C.slots, b.slotId) : null;
        const grant = b ? await read<Grant>(tx, C.grants, b.grantId) : null;
        const verdict = decide(b, slot, grant);
        if (verdict.kind !== 'write') return verdict;
        if (b!.version !== verdict.booking.version - 1) throw conflict(id);
        await tx.collection(C.bookings).doc(id).set(bookingDoc(verdict.booking));
        if (verdict.slot) await tx.collection(C.slots).doc(verdict.slot.id).set(toDocument(verdict.slot));
        if (verdict.grant) await tx.collection(C.grants).doc(verdict.grant.id).set(grantDoc(verdict.grant));
        // A booking no longer live frees the member's hold on its slot.
        if (b!.status === 'booked' && verdict.booking.status !== 'booked' && b!.slotId) await tx.collection(C.holds).doc(holdId(b!.slotId, b!.memberId)).remove();
        await writeOutboxInTx(tx, verdict.outbox ?? []);
        if (verdict.audit) await appendAuditInTx(tx, verdict.audit, new Date(verdict.booking.updatedAt));
        return verdict;
      }),
    bookingsOf: (memberId, limit) => list<Booking>(C.bookings, { memberId }, [['bookedAt', 'desc'], ['_id', 'desc']], limit),
    bookingsOfSlot: (slotId) => list<Booking>(C.bookings, { slotId }, [['bookedAt', 'asc'], ['_id', 'asc']], 1000),
    remindersDue: (at, limit) => list<Booking>(C.bookings, { remindDue: _.lte(at) }, [['remindDue', 'asc']], limit),

    putChange: (c, expected, audit) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.changes, c.id, expected, toDocument(c));
        if (audit) await appendAuditInTx(tx, audit, new Date(c.createdAt));
      }),
    getChange: (id) => read<BenefitChange>(db, C.changes, id),
    changesOf: (benefitId) => list<BenefitChange>(C.changes, { benefitId }, [['effectiveAt', 'asc'], ['_id', 'asc']], 200),
    openChanges: (limit) => list<BenefitChange>(C.changes, { status: 'scheduled' }, [['effectiveAt', 'asc'], ['_id', 'asc']], limit),
    recordAnnouncement: (c, expected, notices, outbox) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.changes, c.id, expected, toDocument(c));
        for (const n of notices) await tx.collection(C.notices).doc(`${n.changeId}_${n.memberId}`).set(toDocument(n));
        await writeOutboxInTx(tx, outbox);
      }),
    applyChange: (c, expected, b, expectedBenefit, audit) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.changes, c.id, expected, toDocument(c));
        await versioned(tx, C.benefits, b.id, expectedBenefit, toDocument(b));
        await appendAuditInTx(tx, audit, new Date(c.appliedAt ?? b.updatedAt));
      }),
    noticesOf: async (changeId, { after, limit }) => {
      const notices = await list<BenefitNotice>(C.notices, { changeId, ...(after ? { memberId: _.gt(after) } : {}) }, [['memberId', 'asc']], limit);
      // The pushes' fate from their outbox entries, one page of ids at a time.
      const delivery = new Map<string, OutboxEntry['status']>();
      for (let i = 0; i < notices.length; i += 100) {
        const ids = notices.slice(i, i + 100).map((n) => n.outboxId);
        for (const d of (await db.collection(OUTBOX).where({ _id: _.in(ids) }).limit(100).get()).data) delivery.set(String(d._id), d.status as OutboxEntry['status']);
      }
      return notices.map((n) => (delivery.has(n.outboxId) ? { ...n, delivery: delivery.get(n.outboxId) } : n));
    },

    // Members page by _id (always indexed); visitors are skipped here rather than by a second index.
    roster: async (after, limit) => {
      const out: RosterEntry[] = [];
      let cursor = after ?? '';
      for (;;) {
        const page = (await db.collection(C.members).where({ _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(limit).get()).data;
        for (const d of page) {
          const m = d as unknown as Member & { _id: string };
          if (m.kind === 'bound') out.push({ memberId: m._id, tier: m.tier, nameMasked: m.name?.masked ?? '会员' });
          if (out.length >= limit) return out;
        }
        if (page.length < limit) return out;
        cursor = String(page[page.length - 1]._id);
      }
    },
  };
};
