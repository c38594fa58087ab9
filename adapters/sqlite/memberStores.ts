import type { AuditDraft } from '../../core/audit/chain';
import type { Member, Policy } from '../../core/members/model';
import type { BindingChallenge, ChallengeVerdict, MemberStore, PolicyStore } from '../../core/members/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Db } from './database';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;
const parse = <T>(r: { doc: string } | undefined): T | null => (r ? (JSON.parse(r.doc) as T) : null);

export const sqlitePolicyStore = (db: Db, appendAudit: AppendAudit): PolicyStore => {
  const get = db.prepare('SELECT doc FROM policies WHERE policy_no = ?');
  const put = db.prepare(
    `INSERT INTO policies (policy_no, holder_phone_index, status, bound_to, batch_id, doc) VALUES (@policyNo, @phoneIndex, @status, @boundTo, @batchId, @doc)
     ON CONFLICT(policy_no) DO UPDATE SET holder_phone_index = excluded.holder_phone_index, status = excluded.status, bound_to = excluded.bound_to, batch_id = excluded.batch_id, doc = excluded.doc`,
  );
  const apply = db.transaction((batch: Parameters<PolicyStore['applyImport']>[0], audit: AuditDraft) => {
    let inserted = 0;
    let updated = 0;
    for (const p of batch.policies) {
      const before = parse<Policy>(get.get(p.policyNo) as { doc: string } | undefined);
      // The register says what the policy is; who bound it is ours and survives a re-import.
      const next: Policy = { ...p, boundTo: before?.boundTo };
      put.run({ policyNo: next.policyNo, phoneIndex: next.holder.phone.index, status: next.status, boundTo: next.boundTo ?? null, batchId: next.batchId, doc: JSON.stringify(next) });
      before ? updated++ : inserted++;
    }
    let lapsed = 0;
    if (batch.lapseAbsent)
      for (const r of db.prepare("SELECT doc FROM policies WHERE status = 'inForce' AND batch_id != ?").all(batch.batchId) as { doc: string }[]) {
        const p = JSON.parse(r.doc) as Policy;
        const next: Policy = { ...p, status: 'lapsed', updatedAt: batch.at };
        put.run({ policyNo: p.policyNo, phoneIndex: p.holder.phone.index, status: 'lapsed', boundTo: p.boundTo ?? null, batchId: p.batchId, doc: JSON.stringify(next) });
        lapsed++;
      }
    appendAudit({ ...audit, detail: { ...audit.detail, inserted, updated, lapsed } }, new Date(batch.at));
    return { inserted, updated, lapsed };
  });
  // Staged imports (the admin page's job): rows wait in policy_import_rows, which no reader looks at; the
  // commit applies them all in one local transaction exactly as applyImport does, and leaves a marker.
  const stageRow = db.prepare('INSERT OR REPLACE INTO policy_import_rows (batch_id, policy_no, doc) VALUES (?, ?, ?)');
  const stagedRows = db.prepare('SELECT doc FROM policy_import_rows WHERE batch_id = ? ORDER BY policy_no');
  const dropRows = db.prepare('DELETE FROM policy_import_rows WHERE batch_id = ?');
  const marker = db.prepare('SELECT doc FROM policy_import_batches WHERE batch_id = ?');
  const putMarker = db.prepare('INSERT INTO policy_import_batches (batch_id, doc) VALUES (?, ?)');
  type Counts = { inserted: number; updated: number; lapsed: number };
  const stage = db.transaction((batchId: string, policies: Policy[]) => {
    for (const p of policies) stageRow.run(batchId, p.policyNo, JSON.stringify(p));
  });
  const commit = db.transaction((batch: Parameters<PolicyStore['commitStaged']>[0], audit: AuditDraft): Counts => {
    const done = parse<Counts>(marker.get(batch.batchId) as { doc: string } | undefined);
    if (done) return done;
    const policies = (stagedRows.all(batch.batchId) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Policy);
    const counts = apply({ batchId: batch.batchId, policies, lapseAbsent: batch.lapseAbsent, at: batch.at }, audit);
    putMarker.run(batch.batchId, JSON.stringify(counts));
    dropRows.run(batch.batchId);
    return counts;
  });
  return {
    get: async (no) => parse<Policy>(get.get(no) as { doc: string } | undefined),
    listByNos: async (nos) => nos.map((n) => parse<Policy>(get.get(n) as { doc: string } | undefined)).filter((p): p is Policy => Boolean(p)),
    applyImport: async (batch, audit) => apply.immediate(batch, audit),
    stageImport: async (batch, policies) => stage.immediate(batch.batchId, policies),
    // The commit works out lapses inside its own transaction.
    stageLapses: async () => ({ done: true }),
    commitStaged: async (batch, audit) => commit.immediate(batch, audit),
    finishStaged: async () => true,
    discardStaged: async (batchId) => {
      dropRows.run(batchId);
    },
  };
};

