import { sha256 } from '../../adapters/hash';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseIncidentStore } from '../../adapters/cloudbase/incidentStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { sqliteIncidentStore } from '../../adapters/sqlite/incidentStore';
import type { AuditDraft } from '../../core/audit/chain';
import { runIncidentDetector } from '../../core/incidents/detector';
import { incidentCounts } from '../../core/incidents/counts';
import { INCIDENT_POLICY, type IncidentPolicy } from '../../core/incidents/policy';
import type { Incident } from '../../core/incidents/model';

/** Made audit streams on a real SQLite audit log; the detector's clock is moved by hand. */
const setup = (policy: IncidentPolicy = INCIDENT_POLICY) => {
  const db: Db = openDatabase(':memory:');
  let now = new Date('2026-10-10T00:00:00.000Z');
  const clock = { now: () => now };
  const audit = sqliteAuditLog(db, clock);
  const store = sqliteIncidentStore(db, audit.appendSync);
  const at = (iso: string, d: AuditDraft) => audit.appendSync(d, new Date(iso));
  const run = (atIso: string) => {
    now = new Date(atIso);
    return runIncidentDetector({ incidents: store, audit, clock, hash: sha256, policy });
  };
  const all = async (): Promise<Incident[]> => (await store.list({ fromAt: '2000-01-01T00:00:00.000Z', toAt: '2100-01-01T00:00:00.000Z' }, { limit: 100 })).items;
  return { db, audit, store, at, run, all };
};

const failed = (staffId: string, source = '203.0.113.7'): AuditDraft => ({ actorId: staffId, actorRole: 'agent', action: 'staff.login.failed', subjectType: 'staff', subjectId: staffId, detail: { reason: 'badPassword', source } });
const t = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();
const BASE = '2026-10-09T02:00:00.000Z'; // a 15-minute window edge (UTC aligned)

describe('incident detector: failed sign-ins', () => {
  it('catches a burst on one account, with masked evidence, and counts it in its Shanghai month', async () => {
    const s = setup();
    for (let i = 0; i < 6; i++) s.at(t(BASE, 1 + i / 2), failed('s1'));
    const r = await s.run('2026-10-09T03:00:00.000Z');
    expect(r.opened).toHaveLength(1);
    const [inc] = await s.all();
    expect(inc).toMatchObject({ kind: 'signInBurst', source: 'derived', status: 'open', occurredAt: t(BASE, 1), occurredMonth: '2026-10' });
    expect(inc.evidence.length).toBeGreaterThanOrEqual(5);
    expect(inc.evidence[0]).toMatchObject({ action: 'staff.login.failed', source: '203.0.*.*' });
    expect(JSON.stringify(inc)).not.toContain('203.0.113.7');
    expect(await incidentCounts(s.store).countsByKind(['2026-10'])).toContainEqual({ kind: 'signInBurst', label: '登录失败激增', count: 1 });
    // Its opening is audited, by the system.
    expect((await s.audit.list({ limit: 10, subjectType: 'incident' })).map((e) => e.action)).toEqual(['incident.detect']);
  });

  it('leaves ordinary noise alone: a few typos per account across the day, under every norm', async () => {
    const s = setup();
    for (let h = 0; h < 20; h++) for (const who of ['s1', 's2', 's3']) s.at(t(BASE, h * 40 + (who === 's2' ? 7 : 0)), failed(who, `198.51.100.${h}`));
    // 4 in one window for one account: still under 5.
    for (let i = 0; i < 3; i++) s.at(t(BASE, 2 + i), failed('s4'));
    const r = await s.run('2026-10-10T06:00:00.000Z');
    expect(r.entries).toBe(63);
    expect(r.opened).toEqual([]);
    expect(await s.all()).toEqual([]);
  });

  it('catches a burst from one source across accounts (password spraying)', async () => {
    const s = setup();
    for (let i = 0; i < 10; i++) s.at(t(BASE, 1 + i / 4), failed(`s${i}`, '192.0.2.9'));
    await s.run('2026-10-09T03:00:00.000Z');
    const incs = await s.all();
    expect(incs).toHaveLength(1);
    expect(incs[0].detection).toMatchObject({ rule: 'signIn.source', subject: '来源 192.0.*.*', count: 10 });
  });

  it('a re-run, a crash before the state was saved, or a later run opens nothing new for the same burst', async () => {
    const s = setup();
    for (let i = 0; i < 7; i++) s.at(t(BASE, 3 + i), failed('s1'));
    const stateBefore = await s.store.readDetector();
    const first = await s.run('2026-10-09T03:00:00.000Z');
    expect(first.opened).toHaveLength(1);
    expect((await s.run('2026-10-09T03:05:00.000Z')).opened).toEqual([]);
    // As if the first run died after opening the incident and before saving its cursor: the state goes back.
    s.db.prepare(`DELETE FROM incident_detector`).run();
    expect(stateBefore.version).toBe(0);
    expect((await s.run('2026-10-09T03:10:00.000Z')).opened).toEqual([]);
    expect(await s.all()).toHaveLength(1);
    expect((await s.audit.list({ limit: 10, subjectType: 'incident' })).length).toBe(1);
  });

  it('catches a burst that straddles a window edge, once, and not a slow trickle of the same count', async () => {
    const s = setup();
    // 3 just before the 02:15 edge, 3 just after: the hopping window starting 02:07:30 holds all 6.
    for (const m of [13, 13.5, 14, 15.5, 16, 16.5]) s.at(t(BASE, m), failed('s1'));
    // 6 spread over 50 minutes for another account: never 5 within 15 minutes.
    for (let i = 0; i < 6; i++) s.at(t(BASE, 60 + i * 10), failed('s2', '198.51.100.1'));
    await s.run('2026-10-09T05:00:00.000Z');
    const incs = await s.all();
    expect(incs).toHaveLength(1);
    expect(incs[0].detection).toMatchObject({ rule: 'signIn.account', subject: '账号 s1', count: 6 });
  });

  it('counts a burst split across two runs (the cursor carries the open window), and waits for the lag', async () => {
    const s = setup();
    for (let i = 0; i < 3; i++) s.at(t(BASE, 1 + i), failed('s1'));
    expect((await s.run(t(BASE, 4))).opened).toEqual([]);
    for (let i = 0; i < 3; i++) s.at(t(BASE, 4.5 + i / 4), failed('s1'));
    // Still within the lag (2 minutes): not read yet.
    expect((await s.run(t(BASE, 5.5))).opened).toEqual([]);
    expect((await s.run(t(BASE, 8))).opened).toHaveLength(1);
  });

  it('reads a busy span in halves and reaches the same result', async () => {
    const s = setup({ ...INCIDENT_POLICY, maxEntriesPerStep: 8, stepMs: 3600_000 });
    for (let i = 0; i < 30; i++) s.at(t(BASE, i * 1.5), failed(`n${i}`, `198.51.100.${i}`));
    for (let i = 0; i < 5; i++) s.at(t(BASE, 20 + i / 5), failed('s1', '198.51.100.250'));
    const r = await s.run('2026-10-09T04:00:00.000Z');
    expect(r.entries).toBe(35);
    expect((await s.all()).map((i) => i.detection?.subject)).toEqual(['账号 s1']);
  });
});

