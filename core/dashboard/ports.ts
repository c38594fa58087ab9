import type { Complaint } from '../complaints/model';
import type { BookingChangeFeed, ClaimChangeFeed, ComplaintChangeFeed, ConsultationChangeFeed } from '../rollups/ports';

/** Where a drill scan stopped: keyset on (time, id) of the last record read. */
export interface ScanCursor {
  at: string;
  id: string;
}

/** Complaints by receipt: the index a `received` figure's records are read on. */
export interface ComplaintReceivedScan {
  /** Complaints received in [from, to), by (receivedAt, id) after `after`. */
  receivedBetween(from: string, to: string, after: ScanCursor | undefined, limit: number): Promise<Complaint[]>;
}

/**
 * The reads behind the dashboard's drill-down lists: each an index range read in key order, a bounded
 * slice per request, so a page costs the same at 10k or 1M records. Every other measure reads the
 * rollup consumer's own change feeds (records saved since the period began: a record with an event in
 * the period was saved at or after it).
 */
export interface DashboardDrillSources {
  complaintsReceived: ComplaintReceivedScan;
  complaints: ComplaintChangeFeed;
  consultations?: ConsultationChangeFeed;
  claims?: ClaimChangeFeed;
  bookings?: BookingChangeFeed;
}
