import type { AuditDraft } from '../audit/chain';
import type { Tier } from '../members/model';
import type { OutboxEntry } from '../notifications/outbox';
import type { Benefit, BenefitChange, BenefitNotice, Booking, Grant, Slot, TierStanding } from './model';

/** What a booking transaction reads before the core rules on it. */
export interface BookingContext {
  /** The booking already made under this id (same member and idempotency key): a retry. */
  existing: Booking | null;
  slot: Slot | null;
  grant: Grant | null;
  /** The member already holds a live booking on this slot. */
  heldOnSlot: boolean;
}

export type BookVerdict =
  | { kind: 'refuse'; error: Error }
  | { kind: 'replay'; booking: Booking }
  | { kind: 'book'; booking: Booking; grant: Grant; slot?: Slot; outbox: readonly OutboxEntry[] };

/** What a change to a live booking reads (the booking, its slot and grant) and what the core makes of it. */
export type BookingVerdict =
  | { kind: 'refuse'; error: Error }
  | { kind: 'write'; booking: Booking; slot?: Slot; grant?: Grant; outbox?: readonly OutboxEntry[]; audit?: AuditDraft };

/** A bound member as the announcements page through them (the member record's tier and mask). */
export interface RosterEntry {
  memberId: string;
  tier: Tier;
  nameMasked: string;
}

/**
 * The benefits store. Booking, cancelling and checking in are each one transaction that reads what the
 * rule needs and writes slot, grant, booking and the notices together: capacity and quota are never
 * passed, however many members ask at once (CloudBase: a lost write conflict is retried by the SDK, then
 * STORE.BUSY with nothing written).
 */
export interface BenefitStore {
  listBenefits(): Promise<Benefit[]>;
  getBenefit(id: string): Promise<Benefit | null>;
  /** expectedVersion null: a new entry (BENEFITS.DUPLICATE if the id exists); else version-checked. */
  saveBenefit(b: Benefit, expectedVersion: number | null, audit: AuditDraft): Promise<void>;

  getStanding(memberId: string): Promise<TierStanding | null>;
  /** expectedVersion null: first record (a concurrent first record wins; the loser gets BENEFITS.VERSION_CONFLICT). */
  saveStanding(s: TierStanding, expectedVersion: number | null, outbox?: readonly OutboxEntry[]): Promise<void>;
  /** Standings whose next check (before the yearly review, then at it) has come, earliest first. */
  standingsDue(at: string, limit: number): Promise<TierStanding[]>;

  grantsOf(memberId: string): Promise<Grant[]>;
  getGrant(id: string): Promise<Grant | null>;
  /** Issues grants not held yet: an existing grant (same member, benefit, period) is never overwritten. */
  issueGrants(grants: readonly Grant[]): Promise<void>;
  /** Unused grants whose expiry notice is due and not yet sent, earliest first. */
  grantsToNotice(at: string, limit: number): Promise<Grant[]>;
  /** Marks the expiry notice sent with its outbox entry, once: false if another run did it first. */
  markGrantNoticed(grantId: string, at: string, outbox: readonly OutboxEntry[]): Promise<boolean>;

  putSlot(slot: Slot, expectedVersion: number | null, audit: AuditDraft): Promise<void>;
  getSlot(id: string): Promise<Slot | null>;
  /** A benefit's slots starting in [from, to), by start. */
  slotsOf(benefitId: string, from: string, to: string, limit: number): Promise<Slot[]>;

  book(ref: { bookingId: string; memberId: string; slotId?: string; grantId: string }, decide: (c: BookingContext) => BookVerdict): Promise<BookVerdict>;
  getBooking(id: string): Promise<Booking | null>;
  bookingIdByCode(codeHash: string): Promise<string | null>;
  /** The booking with this readable number (QY20261126-0001), if any. */
  bookingByNumber(number: string): Promise<Booking | null>;
  /** Next value of a named counter (booking numbers: one per day, sharded where writes contend). */
  nextSequence(name: string): Promise<number>;
  /** Reads the booking with its slot and grant, lets `decide` rule, writes the verdict in the same transaction. */
  settleBooking(id: string, decide: (b: Booking | null, slot: Slot | null, grant: Grant | null) => BookingVerdict): Promise<BookingVerdict>;
  bookingsOf(memberId: string, limit: number): Promise<Booking[]>;
  bookingsOfSlot(slotId: string): Promise<Booking[]>;
  /** Live bookings whose day-before reminder is due, earliest first. */
  remindersDue(at: string, limit: number): Promise<Booking[]>;

  putChange(c: BenefitChange, expectedVersion: number | null, audit?: AuditDraft): Promise<void>;
  getChange(id: string): Promise<BenefitChange | null>;
  changesOf(benefitId: string): Promise<BenefitChange[]>;
  /** Scheduled changes (few at a time), by effective date. */
  openChanges(limit: number): Promise<BenefitChange[]>;
  /** Records a page of members told, their notices and the change's progress, in one transaction (version-checked on the change). */
  recordAnnouncement(change: BenefitChange, expectedVersion: number, notices: readonly BenefitNotice[], outbox: readonly OutboxEntry[]): Promise<void>;
  /** Applies a change: the entry's new terms and the change marked applied, together. */
  applyChange(change: BenefitChange, expectedVersion: number, benefit: Benefit, expectedBenefitVersion: number, audit: AuditDraft): Promise<void>;
  /** Who was told, by member id, each with what became of the push (the outbox entry's status: sent, skipped for want of a credit, …). */
  noticesOf(changeId: string, page: { after?: string; limit: number }): Promise<(BenefitNotice & { delivery?: OutboxEntry['status'] })[]>;

  /** Bound members by id after `after` (announcements page through them). */
  roster(after: string | undefined, limit: number): Promise<RosterEntry[]>;
}

/** Renders a redemption code as a QR image (server-side: the `qrcode` library), as an SVG data URL. */
export interface QrRenderer {
  dataUrl(text: string): Promise<string>;
}
