import type { Complaint } from '../../core/complaints/model';
import type { ComplaintReceivedScan } from '../../core/dashboard/ports';
import type { Db } from './database';

/**
 * Complaints by receipt for the dashboard drill (core/dashboard/drill.ts), on complaints_by_received
 * (the dashboard migration): keyset ranges only, so a page costs the same at any table size.
 */
export const sqliteComplaintReceivedScan = (db: Db): ComplaintReceivedScan => {
  const first = db.prepare(`SELECT doc FROM complaints INDEXED BY complaints_by_received WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id LIMIT ?`);
  const after = db.prepare(
    `SELECT doc FROM complaints INDEXED BY complaints_by_received WHERE (received_at, id) > (?, ?) AND received_at < ? ORDER BY received_at, id LIMIT ?`,
  );
  return {
    receivedBetween: async (from, to, cursor, limit) =>
      ((cursor ? after.all(cursor.at, cursor.id, to, limit) : first.all(from, to, limit)) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Complaint),
  };
};
