import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cloudbaseMemberDirectory } from '../../adapters/cloudbase/memberDirectory';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { cloudbaseSealedRecords } from '../../adapters/cloudbase/sealedRecords';
import { aesGcmBox, keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { currentTotp } from '../../adapters/crypto/totp';
import { sqliteSealedRecords } from '../../adapters/sqlite/sealedRecords';
import type { AuditDraft } from '../../core/audit/chain';
import { parseCursor, rekey, sealedValues, SEALED_KINDS, type RekeyReport } from '../../core/members/rekey';
import { DEMO_MEMBERS, seedDemoMembers } from '../../server/local/demoData';
import { DEMO_PASSWORD } from '../../server/local/demoStaff';
import { localSystem } from '../../server/local/localSystem';
import { handleAdmin } from '../../server/runtime/admin/handleAdmin';
import { piiBox } from '../../server/runtime/cloudMembers';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { adminHarness } from '../support/adminHarness';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const K1 = crypto.randomBytes(32);
const K2 = crypto.randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');
const ALICE = DEMO_MEMBERS[0].openid;
const BOB = DEMO_MEMBERS[1].openid;

/** A value as the box wrote it before key ids existed: `v1:` + iv|tag|body under HMAC(key, 'enc'). */
const legacySeal = (key: Buffer, plain: string) => {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', crypto.createHmac('sha256', key).update('enc').digest(), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
};

const PII_VARS = ['PII_KEY', 'PII_KEYS', 'PII_KEY_CURRENT', 'PII_INDEX_KEY_ID'];
const withPiiEnv = <T>(vars: Record<string, string>, fn: () => T): T => {
  const saved = Object.fromEntries(PII_VARS.map((k) => [k, process.env[k]]));
  for (const k of PII_VARS) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const k of PII_VARS) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
};

describe('the key ring', () => {
  it('seals with the current key, opens with any key of the ring, and opens values sealed before key ids', () => {
    const one = aesGcmBox(K1);
    const old = one.seal('13800138000');
    expect(old).toMatch(/^v2:k1:/);
    const ring = keyRingBox({ keys: { k1: K1, k2: K2 }, current: 'k2', indexKeyId: 'k1' });
    const fresh = ring.seal('13800138000');
    expect(fresh).toMatch(/^v2:k2:/);
    expect([ring.open(old), ring.open(fresh), ring.open(legacySeal(K1, '张晓敏'))]).toEqual(['13800138000', '13800138000', '张晓敏']);
    expect([ring.keyIdOf(old), ring.keyIdOf(fresh), ring.keyIdOf(legacySeal(K1, 'x'))]).toEqual(['k1', 'k2', 'v1']);
    expect(ring.keyIdOf(ring.reseal(old))).toBe('k2');
    expect(ring.reseal(fresh)).toBe(fresh);
    // The blind index comes from the index key, not the sealing key: a rotation leaves it as it was.
    expect(ring.blindIndex('13800138000')).toBe(one.blindIndex('13800138000'));
  });

  it('names the retired key when a value needs one the ring no longer has', () => {
    const old = aesGcmBox(K1).seal('x');
    const only2 = keyRingBox({ keys: { k2: K2 }, current: 'k2', indexKeyId: 'k2' });
    expect(() => only2.open(old)).toThrow(/names key k1, which is not in the ring/);
  });

  it('reads PII_KEYS / PII_KEY_CURRENT / PII_INDEX_KEY_ID, and a single PII_KEY as k1, with a message naming the setting', () => {
    expect(keyRingFromEnv({ PII_KEY: b64(K1) })).toMatchObject({ current: 'k1', indexKeyId: 'k1' });
    expect(keyRingFromEnv({ PII_KEYS: `k1:${b64(K1)},k2:${b64(K2)}` })).toMatchObject({ current: 'k2', indexKeyId: 'k1' });
    expect(keyRingFromEnv({ PII_KEYS: `k1:${b64(K1)},k2:${b64(K2)}`, PII_KEY_CURRENT: 'k1' })).toMatchObject({ current: 'k1' });
    expect(() => keyRingFromEnv({})).toThrow(/PII_KEYS \(or the older single PII_KEY\) is not set.*openssl rand -base64 32/);
    expect(() => keyRingFromEnv({ PII_KEY: 'c2hvcnQ=' })).toThrow(/PII_KEY must be the base64 of 32 bytes/);
    expect(() => keyRingFromEnv({ PII_KEYS: `k1:${b64(K1)}`, PII_KEY_CURRENT: 'k2' })).toThrow(/PII_KEY_CURRENT is k2, which PII_KEYS does not list/);
    expect(() => keyRingFromEnv({ PII_KEYS: `k2:${b64(K2)}`, PII_INDEX_KEY_ID: 'k1' })).toThrow(/PII_INDEX_KEY_ID is k1/);
    expect(() => keyRingFromEnv({ PII_KEYS: b64(K1) })).toThrow(/PII_KEYS must be a comma-separated list/);
    expect(() => keyRingFromEnv({ PII_KEY: b64(K1), PII_KEYS: `k2:${b64(K1)}` })).toThrow(/lists the old PII_KEY as k2: it must be k1/);
    expect(() => piiBox('members', {})).toThrow(/^the members function cannot open personal data: PII_KEYS/);
  });
});

