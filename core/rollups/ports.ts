import type { Booking } from '../benefits/model';
import type { Claim } from '../claims/model';
import type { Complaint } from '../complaints/model';
import type { Consultation } from '../consultations/model';
import type { OutboxEntry } from '../notifications/outbox';
import type { FeedCursor, RollupEvent, RollupRow, SatisfactionReminderDue } from './model';

/**
 * The rollup store. Only the timer consumer writes it; the admin page reads it.
 * `consume` is one transaction: an event whose id is already marked consumed is skipped whole, the
 * rest get their marker, their counter increments and their reminders together, and the cursor moves.
 * Consuming the same events again therefore changes nothing.
 */
export interface RollupStore {
  cursor(feed: string): Promise<FeedCursor | undefined>;
  consume(input: { feed: string; cursor: FeedCursor; events: RollupEvent[] }): Promise<{ applied: number; skipped: number }>;
  /** Every row of these periods (YYYY-MM or YYYY-Www), or only those of these tables (facts.ts) when given. */
  read(months: string[], dims?: string[]): Promise<RollupRow[]>;
}

/**
 * The consumer's source: complaints as they are saved. Each carries its domain events (timeline
 * entries with their ids, the SLA marks recorded once); changedAfter pages by (updatedAt, id).
 */
export interface ChangeFeed<T> {
  /** Records saved after `cursor` and at or before `until`, in (updatedAt, id) order. */
  changedAfter(cursor: FeedCursor | undefined, until: string, limit: number): Promise<T[]>;
}
export type ComplaintChangeFeed = ChangeFeed<Complaint>;
export type ConsultationChangeFeed = ChangeFeed<Consultation>;
export type ClaimChangeFeed = ChangeFeed<Claim>;
export type BookingChangeFeed = ChangeFeed<Booking>;

/** The satisfaction loop's schedule, filled by the consumer from `resolved` events. */
export interface SatisfactionReminderStore {
  /** Reminders still owed whose time has come, earliest first. */
  dueReminders(at: Date, limit: number): Promise<SatisfactionReminderDue[]>;
  /**
   * Settle a reminder once, in one transaction: mark it done and, if `outbox` is given, write the
   * message. False (and nothing written) when it was already settled: a second run or a run after
   * a crash never sends a second reminder.
   */
  settleReminder(id: string, outcome: { sentAt: string; outbox?: OutboxEntry; skipped?: string }): Promise<boolean>;
}
