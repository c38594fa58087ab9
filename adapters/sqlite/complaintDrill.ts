import type { ComplaintDrill, DrilledComplaint } from '../../core/earlyWarning/ports';
import type { Db } from './database';

const COLUMNS = 'c.id, c.number, c.received_at, c.category, c.channel, c.member_id, c.policy_no';

/** Which rows of the week match: a column of the complaint, or a field of its policy in the register. */
const WHERE: Record<string, string> = {
  category: 'c.category = @value',
  channel: 'c.channel = @value',
  member: 'c.member_id = @value',
  policy: 'c.policy_no = @value',
  product: "json_extract(p.doc, '$.productCode') = @value",
  salesChannel: "json_extract(p.doc, '$.salesChannel') = @value",
  seller: "json_extract(p.doc, '$.sellerId') = @value",
};
const JOINS_POLICY = new Set(['product', 'salesChannel', 'seller']);

/**
 * The complaints behind an early-warning count (read-only): a member's and a policy's through their
 * indexes, the rest as one week of complaints by receipt (complaints_by_received) filtered by value.
 */
export const sqliteComplaintDrill = (db: Db): ComplaintDrill => {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (dim: string) => {
    if (!statements.has(dim)) {
      const join = JOINS_POLICY.has(dim) ? 'JOIN policies p ON p.policy_no = c.policy_no' : '';
      statements.set(dim, db.prepare(`SELECT ${COLUMNS} FROM complaints c ${join} WHERE c.received_at >= @from AND c.received_at < @to AND ${WHERE[dim]} ORDER BY c.received_at, c.id`));
    }
    return statements.get(dim)!;
  };
  return {
    received: async ({ dim, value, from, to, limit }) => {
      const rows = prepared(dim).all({ value, from, to }) as { id: string; number: string; received_at: string; category: string; channel: string; member_id: string; policy_no: string | null }[];
      const items: DrilledComplaint[] = rows.slice(0, limit).map((r) => ({
        id: r.id,
        number: r.number,
        receivedAt: r.received_at,
        category: r.category,
        channel: r.channel,
        memberId: r.member_id,
        ...(r.policy_no ? { policyNo: r.policy_no } : {}),
      }));
      return { items, total: rows.length };
    },
  };
};
