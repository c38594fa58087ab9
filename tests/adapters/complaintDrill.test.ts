import { cloudbaseComplaintDrill } from '../../adapters/cloudbase/complaintDrill';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteComplaintDrill } from '../../adapters/sqlite/complaintDrill';
import type { ComplaintDrill } from '../../core/earlyWarning/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';

/** Made complaints and policies, written as each store keeps them (only the fields the drill reads). */
const COMPLAINTS = [
  { id: 'c1', number: 'TS-1', memberId: 'm1', category: 'claims', channel: 'phone', policyNo: 'P1', receivedAt: '2026-11-16T02:00:00.000Z' },
  { id: 'c2', number: 'TS-2', memberId: 'm2', category: 'claims', channel: 'web', policyNo: 'P2', receivedAt: '2026-11-18T02:00:00.000Z' },
  { id: 'c3', number: 'TS-3', memberId: 'm1', category: 'service', channel: 'phone', policyNo: 'P1', receivedAt: '2026-11-20T02:00:00.000Z' },
  { id: 'c4', number: 'TS-4', memberId: 'm1', category: 'claims', channel: 'phone', receivedAt: '2026-11-23T02:00:00.000Z' }, // next week
  { id: 'c5', number: 'TS-5', memberId: 'm3', category: 'claims', channel: 'phone', policyNo: 'P3', receivedAt: '2026-11-15T15:59:59.000Z' }, // week before
];
const POLICIES = [
  { policyNo: 'P1', productCode: 'MED', salesChannel: 'bank', sellerId: 'S1' },
  { policyNo: 'P2', productCode: 'LIFE', salesChannel: 'bank', sellerId: 'S2' },
  { policyNo: 'P3', productCode: 'MED', salesChannel: 'agent', sellerId: 'S1' },
];
const WEEK = { from: '2026-11-15T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' };

const drillContract = (open: () => ComplaintDrill | Promise<ComplaintDrill>) => {
  const ids = async (dim: Parameters<ComplaintDrill['received']>[0]['dim'], value: string, limit = 10) => {
    const r = await (await open()).received({ dim, value, ...WEEK, limit });
    return { ids: r.items.map((c) => c.id), total: r.total };
  };
  it('finds the complaints of one week by column, by member and policy, and through the register', async () => {
    expect(await ids('category', 'claims')).toEqual({ ids: ['c1', 'c2'], total: 2 });
    expect(await ids('channel', 'phone')).toEqual({ ids: ['c1', 'c3'], total: 2 });
    expect(await ids('member', 'm1')).toEqual({ ids: ['c1', 'c3'], total: 2 });
    expect(await ids('policy', 'P1')).toEqual({ ids: ['c1', 'c3'], total: 2 });
    expect(await ids('product', 'MED')).toEqual({ ids: ['c1', 'c3'], total: 2 });
    expect(await ids('salesChannel', 'bank')).toEqual({ ids: ['c1', 'c2', 'c3'], total: 3 });
    expect(await ids('seller', 'S2')).toEqual({ ids: ['c2'], total: 1 });
    expect(await ids('category', 'claims', 1)).toEqual({ ids: ['c1'], total: 2 });
  });
};

describe('ComplaintDrill on SQLite', () => {
  drillContract(() => {
    const db = openDatabase(':memory:');
    const ins = db.prepare(
      'INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, policy_no, received_at, version, updated_at, doc) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1, ?, ?)',
    );
    for (const c of COMPLAINTS) ins.run(c.id, c.number, c.memberId, 'submitted', 'ordinary', c.category, c.channel, c.policyNo ?? null, c.receivedAt, c.receivedAt, JSON.stringify(c));
    const pol = db.prepare('INSERT INTO policies (policy_no, holder_phone_index, status, batch_id, doc) VALUES (?, ?, ?, ?, ?)');
    for (const p of POLICIES) pol.run(p.policyNo, `ix-${p.policyNo}`, 'inForce', 'b1', JSON.stringify(p));
    return sqliteComplaintDrill(db);
  });
});

describe('ComplaintDrill on the CloudBase adapter over the in-memory SDK FAKE', () => {
  drillContract(async () => {
    const db = new CloudbaseDatabaseFake();
    await Promise.all([
      ...COMPLAINTS.map(({ id, ...c }) => db.collection('complaints').doc(id).set(c)),
      ...POLICIES.map(({ policyNo, ...p }) => db.collection('policies').doc(policyNo).set({ policyNo, ...p })),
    ]);
    return cloudbaseComplaintDrill(db);
  });
});