describe('incident detector: denials, unmasking, binding', () => {
  it('denials under the norm open nothing; an entry stamped behind the cursor (skewed past the lag) is not counted, as documented', async () => {
    const s = setup();
    const denied = (i: number): AuditDraft => ({ actorId: 'agent01', actorRole: 'agent', action: 'staff.denied', subjectType: 'staffActivity', subjectId: 'agent01', detail: { action: `audit/list${i}`, source: '127.0.0.1' } });
    for (let i = 0; i < 4; i++) s.at(t(BASE, i), denied(i));
    await s.run(t(BASE, 30));
    expect(await s.all()).toEqual([]);
    s.at(t(BASE, 4), denied(5));
    // Committed late but stamped 02:04, behind the cursor (02:28): its window is closed; the limit policy.ts states.
    await s.run(t(BASE, 40));
    expect(await s.all()).toEqual([]);
  });

  it('opens one when denials reach the norm within a window', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) s.at(t(BASE, i), { actorId: 'agent01', actorRole: 'agent', action: 'staff.denied', subjectType: 'staffActivity', subjectId: 'agent01', detail: { action: 'audit/list' } });
    await s.run(t(BASE, 30));
    expect((await s.all()).map((i) => [i.kind, i.severity])).toEqual([['deniedAccess', 'medium']]);
  });

  it('unmasking: the norm per staff member per Shanghai day is ordinary, one more is not', async () => {
    const s = setup();
    const view = (who: string, action = 'member.unmask'): AuditDraft => ({ actorId: who, actorRole: 'supervisor', action, subjectType: 'member', subjectId: 'oOPENID-alice-0001', detail: { field: 'phone' } });
    const norm = INCIDENT_POLICY.unmask.perStaffPerDay;
    // super01: the norm on 10-08 (Shanghai) and the norm on 10-09, across the UTC midnight: two days, both ordinary.
    for (let i = 0; i < norm; i++) s.at(t('2026-10-08T06:00:00.000Z', i), view('super01'));
    for (let i = 0; i < norm; i++) s.at(t('2026-10-08T16:00:00.000Z', i), view('super01', 'claim.documentViewed'));
    // super02: one over the norm in a day, mixing areas.
    for (let i = 0; i <= norm; i++) s.at(t('2026-10-08T20:00:00.000Z', i), view('super02', i % 2 ? 'complaint.viewAttachment' : 'consultation.unmaskText'));
    await s.run('2026-10-10T00:00:00.000Z');
    const incs = await s.all();
    expect(incs).toHaveLength(1);
    expect(incs[0]).toMatchObject({ kind: 'unmaskOverNorm', severity: 'high', occurredMonth: '2026-10' });
    expect(incs[0].title).toContain('员工 super02 2026-10-09 当日查看个人信息 31 次');
    expect(JSON.stringify(incs[0].evidence)).not.toContain('oOPENID-alice-0001');
  });

  it('binding brute force: per member, and per policy across members', async () => {
    const s = setup();
    const fail = (member: string, policyNo: string): AuditDraft => ({ actorId: member, actorRole: 'member', action: 'member.bind.failed', subjectType: 'member', subjectId: member, detail: { reason: 'BINDING.WRONG_CODE', policyNo } });
    for (let i = 0; i < 10; i++) s.at(t(BASE, i * 2), fail('oMEMBER-aaaa-01', `P20260000${i}`));
    for (let i = 0; i < 10; i++) s.at(t(BASE, 100 + i), fail(`oMEMBER-x${i}-000`, 'P2026999999'));
    for (let i = 0; i < 9; i++) s.at(t(BASE, 200 + i), fail('oMEMBER-bbbb-02', 'P2026111111'));
    await s.run('2026-10-09T08:00:00.000Z');
    const subjects = (await s.all()).map((i) => i.detection?.subject).sort();
    expect(subjects).toEqual(['会员 oMEM****01', '保单 P20****999']);
  });
});

