import fs from 'node:fs';
import path from 'node:path';
import { cloudbaseMemberDirectory } from '../../adapters/cloudbase/memberDirectory';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { HOLDER_INDEX_EXPRESSIONS, sqliteMemberDirectory } from '../../adapters/sqlite/memberDirectory';
import type { MemberDirectory } from '../../core/members/directory';
import type { MemberDeps } from '../../core/members/deps';
import type { Policy } from '../../core/members/model';
import { seedDemoMembers } from '../../server/local/demoData';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { harness } from '../support/localHarness';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');

/**
 * The demo register imported and 张晓敏 bound through the real use cases, once on SQLite and once on the
 * CloudBase member and policy stores over the SDK FAKE: each directory reads what its own stores wrote.
 */
const setUp = async () => {
  const h = harness('2026-11-25T02:00:00Z');
  await seedDemoMembers(h.system.members, REGISTER);
  const fake = new CloudbaseDatabaseFake();
  const cloud: MemberDeps & Pick<typeof h.system.members, 'privacy'> = { ...h.system.members, members: cloudbaseMemberStore(fake), policies: cloudbasePolicyStore(fake), sms: { sendCode: async () => undefined } };
  await seedDemoMembers(cloud, REGISTER);
  return { h, box: h.system.admin.box, stores: { sqlite: sqliteMemberDirectory(h.system.db), 'cloudbase (FAKE)': cloudbaseMemberDirectory(fake) } };
};

/** What a MemberDirectory answers over the demo register, whichever store wrote it. */
const directoryCases = (get: () => { dir: MemberDirectory; box: { blindIndex(v: string): string } }) => {
  const nos = (ps: Policy[]) => ps.map((p) => p.policyNo);

  it('finds policies by a number prefix, in number order, up to the limit; an exact number is its own prefix', async () => {
    const { dir } = get();
    expect(nos(await dir.policiesByNumberPrefix('P2026', 10))).toEqual(['P2026000123', 'P2026000456']);
    expect(nos(await dir.policiesByNumberPrefix('P20', 3))).toEqual(['P2024001789', 'P2025008866', 'P2026000123']);
    expect(nos(await dir.policiesByNumberPrefix('P2026000456', 10))).toEqual(['P2026000456']);
    expect(await dir.policiesByNumberPrefix('Q', 10)).toEqual([]);
  });

  it('finds policies by the holder\'s phone, full name or ID number blind index', async () => {
    const { dir, box } = get();
    expect(nos(await dir.policiesByHolder({ phoneIndex: box.blindIndex('13800138000') }, 10))).toEqual(['P2025008866', 'P2026000123']);
    expect(nos(await dir.policiesByHolder({ nameIndex: box.blindIndex('王芳') }, 10))).toEqual(['P2024001789']);
    expect(nos(await dir.policiesByHolder({ idNumberIndex: box.blindIndex('440305197811053459') }, 10))).toEqual(['P2026000456']);
    expect(await dir.policiesByHolder({ nameIndex: box.blindIndex('王') }, 10)).toEqual([]);
  });

  it('reads policies and members by key, skipping those that do not exist', async () => {
    const { dir } = get();
    const [p] = await dir.policies(['P2026000123', 'P-none']);
    expect(p).toMatchObject({ policyNo: 'P2026000123', boundTo: 'demo-member-alice', holder: { name: { masked: '张*敏' } } });
    expect((await dir.members(['demo-member-alice', 'nobody'])).map((m) => [m.id, m.kind, m.policyNos])).toEqual([['demo-member-alice', 'bound', ['P2026000123']]]);
    expect(await dir.members([])).toEqual([]);
  });
};

describe.each(['sqlite', 'cloudbase (FAKE)'] as const)('member directory on %s', (name) => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp();
  });
  afterAll(() => env.h.close());
  directoryCases(() => ({ dir: env.stores[name], box: env.box }));
});

/** The demo register written by the CloudBase stores into one namespace of a real environment, read back. */
describeRealCloudbase('member directory', () => {
  let h: ReturnType<typeof harness>;
  let real: ReturnType<typeof realCloudbase>;
  beforeAll(async () => {
    h = harness('2026-11-25T02:00:00Z');
    real = realCloudbase();
    await seedDemoMembers({ ...h.system.members, members: cloudbaseMemberStore(real.db), policies: cloudbasePolicyStore(real.db), sms: { sendCode: async () => undefined } }, REGISTER);
  });
  afterAll(async () => {
    await real?.cleanup();
    h?.close();
  });
  directoryCases(() => ({ dir: cloudbaseMemberDirectory(real.db), box: h.system.admin.box }));
});

describe('member directory on SQLite: served by indexes', () => {
  it('seeks the holder indexes and the policy number range rather than scanning the register', async () => {
    const h = harness();
    try {
      const plan = (sql: string) => (h.system.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x', 'y', 1) as { detail: string }[]).map((r) => r.detail).join(' | ');
      for (const expr of Object.values(HOLDER_INDEX_EXPRESSIONS))
        expect(plan(`SELECT doc FROM policies WHERE ${expr} = ? AND ? IS NOT NULL ORDER BY policy_no LIMIT ?`)).toMatch(/USING INDEX policies_by_holder/);
      expect(plan('SELECT doc FROM policies WHERE policy_no >= ? AND policy_no < ? ORDER BY policy_no LIMIT ?')).toMatch(/USING INDEX sqlite_autoindex_policies_1 \(policy_no>\? AND policy_no<\?\)/);
    } finally {
      h.close();
    }
  });
});
