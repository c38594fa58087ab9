import type { ComplaintDrill, DrilledComplaint } from '../../core/earlyWarning/ports';
import type { CbDatabase } from './database';

/** A drill reads at most this many complaints of a week (pages of 1,000); a larger week is counted as read so far. */
const SCAN_CAP = 20_000;

const toDrilled = (d: Record<string, unknown>): DrilledComplaint => ({
  id: String(d._id),
  number: String(d.number),
  receivedAt: String(d.receivedAt),
  category: String(d.category),
  channel: String(d.channel),
  memberId: String(d.memberId),
  ...(typeof d.policyNo === 'string' ? { policyNo: d.policyNo } : {}),
});

const POLICY_FIELD: Record<string, string> = { product: 'productCode', salesChannel: 'salesChannel', seller: 'sellerId' };

/**
 * The complaints behind an early-warning count on CloudBase (read-only). A member's and a policy's
 * through their (field, receivedAt) indexes; the others page one week of complaints by receivedAt
 * (needs the complaints index (receivedAt, _id), see the README) and keep the matching ones, product,
 * sales channel and seller by the policies named (read by id, a hundred at a time).
 */
export const cloudbaseComplaintDrill = (db: CbDatabase): ComplaintDrill => {
  const _ = db.command;
  const complaints = () => db.collection('complaints');
  const week = async (fixed: Record<string, unknown>, from: string, to: string): Promise<DrilledComplaint[]> => {
    const out: DrilledComplaint[] = [];
    let after: [string, string] | undefined;
    while (out.length < SCAN_CAP) {
      const condition = after
        ? _.or([
            { ...fixed, receivedAt: _.gt(after[0]) },
            { ...fixed, receivedAt: after[0], _id: _.gt(after[1]) },
          ])
        : { ...fixed, receivedAt: _.gte(from) };
      const page = (await complaints().where(condition).orderBy('receivedAt', 'asc').orderBy('_id', 'asc').limit(1000).get()).data;
      const inWeek = page.filter((d) => String(d.receivedAt) < to);
      out.push(...inWeek.map(toDrilled));
      if (page.length < 1000 || inWeek.length < page.length) break;
      const last = page[page.length - 1];
      after = [String(last.receivedAt), String(last._id)];
    }
    return out;
  };
  return {
    received: async ({ dim, value, from, to, limit }) => {
      let rows: DrilledComplaint[];
      if (dim === 'member') rows = await week({ memberId: value }, from, to);
      else if (dim === 'policy') rows = await week({ policyNo: value }, from, to);
      else if (dim === 'category' || dim === 'channel') rows = (await week({}, from, to)).filter((c) => c[dim] === value);
      else {
        const all = (await week({}, from, to)).filter((c) => c.policyNo);
        const numbers = [...new Set(all.map((c) => c.policyNo!))];
        const matching = new Set<string>();
        for (let i = 0; i < numbers.length; i += 100) {
          const res = await db.collection('policies').where({ _id: _.in(numbers.slice(i, i + 100)) }).limit(100).get();
          for (const p of res.data) if (p[POLICY_FIELD[dim]] === value) matching.add(String(p._id));
        }
        rows = all.filter((c) => matching.has(c.policyNo!));
      }
      return { items: rows.slice(0, limit), total: rows.length };
    },
  };
};
