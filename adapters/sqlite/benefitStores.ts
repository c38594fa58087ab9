import type { AuditDraft } from '../../core/audit/chain';
import { benefitErrors } from '../../core/benefits/errors';
import type { Benefit, BenefitChange, BenefitNotice, Booking, Grant, Slot, TierStanding } from '../../core/benefits/model';
import type { BenefitStore, BookVerdict, BookingVerdict, RosterEntry } from '../../core/benefits/ports';
import type { Member } from '../../core/members/model';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { commonErrors } from '../../core/shared/errors';
import type { Db } from './database';
import { sqliteOutboxWriter } from './outboxStore';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;
const docs = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
const one = <T>(row: unknown): T | null => (row ? (JSON.parse((row as { doc: string }).doc) as T) : null);
const conflict = (id: string) => commonErrors.versionConflict('BENEFITS', id);

/**
 * Benefits on the embedded store. Every write is one IMMEDIATE transaction (SQLite has one writer at a
 * time), so a booking's read of the slot and grant and its writes cannot interleave with another's:
 * capacity and quota hold under any number of parallel callers. The partial unique index on live
 * (slot, member) bookings is the second line against double booking. benefit_standings.next_review_at holds
 * the standing's nextCheckAt (when the timer next looks: before the review, then at it).
 */
