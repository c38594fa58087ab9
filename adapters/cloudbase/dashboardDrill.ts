import type { Complaint } from '../../core/complaints/model';
import type { ComplaintReceivedScan } from '../../core/dashboard/ports';
import type { CbDatabase } from './database';

/**
 * Complaints by receipt for the dashboard drill (core/dashboard/drill.ts) on the (receivedAt, _id) index
 * (collections.ts). The keyset "after" is two branches of one `or`; the period's end is applied to the
 * sorted page (one field takes one range in a CloudBase condition).
 */
export const cloudbaseComplaintReceivedScan = (db: CbDatabase): ComplaintReceivedScan => {
  const _ = db.command;
  return {
    receivedBetween: async (from, to, after, limit) => {
      const condition = after ? _.or([{ receivedAt: _.gt(after.at) }, { receivedAt: after.at, _id: _.gt(after.id) }]) : { receivedAt: _.gte(from) };
      const res = await db.collection('complaints').where(condition).orderBy('receivedAt', 'asc').orderBy('_id', 'asc').limit(limit).get();
      return res.data
        .filter((d) => String(d.receivedAt) < to)
        .map((d) => {
          const { _id, queueDueAt: _q, ...rest } = d;
          return { ...(rest as unknown as Omit<Complaint, 'id'>), id: String(_id) };
        });
    },
  };
};