export const sqliteMemberStore = (db: Db, appendAudit: AppendAudit): MemberStore => {
  const getMember = db.prepare('SELECT doc FROM members WHERE id = ?');
  const insertMember = db.prepare('INSERT OR IGNORE INTO members (id, kind, version, doc) VALUES (@id, @kind, @version, @doc)');
  const updateMember = db.prepare('UPDATE members SET kind = @kind, version = @version, doc = @doc WHERE id = @id AND version = @expected');
  const getPolicy = db.prepare('SELECT doc FROM policies WHERE policy_no = ?');
  const setPolicy = db.prepare('UPDATE policies SET bound_to = @boundTo, doc = @doc WHERE policy_no = @policyNo');
  const putChallenge = db.prepare('INSERT OR REPLACE INTO binding_challenges (id, member_id, policy_no, created_at, doc) VALUES (@id, @memberId, @policyNo, @createdAt, @doc)');
  const openChallenge = db.prepare('SELECT doc FROM binding_challenges WHERE member_id = ? AND policy_no = ? ORDER BY created_at DESC LIMIT 1');
  const readLimit = db.prepare('SELECT count, window_start FROM rate_limits WHERE key = ?');
  const writeLimit = db.prepare('INSERT OR REPLACE INTO rate_limits (key, count, window_start, member_id) VALUES (?, ?, ?, ?)');

  const memberDoc = (m: Member) => ({ id: m.id, kind: m.kind, version: m.version, doc: JSON.stringify(m) });
  const writeMember = (m: Member, expected: number | null) => {
    if (expected === null) {
      if (insertMember.run(memberDoc(m)).changes === 0) throw commonErrors.versionConflict('MEMBER', m.id);
    } else if (updateMember.run({ ...memberDoc(m), expected }).changes === 0) throw commonErrors.versionConflict('MEMBER', m.id);
  };
  const writePolicy = (p: Policy) => setPolicy.run({ policyNo: p.policyNo, boundTo: p.boundTo ?? null, doc: JSON.stringify(p) });

  const takeLimits = db.transaction((rules: Parameters<MemberStore['takeLimits']>[0], now: Date) => {
    const current = rules.map((r) => {
      const row = readLimit.get(r.key) as { count: number; window_start: string } | undefined;
      const fresh = !row || now.getTime() - Date.parse(row.window_start) >= r.windowMs;
      return { rule: r, count: fresh ? 0 : row.count, start: fresh ? now.toISOString() : row.window_start };
    });
    const hit = current.find((c) => (c.rule.cost ?? 1) >= 0 && c.count + (c.rule.cost ?? 1) > c.rule.max);
    if (hit) return hit.rule.key;
    for (const c of current) {
      // A give-back (negative cost) never goes below 0 and has nothing to give back in a new window.
      if ((c.rule.cost ?? 1) < 0 && c.count === 0) continue;
      writeLimit.run(c.rule.key, Math.max(0, c.count + (c.rule.cost ?? 1)), c.start, c.rule.memberId ?? null);
    }
    return null;
  });

  const settle = db.transaction(
    (memberId: string, policyNo: string, decide: Parameters<MemberStore['settleChallenge']>[2]): ChallengeVerdict => {
      const c = parse<BindingChallenge>(openChallenge.get(memberId, policyNo) as { doc: string } | undefined);
      const member = parse<Member>(getMember.get(memberId) as { doc: string } | undefined);
      const verdict = decide(c, parse<Policy>(getPolicy.get(policyNo) as { doc: string } | undefined), member);
      if (verdict.challenge) putChallenge.run({ ...verdict.challenge, doc: JSON.stringify(verdict.challenge) });
      if (verdict.kind === 'bind') {
        writeMember(verdict.member, member ? member.version : null);
        writePolicy(verdict.policy);
        appendAudit(
          { actorId: memberId, actorRole: 'member', action: 'member.bind', subjectType: 'policy', subjectId: policyNo, detail: { challengeId: verdict.challenge.id } },
          new Date(verdict.challenge.usedAt!),
        );
      }
      return verdict;
    },
  );

  const saveBindings = db.transaction((m: Member, expected: number, policies: Policy[], audit?: AuditDraft) => {
    writeMember(m, expected);
    for (const p of policies) writePolicy(p);
    if (audit) appendAudit(audit, new Date(m.updatedAt));
  });

  return {
    get: async (id) => parse<Member>(getMember.get(id) as { doc: string } | undefined),
    ensure: async (m) => {
      insertMember.run(memberDoc(m));
      return parse<Member>(getMember.get(m.id) as { doc: string })!;
    },
    takeLimits: async (rules, now) => takeLimits.immediate(rules, now),
    putChallenge: async (c) => {
      putChallenge.run({ ...c, doc: JSON.stringify(c) });
    },
    settleChallenge: async (memberId, policyNo, decide) => settle.immediate(memberId, policyNo, decide),
    saveBindings: async (m, expected, policies, audit) => {
      saveBindings.immediate(m, expected, policies, audit);
    },
  };
};