describe('incident detector: audit-chain breaks', () => {
  it('opens one critical incident per broken chain, found by its own verification or by a staff check', async () => {
    const s = setup();
    s.at('2026-10-09T01:00:00.000Z', { actorId: 'sup', actorRole: 'supervisor', action: 'complaint.reply', subjectType: 'complaint', subjectId: 'c-1', detail: { text: 'a' } });
    s.at('2026-10-09T01:01:00.000Z', { actorId: 'sup', actorRole: 'supervisor', action: 'complaint.note', subjectType: 'complaint', subjectId: 'c-1', detail: { text: 'b' } });
    expect((await s.run('2026-10-09T02:00:00.000Z')).verified).toEqual({ ok: true, problems: 0 });
    // Someone with write access to the database drops the guard and edits an entry.
    s.db.exec('DROP TRIGGER audit_log_no_update');
    s.db.prepare(`UPDATE audit_log SET detail = '{"text":"changed"}' WHERE subject_id = 'c-1' AND seq = 1`).run();
    // Not before the next scheduled verification…
    expect((await s.run('2026-10-09T12:00:00.000Z')).verified).toBeUndefined();
    const r = await s.run('2026-10-10T02:00:00.000Z');
    expect(r.verified?.ok).toBe(false);
    const incs = await s.all();
    expect(incs).toHaveLength(1);
    expect(incs[0]).toMatchObject({ kind: 'auditChainBreak', severity: 'critical' });
    expect(incs[0].title).toBe('审计日志断链：complaint:c-1 第 1 条');
    // A staff verification reporting the same break later: the same incident, nothing new.
    s.at('2026-10-10T03:00:00.000Z', {
      actorId: 'comp01',
      actorRole: 'compliance',
      action: 'audit.verify',
      subjectType: 'audit',
      subjectId: 'verify',
      detail: { ok: false, problems: [{ chainId: 'complaint:c-1', seq: 1, reason: 'entry content was changed' }] },
    });
    expect((await s.run('2026-10-10T04:00:00.000Z')).opened).toEqual([]);
    expect(await s.all()).toHaveLength(1);
  });
});

describe('incident detector on the CloudBase adapters (strict FAKE)', () => {
  it('catches the same burst once, reading the audit log through the CloudBase port', async () => {
    const db = new CloudbaseDatabaseFake();
    let now = new Date(t(BASE, 0));
    const clock = { now: () => now };
    const audit = cloudbaseAuditLog(db, clock);
    const store = cloudbaseIncidentStore(db);
    for (let i = 0; i < 6; i++) {
      now = new Date(t(BASE, 1 + i / 2));
      await audit.append(failed('s1'));
      await audit.append({ actorId: 's2', actorRole: 'agent', action: 'complaint.read', subjectType: 'complaint', subjectId: `c-${i}` });
    }
    now = new Date(t(BASE, 30));
    const first = await runIncidentDetector({ incidents: store, audit, clock, hash: sha256 });
    expect(first).toMatchObject({ entries: 12, caughtUp: true, verified: { ok: true, problems: 0 } });
    expect(first.opened).toHaveLength(1);
    now = new Date(t(BASE, 40));
    expect((await runIncidentDetector({ incidents: store, audit, clock, hash: sha256 })).opened).toEqual([]);
    const { items } = await store.list({ fromAt: '2026-10-01T00:00:00.000Z', toAt: '2026-11-01T00:00:00.000Z' }, { limit: 10 });
    expect(items.map((i) => i.detection?.subject)).toEqual(['账号 s1']);
  });
});