describe('rotating the personal-data key (SQLite, through the real functions)', () => {
  type H = Awaited<ReturnType<typeof adminHarness>>;
  let h: H;
  let complaintId: string;

  beforeAll(async () => {
    // Before: one key, set as the older single PII_KEY, with one value still in the pre-key-id format.
    h = await withPiiEnv({ PII_KEY: b64(K1) }, () => adminHarness('2026-11-25T02:00:00Z'));
    await seedDemoMembers(h.system.members, REGISTER);
    const agent = await h.as('agent01');
    complaintId = (
      await agent('complaints/log', {
        idempotencyKey: 'rekey-intake-00000001',
        channel: 'phone',
        receivedAt: '2026-11-25T01:00:00Z',
        phone: '13812345678',
        contactName: '刘女士',
        category: 'premium',
        description: '银行卡被重复扣缴两期保费，要求退还多扣款项',
      })
    ).id;
    // A consultation whose text holds a phone number: its original is sealed beside the masked text (k1).
    const fn = h.system.functions.consultations;
    const asked = (await dispatch(fn.table, fn.deps as never, { kind: 'member', openid: 'openid-rekey' } as Caller, {
      action: 'ask',
      data: { idempotencyKey: 'rekey-ask-0000000001', topic: 'insurance', question: '请回电13912345678，想问重疾险等待期怎么算' },
    }, silentLogger)) as { ok: boolean };
    expect(asked.ok).toBe(true);
    const row = h.system.db.prepare("SELECT doc FROM policies WHERE policy_no = 'P2024001789'").get() as { doc: string };
    const doc = JSON.parse(row.doc);
    doc.holder.idNumber.sealed = legacySeal(K1, '310115196209095670');
    h.system.db.prepare("UPDATE policies SET doc = ? WHERE policy_no = 'P2024001789'").run(JSON.stringify(doc));
  });
  afterAll(() => h.close());

  /** The same data folder opened as a function would be after PII_KEYS/PII_KEY_CURRENT changed. */
  const rotated = () =>
    withPiiEnv({ PII_KEYS: `k1:${b64(K1)},k2:${b64(K2)}`, PII_KEY_CURRENT: 'k2' }, () => localSystem({ dataDir: h.dataDir, clock: h.clock, fastPasswords: true }));
  const staffCaller = async (sys: ReturnType<typeof localSystem>, username: string) => {
    const call = (route: string, body: unknown, cookie?: string) => handleAdmin(sys.admin, { method: 'POST', route, cookie, contentType: 'application/json', body }, false);
    const cookie = (await call('auth/login', { username, password: DEMO_PASSWORD })).setCookie!.split(';')[0];
    sys.db.prepare("DELETE FROM staff_signin_guard WHERE key LIKE 'totp-step:%'").run(); // a code is accepted once; this clock stands still
    await call('auth/totp', { code: currentTotp(h.SECRET, h.clock.now()) }, cookie); // throws when the code does not verify
    return (route: string, body: unknown = {}) => call(route, body, cookie).then((r) => r.data as any);
  };
  const member = (sys: ReturnType<typeof localSystem>, who: string, action: string, data: unknown = {}) =>
    dispatch(sys.functions.members.table, sys.functions.members.deps as never, { kind: 'member', openid: who } as Caller, { action, data }, silentLogger) as Promise<any>;
  const everythingOpens = async (sys: ReturnType<typeof localSystem>) => {
    const sup = await staffCaller(sys, 'super01'); // the TOTP secret is sealed too
    const found = await sup('members/search', { by: 'phone', q: '13800138000' });
    expect(found.items.map((i: { memberId?: string }) => i.memberId)).toContain(ALICE);
    expect((await sup('members/search', { by: 'name', q: '王芳' })).items).toHaveLength(1);
    expect(await sup('members/unmask', { memberId: ALICE, field: 'phone', reason: '会员来电要求回拨核实' })).toEqual({ field: 'phone', value: '13800138000' });
    expect(await sup('members/unmask', { policyNo: 'P2024001789', field: 'idNumber', reason: '核对投保人身份' })).toEqual({ field: 'idNumber', value: '310115196209095670' });
    expect((await sup('complaints/search', { q: '13812345678' })).items.map((i: { id: string }) => i.id)).toEqual([complaintId]);
    expect(await sup('complaints/viewPersonalData', { id: complaintId, reason: '轮换后核对可读' })).toEqual({ phone: '13812345678', contactName: '刘女士' });
  };
  const keysInStore = async (sys: ReturnType<typeof localSystem>) => {
    const records = sqliteSealedRecords(sys.db);
    const out: Record<string, number> = {};
    for (const kind of SEALED_KINDS)
      for (const { doc } of await records.page(kind, undefined, 1000))
        for (const s of sealedValues(kind, doc)) out[sys.box.keyIdOf(s)] = (out[sys.box.keyIdOf(s)] ?? 0) + 1;
    return out;
  };

  it('keeps every sealed value readable and every blind-index lookup working after the rotation, and seals new values with k2', async () => {
    const sys = rotated();
    expect(sys.box.currentKeyId).toBe('k2');
    expect(await keysInStore(sys)).toEqual({ k1: expect.any(Number), v1: 1 });
    await everythingOpens(sys);
    // Binding looks the holder's phone up by its blind index: written under k1, found under the rotated ring.
    const agreed = await member(sys, BOB, 'answerPrivacyNotice', { noticeVersion: sys.privacy.notice.version, agree: true });
    expect(agreed.ok).toBe(true);
    expect(await member(sys, BOB, 'startBinding', { policyNo: 'P2026000456', phone: '13900139000' })).toMatchObject({ ok: true });
    const code = /验证码为(\d{6})/.exec(sys.smsSandbox.list().find((m) => m.phoneMasked === '139****9000')!.text)![1];
    const bound = await member(sys, BOB, 'confirmBinding', { policyNo: 'P2026000456', phone: '13900139000', code });
    expect(bound.error).toBeUndefined();
    const bob = JSON.parse((sys.db.prepare('SELECT doc FROM members WHERE id = ?').get(BOB) as { doc: string }).doc);
    expect(sys.box.open(bob.phone.sealed)).toBe('13900139000'); // copied from the policy as sealed (k1)
    // What is sealed now is sealed with k2.
    const agent = await staffCaller(sys, 'agent01');
    const logged = await agent('complaints/log', {
      idempotencyKey: 'rekey-intake-00000002',
      channel: 'phone',
      receivedAt: '2026-11-25T01:30:00Z',
      phone: '13912345678',
      category: 'service',
      description: '多次致电客服无人接听，要求尽快回电处理',
    });
    const doc = JSON.parse((sys.db.prepare('SELECT doc FROM complaints WHERE id = ?').get(logged.id) as { doc: string }).doc);
    expect(sys.box.keyIdOf(doc.contact.phoneSealed)).toBe('k2');
  });

  it('rekey moves everything to k2 in budgeted, resumable runs, audited, and lookups still work', async () => {
    const sys = rotated();
    const actor = { id: 'staff-ho-01', role: 'headOffice' };
    const deps = { records: sqliteSealedRecords(sys.db), box: sys.box, audit: sys.admin.audit };
    const consultationSeals = (await deps.records.page('consultations', undefined, 10)).flatMap(({ doc }) => sealedValues('consultations', doc));
    // The question, and its timeline entry: both sealed under k1 before the rekey (keysInStore checks k2 after).
    expect(consultationSeals.length).toBeGreaterThan(0);
    expect(new Set(consultationSeals.map((s) => sys.box.keyIdOf(s)))).toEqual(new Set(['k1']));
    const check = await rekey(deps, { actor, check: true });
    expect(check.done).toBe(false);
    expect(Object.keys(check.foundByKey).sort()).toEqual(['k1', 'k2', 'v1']);

    const runs: RekeyReport[] = [];
    let cursor: RekeyReport['cursor'];
    do {
      const r = await rekey(deps, { actor, budget: 3, pageSize: 2, ...(cursor ? { cursor: parseCursor(`${cursor.kind}:${cursor.after ?? ''}`) } : {}) });
      runs.push(r);
      cursor = r.cursor;
    } while (cursor && runs.length < 50);
    expect(runs.length).toBeGreaterThan(2);
    expect(runs[runs.length - 1].done).toBe(true);
    expect(runs.reduce((n, r) => n + r.valuesResealed, 0)).toBe(check.foundByKey.k1 + check.foundByKey.v1);

    expect(await keysInStore(sys)).toEqual({ k2: expect.any(Number) });
    expect(await rekey(deps, { actor, check: true })).toMatchObject({ done: true, foundByKey: { k2: expect.any(Number) } });
    const again = await rekey(deps, { actor });
    expect(again).toMatchObject({ done: true, recordsUpdated: 0, valuesResealed: 0 });
    await everythingOpens(sys);

    const audit = await sys.admin.audit.list({ limit: 500, subjectId: 'k2' });
    expect(audit.filter((e) => e.action === 'pii.rekey.finished')).toHaveLength(runs.length + 1);
    expect(audit.filter((e) => e.action === 'pii.rekey.started')).toHaveLength(runs.length + 1);
  });
});