export const sqliteBenefitStore = (db: Db, appendAudit: AppendAudit): BenefitStore => {
  const writeOutbox = sqliteOutboxWriter(db);
  const q = {
    benefits: db.prepare('SELECT doc FROM benefits ORDER BY id'),
    benefit: db.prepare('SELECT doc FROM benefits WHERE id = ?'),
    insertBenefit: db.prepare('INSERT INTO benefits (id, version, doc) VALUES (?, ?, ?)'),
    updateBenefit: db.prepare('UPDATE benefits SET version = ?, doc = ? WHERE id = ? AND version = ?'),
    standing: db.prepare('SELECT doc FROM benefit_standings WHERE member_id = ?'),
    insertStanding: db.prepare('INSERT INTO benefit_standings (member_id, next_review_at, version, doc) VALUES (?, ?, ?, ?)'),
    updateStanding: db.prepare('UPDATE benefit_standings SET next_review_at = ?, version = ?, doc = ? WHERE member_id = ? AND version = ?'),
    standingsDue: db.prepare('SELECT doc FROM benefit_standings WHERE next_review_at <= ? ORDER BY next_review_at LIMIT ?'),
    grantsOf: db.prepare('SELECT doc FROM benefit_grants WHERE member_id = ? ORDER BY id'),
    grant: db.prepare('SELECT doc FROM benefit_grants WHERE id = ?'),
    insertGrant: db.prepare('INSERT OR IGNORE INTO benefit_grants (id, member_id, expiry_notice_at, noticed, doc) VALUES (@id, @memberId, @expiryNoticeAt, @noticed, @doc)'),
    putGrant: db.prepare('INSERT OR REPLACE INTO benefit_grants (id, member_id, expiry_notice_at, noticed, doc) VALUES (@id, @memberId, @expiryNoticeAt, @noticed, @doc)'),
    grantsToNotice: db.prepare('SELECT doc FROM benefit_grants WHERE noticed = 0 AND expiry_notice_at <= ? ORDER BY expiry_notice_at LIMIT ?'),
    markNoticed: db.prepare('UPDATE benefit_grants SET noticed = 1, doc = ? WHERE id = ? AND noticed = 0'),
    slot: db.prepare('SELECT doc FROM benefit_slots WHERE id = ?'),
    insertSlot: db.prepare('INSERT INTO benefit_slots (id, benefit_id, starts_at, version, doc) VALUES (?, ?, ?, ?, ?)'),
    updateSlot: db.prepare('UPDATE benefit_slots SET version = ?, doc = ? WHERE id = ? AND version = ?'),
    slotsOf: db.prepare('SELECT doc FROM benefit_slots WHERE benefit_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id LIMIT ?'),
    booking: db.prepare('SELECT doc FROM benefit_bookings WHERE id = ?'),
    heldOnSlot: db.prepare("SELECT 1 FROM benefit_bookings WHERE slot_id = ? AND member_id = ? AND status = 'booked'"),
    insertBooking: db.prepare(
      'INSERT INTO benefit_bookings (id, member_id, slot_id, status, booked_at, remind_at, code_hash, version, doc) VALUES (@id, @memberId, @slotId, @status, @bookedAt, @remindAt, @codeHash, @version, @doc)',
    ),
    updateBooking: db.prepare('UPDATE benefit_bookings SET status = @status, remind_at = @remindAt, code_hash = @codeHash, version = @version, doc = @doc WHERE id = @id AND version = @expected'),
    // The shared counters table (other areas' numbers use other names).
    bump: db.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value'),
    byNumber: db.prepare("SELECT doc FROM benefit_bookings WHERE json_extract(doc, '$.number') = ? LIMIT 1"),
    byCode: db.prepare('SELECT id FROM benefit_bookings WHERE code_hash = ? ORDER BY booked_at DESC LIMIT 1'),
    bookingsOf: db.prepare('SELECT doc FROM benefit_bookings WHERE member_id = ? ORDER BY booked_at DESC, id DESC LIMIT ?'),
    bookingsOfSlot: db.prepare('SELECT doc FROM benefit_bookings WHERE slot_id = ? ORDER BY booked_at, id'),
    remindersDue: db.prepare("SELECT doc FROM benefit_bookings WHERE remind_at IS NOT NULL AND remind_at <= ? AND status = 'booked' ORDER BY remind_at LIMIT ?"),
    change: db.prepare('SELECT doc FROM benefit_changes WHERE id = ?'),
    insertChange: db.prepare('INSERT INTO benefit_changes (id, benefit_id, status, effective_at, version, doc) VALUES (?, ?, ?, ?, ?, ?)'),
    updateChange: db.prepare('UPDATE benefit_changes SET status = ?, version = ?, doc = ? WHERE id = ? AND version = ?'),
    changesOf: db.prepare('SELECT doc FROM benefit_changes WHERE benefit_id = ? ORDER BY effective_at, id'),
    openChanges: db.prepare("SELECT doc FROM benefit_changes WHERE status = 'scheduled' ORDER BY effective_at, id LIMIT ?"),
    insertNotice: db.prepare('INSERT OR IGNORE INTO benefit_notices (change_id, member_id, at, doc) VALUES (?, ?, ?, ?)'),
    notices: db.prepare(
      "SELECT n.doc, o.status AS delivery FROM benefit_notices n LEFT JOIN outbox o ON o.id = json_extract(n.doc, '$.outboxId') WHERE n.change_id = ? AND n.member_id > ? ORDER BY n.member_id LIMIT ?",
    ),
    roster: db.prepare("SELECT id, doc FROM members WHERE kind = 'bound' AND id > ? ORDER BY id LIMIT ?"),
  };

  const grantRow = (g: Grant) => ({ id: g.id, memberId: g.memberId, expiryNoticeAt: g.expiryNoticeAt, noticed: g.expiryNoticedAt ? 1 : 0, doc: JSON.stringify(g) });
  const bookingRow = (b: Booking) => ({
    id: b.id,
    memberId: b.memberId,
    slotId: b.slotId ?? null,
    status: b.status,
    bookedAt: b.bookedAt,
    remindAt: b.status === 'booked' ? (b.remindAt ?? null) : null,
    codeHash: b.code?.hash ?? null,
    version: b.version,
    doc: JSON.stringify(b),
  });
  const writeSlot = (s: Slot, expected: number) => {
    if (q.updateSlot.run(s.version, JSON.stringify(s), s.id, expected).changes === 0) throw conflict(s.id);
  };

  const saveBenefit = db.transaction((b: Benefit, expected: number | null, audit: AuditDraft) => {
    if (expected === null) {
      if (q.benefit.get(b.id)) throw benefitErrors.duplicate();
      q.insertBenefit.run(b.id, b.version, JSON.stringify(b));
    } else if (q.updateBenefit.run(b.version, JSON.stringify(b), b.id, expected).changes === 0) throw conflict(b.id);
    appendAudit(audit, new Date(b.updatedAt));
  });
  const saveStanding = db.transaction((s: TierStanding, expected: number | null, outbox: readonly OutboxEntry[]) => {
    if (expected === null) {
      if (q.standing.get(s.memberId)) throw conflict(s.memberId);
      q.insertStanding.run(s.memberId, s.nextCheckAt ?? s.nextReviewAt, s.version, JSON.stringify(s));
    } else if (q.updateStanding.run(s.nextCheckAt ?? s.nextReviewAt, s.version, JSON.stringify(s), s.memberId, expected).changes === 0) throw conflict(s.memberId);
    writeOutbox(outbox);
  });
  const issue = db.transaction((grants: readonly Grant[]) => {
    for (const g of grants) q.insertGrant.run(grantRow(g));
  });
  const notice = db.transaction((id: string, at: string, outbox: readonly OutboxEntry[]) => {
    const g = one<Grant>(q.grant.get(id));
    if (!g || g.expiryNoticedAt) return false;
    q.markNoticed.run(JSON.stringify({ ...g, expiryNoticedAt: at }), id);
    writeOutbox(outbox);
    return true;
  });
  const putSlot = db.transaction((s: Slot, expected: number | null, audit: AuditDraft) => {
    if (expected === null) {
      if (q.slot.get(s.id)) throw benefitErrors.slotExists();
      q.insertSlot.run(s.id, s.benefitId, s.startsAt, s.version, JSON.stringify(s));
    } else writeSlot(s, expected);
    appendAudit(audit, new Date());
  });
  const book = db.transaction((ref: Parameters<BenefitStore['book']>[0], decide: Parameters<BenefitStore['book']>[1]): BookVerdict => {
    const existing = one<Booking>(q.booking.get(ref.bookingId));
    const slot = ref.slotId ? one<Slot>(q.slot.get(ref.slotId)) : null;
    const grant = one<Grant>(q.grant.get(ref.grantId));
    const heldOnSlot = ref.slotId ? Boolean(q.heldOnSlot.get(ref.slotId, ref.memberId)) : false;
    const verdict = decide({ existing, slot, grant, heldOnSlot });
    if (verdict.kind !== 'book') return verdict;
    if (verdict.slot) writeSlot(verdict.slot, slot!.version);
    q.putGrant.run(grantRow(verdict.grant));
    q.insertBooking.run(bookingRow(verdict.booking));
    writeOutbox(verdict.outbox);
    return verdict;
  });
  const settle = db.transaction((id: string, decide: Parameters<BenefitStore['settleBooking']>[1]): BookingVerdict => {
    const b = one<Booking>(q.booking.get(id));
    const slot = b?.slotId ? one<Slot>(q.slot.get(b.slotId)) : null;
    const grant = b ? one<Grant>(q.grant.get(b.grantId)) : null;
    const verdict = decide(b, slot, grant);
    if (verdict.kind !== 'write') return verdict;
    if (q.updateBooking.run({ ...bookingRow(verdict.booking), expected: b!.version }).changes === 0) throw conflict(id);
    if (verdict.slot) writeSlot(verdict.slot, slot!.version);
    if (verdict.grant) q.putGrant.run(grantRow(verdict.grant));
    writeOutbox(verdict.outbox ?? []);
    if (verdict.audit) appendAudit(verdict.audit, new Date(verdict.booking.updatedAt));
    return verdict;
  });
  const putChange = db.transaction((c: BenefitChange, expected: number | null, audit?: AuditDraft) => {
    if (expected === null) q.insertChange.run(c.id, c.benefitId, c.status, c.effectiveAt, c.version, JSON.stringify(c));
    else if (q.updateChange.run(c.status, c.version, JSON.stringify(c), c.id, expected).changes === 0) throw conflict(c.id);
    if (audit) appendAudit(audit, new Date(c.createdAt));
  });
  const announce = db.transaction((c: BenefitChange, expected: number, notices: readonly BenefitNotice[], outbox: readonly OutboxEntry[]) => {
    if (q.updateChange.run(c.status, c.version, JSON.stringify(c), c.id, expected).changes === 0) throw conflict(c.id);
    for (const n of notices) q.insertNotice.run(n.changeId, n.memberId, n.at, JSON.stringify(n));
    writeOutbox(outbox);
  });
  const apply = db.transaction((c: BenefitChange, expected: number, b: Benefit, expectedBenefit: number, audit: AuditDraft) => {
    if (q.updateChange.run(c.status, c.version, JSON.stringify(c), c.id, expected).changes === 0) throw conflict(c.id);
    if (q.updateBenefit.run(b.version, JSON.stringify(b), b.id, expectedBenefit).changes === 0) throw conflict(b.id);
    appendAudit(audit, new Date(c.appliedAt ?? b.updatedAt));
  });

  return {
    listBenefits: async () => docs<Benefit>(q.benefits.all()),
    getBenefit: async (id) => one<Benefit>(q.benefit.get(id)),
    saveBenefit: async (b, expected, audit) => void saveBenefit.immediate(b, expected, audit),
    getStanding: async (memberId) => one<TierStanding>(q.standing.get(memberId)),
    saveStanding: async (s, expected, outbox = []) => void saveStanding.immediate(s, expected, outbox),
    standingsDue: async (at, limit) => docs<TierStanding>(q.standingsDue.all(at, limit)),
    grantsOf: async (memberId) => docs<Grant>(q.grantsOf.all(memberId)),
    getGrant: async (id) => one<Grant>(q.grant.get(id)),
    issueGrants: async (grants) => void issue.immediate(grants),
    grantsToNotice: async (at, limit) => docs<Grant>(q.grantsToNotice.all(at, limit)),
    markGrantNoticed: async (id, at, outbox) => notice.immediate(id, at, outbox),
    putSlot: async (s, expected, audit) => void putSlot.immediate(s, expected, audit),
    getSlot: async (id) => one<Slot>(q.slot.get(id)),
    slotsOf: async (benefitId, from, to, limit) => docs<Slot>(q.slotsOf.all(benefitId, from, to, limit)),
    book: async (ref, decide) => {
      try {
        return book.immediate(ref, decide);
      } catch (e) {
        // The partial unique index: the same member on the same slot twice, however the calls interleave.
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { kind: 'refuse', error: benefitErrors.alreadyBooked() };
        throw e;
      }
    },
    getBooking: async (id) => one<Booking>(q.booking.get(id)),
    bookingIdByCode: async (hash) => (q.byCode.get(hash) as { id: string } | undefined)?.id ?? null,
    bookingByNumber: async (number) => one<Booking>(q.byNumber.get(number)),
    nextSequence: async (name) => (q.bump.get(name) as { value: number }).value,
    settleBooking: async (id, decide) => settle.immediate(id, decide),
    bookingsOf: async (memberId, limit) => docs<Booking>(q.bookingsOf.all(memberId, limit)),
    bookingsOfSlot: async (slotId) => docs<Booking>(q.bookingsOfSlot.all(slotId)),
    remindersDue: async (at, limit) => docs<Booking>(q.remindersDue.all(at, limit)),
    putChange: async (c, expected, audit) => void putChange.immediate(c, expected, audit),
    getChange: async (id) => one<BenefitChange>(q.change.get(id)),
    changesOf: async (benefitId) => docs<BenefitChange>(q.changesOf.all(benefitId)),
    openChanges: async (limit) => docs<BenefitChange>(q.openChanges.all(limit)),
    recordAnnouncement: async (c, expected, notices, outbox) => void announce.immediate(c, expected, notices, outbox),
    applyChange: async (c, expected, b, expectedBenefit, audit) => void apply.immediate(c, expected, b, expectedBenefit, audit),
    noticesOf: async (changeId, { after, limit }) =>
      (q.notices.all(changeId, after ?? '', limit) as { doc: string; delivery: OutboxEntry['status'] | null }[]).map((r) => ({
        ...(JSON.parse(r.doc) as BenefitNotice),
        ...(r.delivery ? { delivery: r.delivery } : {}),
      })),
    roster: async (after, limit) =>
      (q.roster.all(after ?? '', limit) as { id: string; doc: string }[]).map((r): RosterEntry => {
        const m = JSON.parse(r.doc) as Member;
        return { memberId: r.id, tier: m.tier, nameMasked: m.name?.masked ?? '会员' };
      }),
  };
};