/** Seeds the demo register through the CloudBase stores on `db`, rotates, and reads everything back. */
const rekeyOnCloudbase = async (db: CbDatabase) => {
  const local = await withPiiEnv({ PII_KEY: b64(K1) }, () => adminHarness('2026-11-25T02:00:00Z'));
  try {
    const cloud = { ...local.system.members, members: cloudbaseMemberStore(db), policies: cloudbasePolicyStore(db) };
    await seedDemoMembers(cloud, REGISTER);
    const ring = keyRingBox(keyRingFromEnv({ PII_KEYS: `k1:${b64(K1)},k2:${b64(K2)}` }));
    const records = cloudbaseSealedRecords(db);
    const audit: AuditDraft[] = [];
    const report = await rekey({ records, box: ring, audit: { append: async (d) => (audit.push(d), undefined as never) } }, { actor: { id: 'ops', role: 'headOffice' }, pageSize: 2 });
    expect(report).toMatchObject({ done: true, currentKeyId: 'k2' });
    expect(report.valuesResealed).toBe(report.foundByKey.k1);
    expect(audit.map((a) => a.action)).toEqual(['pii.rekey.started', 'pii.rekey.finished']);
    for (const kind of SEALED_KINDS) for (const { doc } of await records.page(kind, undefined, 100)) for (const s of sealedValues(kind, doc)) expect(ring.keyIdOf(s)).toBe('k2');
    const alice = (await cloudbaseMemberStore(db).get(ALICE))!;
    expect(ring.open(alice.phone!.sealed)).toBe('13800138000');
    const byPhone = await cloudbaseMemberDirectory(db).policiesByHolder({ phoneIndex: ring.blindIndex('13800138000') }, 10);
    expect(byPhone.map((p) => p.policyNo)).toEqual(['P2025008866', 'P2026000123']);
    expect(byPhone.every((p) => ring.keyIdOf(p.holder.phone.sealed) === 'k2')).toBe(true);
  } finally {
    local.close();
  }
};
const REKEY_CASE = 're-seals members and policies under the current key and blind-index lookups still find them';

describe('rekey on the CloudBase stores (SDK FAKE)', () => {
  it(REKEY_CASE, () => rekeyOnCloudbase(new CloudbaseDatabaseFake()));
});

/** The sealed-records port (raw pages in _id order, version-checked rewrites) on one namespace of a real environment. */
describeRealCloudbase('rekey on the CloudBase stores', () => {
  it(REKEY_CASE, async () => {
    const real = realCloudbase();
    try {
      await rekeyOnCloudbase(real.db);
    } finally {
      await real.cleanup();
    }
  });
});
