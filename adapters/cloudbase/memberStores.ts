import type { AuditDraft } from '../../core/audit/chain';
import type { Member, Policy } from '../../core/members/model';
import type { BindingChallenge, ChallengeVerdict, MemberStore, PolicyImportBatch, PolicyStore, StagedImportRef } from '../../core/members/ports';
import { commonErrors, DomainError } from '../../core/shared/errors';
import { sha256 } from '../hash';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbDocRef } from './database';
import { inTransaction } from './retry';

/*
 * Document shapes (declared with their indexes in collections.ts):
 *  - policies/<policyNo>: the Policy as it is, `policyNo` kept beside `_id` for its unique index; the
 *    staff lookups in memberDirectory.ts read the same documents.
 *  - members/<openid>: the Member without `id`.
 *  - binding_challenges/<sha256(memberId, policyNo)>: the member's newest challenge for that policy.
 *    The SQLite store keeps every challenge and reads the newest; only the newest is ever read, and a
 *    CloudBase transaction can read by document id only (no `where`), so the newest is the document.
 *  - rate_limits/<sha256(key)>: { key, count, windowStart, memberId? }, one fixed window per key, as in SQLite;
 *    `memberId` on a member-keyed counter, so a deletion finds it (adapters/cloudbase/privacyStores.ts).
 *  - policy_imports/head: which import is staging or committed-but-not-yet-applied (see below);
 *    policy_imports/<batchId>: one marker per import with its counts.
 *  - policy_import_rows/<batchId>_<policyNo>: a staged row of a big import (see below).
 */
const POLICIES = 'policies';
const MEMBERS = 'members';
const CHALLENGES = 'binding_challenges';
const LIMITS = 'rate_limits';
const IMPORTS = 'policy_imports';
const IMPORT_ROWS = 'policy_import_rows';

type Doc = Record<string, unknown>;
/** A database or a transaction: both address documents by collection and id. */
interface Scope {
  collection(name: string): { doc(id: string): CbDocRef };
}

/** `doc.get()` answers `{ data: [doc] }` outside a transaction and `{ data: doc | null }` inside one. */
const dataOf = (res: { data: unknown }): Doc | null =>
  Array.isArray(res.data) ? ((res.data[0] as Doc | undefined) ?? null) : ((res.data as Doc | null) ?? null);
const strip = <T>(d: Doc | null): T | null => {
  if (!d) return null;
  const { _id, ...rest } = d;
  return rest as T;
};
const read = async <T>(ref: CbDocRef): Promise<T | null> => strip<T>(dataOf(await ref.get()));

const policyRef = (s: Scope, policyNo: string) => s.collection(POLICIES).doc(policyNo);
const memberRef = (s: Scope, id: string) => s.collection(MEMBERS).doc(id);
const challengeRef = (s: Scope, memberId: string, policyNo: string) => s.collection(CHALLENGES).doc(sha256(`${memberId}\u0000${policyNo}`));
const limitRef = (s: Scope, key: string) => s.collection(LIMITS).doc(sha256(key));
const headRef = (s: Scope) => s.collection(IMPORTS).doc('head');
const markerRef = (s: Scope, batchId: string) => s.collection(IMPORTS).doc(batchId);
const rowRef = (s: Scope, batchId: string, policyNo: string) => s.collection(IMPORT_ROWS).doc(`${batchId}_${policyNo}`);

const readMember = async (s: Scope, id: string): Promise<Member | null> => {
  const m = await read<Omit<Member, 'id'>>(memberRef(s, id));
  return m ? ({ ...m, id } as Member) : null;
};
const memberDoc = (m: Member) => {
  const { id: _id, ...rest } = m;
  return toDocument(rest);
};

/*
 * Big imports. A CloudBase transaction holds single-document operations, each one a round trip, so a
 * register file of thousands of policies cannot be one transaction. An import of up to
 * `maxWritesPerTransaction` documents (policies written plus policies lapsed) is one transaction, like
 * SQLite. A bigger one is staged:
 *   1. it claims policy_imports/head (`staging`, a lease) so imports never interleave;
 *   2. it writes every row under its batch id in policy_import_rows: nothing reads those yet;
 *   3. one transaction flips head to `pending: batchId`, writes the batch marker and the audit entry:
 *      from that instant every reader sees the whole batch (a read merges the policy document with the
 *      pending batch's row for it), before it nothing of it;
 *   4. the rows are folded into the policy documents a chunk per transaction (each folded row is
 *      removed), then `pending` is cleared. If that stops half-way (time limit, conflict) the batch is
 *      still whole to readers, and the next import finishes the folding before it starts.
 * A staging import that dies before step 3 leaves only invisible rows; its lease lapses after
 * STAGING_LEASE_MS and the next import takes over. Who bound a policy lives on the policy document and
 * is never taken from a row, so a binding made while a batch is pending survives the fold.
 */
interface ImportHead {
  staging?: { batchId: string; startedAt: string };
  pending?: string;
  lastBatchId?: string;
}
interface ImportRow {
  batchId: string;
  policyNo: string;
  /** The register's new version of the policy; absent on a lapse row. */
  policy?: Policy;
  /** A full import lapses this in-force policy the file did not list. */
  lapseAt?: string;
}

export const STAGING_LEASE_MS = 15 * 60_000;
const FOLD_CHUNK = 25;
const PAGE = 500;

export const policyImportBusy = () =>
  new DomainError('POLICY_IMPORT.BUSY', '另一批保单正在导入，请稍后重试', 'another policy import is staging; try again when it has finished');

const withBinding = (p: Policy, boundTo: string | undefined): Policy => {
  const { boundTo: _ignored, ...rest } = p;
  return boundTo ? { ...rest, boundTo } : rest;
};

const lapse = (p: Policy, at: string): Policy => ({ ...p, status: 'lapsed', updatedAt: at });

/** The policy as readers see it: the document, with the committed-but-unfolded row of a pending batch over it. */
const applyRow = (live: Policy | null, row: ImportRow | null): Policy | null => {
  if (!row) return live;
  if (row.policy) return live?.batchId === row.batchId ? live : withBinding(row.policy, live?.boundTo);
  return live && live.status === 'inForce' && live.batchId !== row.batchId ? lapse(live, row.lapseAt!) : live;
};

const readPolicy = async (s: Scope, policyNo: string): Promise<Policy | null> => {
  const head = await read<ImportHead>(headRef(s));
  const live = await read<Policy>(policyRef(s, policyNo));
  return head?.pending ? applyRow(live, await read<ImportRow>(rowRef(s, head.pending, policyNo))) : live;
};

const stagingHeldByOther = (head: ImportHead, batch: PolicyImportBatch) =>
  Boolean(head.staging && head.staging.batchId !== batch.batchId && Date.parse(batch.at) - Date.parse(head.staging.startedAt) < STAGING_LEASE_MS);

/** Thrown inside the one-transaction path when the import turns out too big for it: nothing was written. */
const TOO_BIG = Symbol('too big for one transaction');

export const cloudbasePolicyStore = (db: CbDatabase, opts: { maxWritesPerTransaction?: number } = {}): PolicyStore => {
  const _ = db.command;
  const maxWrites = opts.maxWritesPerTransaction ?? 100;

  /** Policy numbers of every in-force policy, by the status index, a page at a time (functions must set .limit()). */
  const inForceNos = async (): Promise<string[]> => {
    const out: string[] = [];
    for (let after = ''; ; ) {
      const page = (await db.collection(POLICIES).where({ status: 'inForce', _id: _.gt(after) }).orderBy('_id', 'asc').limit(PAGE).get()).data;
      out.push(...page.map((d) => String(d._id)));
      if (page.length < PAGE) return out;
      after = String(page[page.length - 1]._id);
    }
  };

  const rowsOf = async (batchId: string, limit: number) =>
    (await db.collection(IMPORT_ROWS).where({ batchId }).orderBy('_id', 'asc').limit(limit).get()).data.map((d) => strip<ImportRow>(d)!);

  /**
   * Step 4: folds a committed batch into the policy documents; safe to repeat, and to run beside bindings.
   * With a limit it stops after about that many rows and answers false if any are left (the import job's slices).
   */
  const finish = async (batchId: string, limit = Infinity): Promise<boolean> => {
    for (let rows = await rowsOf(batchId, FOLD_CHUNK); rows.length; rows = await rowsOf(batchId, FOLD_CHUNK)) {
      if (limit <= 0) return false;
      limit -= rows.length;
      await inTransaction(db, async (tx) => {
        for (const row of rows) {
          const live = await read<Policy>(policyRef(tx, row.policyNo));
          const next = applyRow(live, row);
          if (next && next !== live) await policyRef(tx, row.policyNo).set(toDocument(next));
          await rowRef(tx, batchId, row.policyNo).remove();
        }
      });
    }
    await inTransaction(db, async (tx) => {
      const head = (await read<ImportHead>(headRef(tx))) ?? {};
      if (head.pending === batchId) await headRef(tx).set(toDocument({ ...head, pending: undefined }));
      const marker = await read<Doc>(markerRef(tx, batchId));
      if (marker) await markerRef(tx, batchId).set({ ...marker, state: 'applied' });
    });
    return true;
  };

  const auditWith = (audit: AuditDraft, counts: { inserted: number; updated: number; lapsed: number }): AuditDraft => ({
    ...audit,
    detail: { ...audit.detail, ...counts },
  });

  const inOneTransaction = (batch: PolicyImportBatch, audit: AuditDraft) =>
    inTransaction(db, async (tx) => {
      const head = (await read<ImportHead>(headRef(tx))) ?? {};
      if (head.pending || stagingHeldByOther(head, batch)) throw policyImportBusy();
      const listed = new Set(batch.policies.map((p) => p.policyNo));
      // Queried inside the callback: a retry after a conflict (another import wrote head) asks again.
      const absent = batch.lapseAbsent ? (await inForceNos()).filter((no) => !listed.has(no)) : [];
      if (batch.policies.length + absent.length > maxWrites) throw TOO_BIG;
      let inserted = 0;
      let updated = 0;
      let lapsed = 0;
      for (const p of batch.policies) {
        const before = await read<Policy>(policyRef(tx, p.policyNo));
        // The register says what the policy is; who bound it is ours and survives a re-import.
        await policyRef(tx, p.policyNo).set(toDocument(withBinding(p, before?.boundTo)));
        before ? updated++ : inserted++;
      }
      for (const no of absent) {
        const p = await read<Policy>(policyRef(tx, no));
        if (!p || p.status !== 'inForce' || p.batchId === batch.batchId) continue;
        await policyRef(tx, no).set(toDocument(lapse(p, batch.at)));
        lapsed++;
      }
      const counts = { inserted, updated, lapsed };
      // Every import writes head, so two imports never commit side by side.
      await headRef(tx).set(toDocument({ lastBatchId: batch.batchId }));
      await markerRef(tx, batch.batchId).set(toDocument({ state: 'applied', at: batch.at, ...counts }));
      await appendAuditInTx(tx, auditWith(audit, counts), new Date(batch.at));
      return counts;
    });

  const discard = async (batchId: string) => {
    await inTransaction(db, async (tx) => {
      const head = (await read<ImportHead>(headRef(tx))) ?? {};
      if (head.staging?.batchId === batchId) await headRef(tx).set(toDocument({ ...head, staging: undefined }));
    });
    for (let rows = await rowsOf(batchId, PAGE); rows.length; rows = await rowsOf(batchId, PAGE))
      for (const row of rows) await rowRef(db, batchId, row.policyNo).remove();
  };

  const staged = async (batch: PolicyImportBatch, audit: AuditDraft) => {
    await inTransaction(db, async (tx) => {
      const head = (await read<ImportHead>(headRef(tx))) ?? {};
      if (head.pending || stagingHeldByOther(head, batch)) throw policyImportBusy();
      await headRef(tx).set(toDocument({ ...head, staging: { batchId: batch.batchId, startedAt: batch.at } }));
    });
    let counts: { inserted: number; updated: number; lapsed: number };
    try {
      let inserted = 0;
      let updated = 0;
      let lapsed = 0;
      const listed = new Set<string>();
      for (const p of batch.policies) {
        // Counted against the register as it is now: nothing else can be pending while we hold the lease.
        listed.has(p.policyNo) || (await read<Policy>(policyRef(db, p.policyNo))) ? updated++ : inserted++;
        listed.add(p.policyNo);
        await rowRef(db, batch.batchId, p.policyNo).set(toDocument({ batchId: batch.batchId, policyNo: p.policyNo, policy: p }));
      }
      if (batch.lapseAbsent)
        for (const no of await inForceNos()) {
          if (listed.has(no)) continue;
          await rowRef(db, batch.batchId, no).set({ batchId: batch.batchId, policyNo: no, lapseAt: batch.at });
          lapsed++;
        }
      counts = { inserted, updated, lapsed };
      const done = counts;
      // Step 3, the commit: from here the whole batch is visible, with its audit entry.
      await inTransaction(db, async (tx) => {
        const head = (await read<ImportHead>(headRef(tx))) ?? {};
        if (head.staging?.batchId !== batch.batchId) throw policyImportBusy();
        await headRef(tx).set(toDocument({ pending: batch.batchId, lastBatchId: batch.batchId }));
        await markerRef(tx, batch.batchId).set(toDocument({ state: 'committed', at: batch.at, ...done }));
        await appendAuditInTx(tx, auditWith(audit, done), new Date(batch.at));
      });
    } catch (e) {
      await discard(batch.batchId).catch(() => undefined);
      throw e;
    }
    // Committed: a failure from here on leaves the batch pending (whole to readers), finished by the next import.
    await finish(batch.batchId).catch(() => undefined);
    return counts;
  };

  /*
   * The same staging, spread over calls (the admin page's import job). Each call is a transaction of a
   * few rows that also renews the lease and adds its counts to the batch marker (state `staging`), so a
   * call repeated after a crash counts nothing twice: a row already staged is not counted again.
   */
  const perTx = Math.max(1, Math.floor(maxWrites / 2));
  type Marker = { state: 'staging' | 'committed' | 'applied'; at: string; inserted: number; updated: number; lapsed: number };
  const countsOf = (m: Marker) => ({ inserted: m.inserted, updated: m.updated, lapsed: m.lapsed });
  /** Runs `write` in one transaction holding the lease for the batch; nothing happens once the batch is committed. */
  const underLease = (batch: StagedImportRef, write: (tx: Scope, m: Marker) => Promise<Marker>) =>
    inTransaction(db, async (tx) => {
      const head = (await read<ImportHead>(headRef(tx))) ?? {};
      const marker = (await read<Marker>(markerRef(tx, batch.batchId))) ?? { state: 'staging', at: batch.at, inserted: 0, updated: 0, lapsed: 0 };
      if (marker.state !== 'staging') return;
      if (head.pending || stagingHeldByOther(head, { ...batch, policies: [], lapseAbsent: false })) throw policyImportBusy();
      await markerRef(tx, batch.batchId).set(toDocument(await write(tx, marker)));
      await headRef(tx).set(toDocument({ ...head, staging: { batchId: batch.batchId, startedAt: batch.at } }));
    });
  const finishOthers = async (batchId: string) => {
    const head = await read<ImportHead>(headRef(db));
    if (head?.pending && head.pending !== batchId) await finish(head.pending);
  };

  return {
    stageImport: async (batch, policies) => {
      await finishOthers(batch.batchId);
      for (let i = 0; i < policies.length; i += perTx)
        await underLease(batch, async (tx, m) => {
          let { inserted, updated } = m;
          for (const p of policies.slice(i, i + perTx)) {
            if (!(await read<ImportRow>(rowRef(tx, batch.batchId, p.policyNo))))
              (await read<Policy>(policyRef(tx, p.policyNo))) ? updated++ : inserted++;
            await rowRef(tx, batch.batchId, p.policyNo).set(toDocument({ batchId: batch.batchId, policyNo: p.policyNo, policy: p }));
          }
          return { ...m, inserted, updated };
        });
    },
    stageLapses: async (batch, after, limit) => {
      const n = Math.max(1, Math.min(limit, perTx));
      const page = (await db.collection(POLICIES).where({ status: 'inForce', _id: _.gt(after ?? '') }).orderBy('_id', 'asc').limit(n).get()).data.map((d) => String(d._id));
      if (page.length)
        await underLease(batch, async (tx, m) => {
          let { lapsed } = m;
          for (const no of page) {
            // A policy the file lists has its row already; one lapsed by an earlier try of this slice too.
            if (await read<ImportRow>(rowRef(tx, batch.batchId, no))) continue;
            await rowRef(tx, batch.batchId, no).set({ batchId: batch.batchId, policyNo: no, lapseAt: batch.at });
            lapsed++;
          }
          return { ...m, lapsed };
        });
      return { last: page[page.length - 1] ?? after, done: page.length < n };
    },
    commitStaged: (batch, audit) =>
      inTransaction(db, async (tx) => {
        const marker = await read<Marker>(markerRef(tx, batch.batchId));
        if (marker && marker.state !== 'staging') return countsOf(marker);
        const head = (await read<ImportHead>(headRef(tx))) ?? {};
        if (!marker || head.pending || head.staging?.batchId !== batch.batchId) throw policyImportBusy();
        const counts = countsOf(marker);
        // Step 3, as for a staged applyImport: from here the whole batch is visible, with its audit entry.
        await headRef(tx).set(toDocument({ pending: batch.batchId, lastBatchId: batch.batchId }));
        await markerRef(tx, batch.batchId).set(toDocument({ ...marker, state: 'committed', at: batch.at }));
        await appendAuditInTx(tx, auditWith(audit, counts), new Date(batch.at));
        return counts;
      }),
    finishStaged: async (batchId, limit) => {
      const marker = await read<Marker>(markerRef(db, batchId));
      if (!marker || marker.state === 'staging') return false;
      return marker.state === 'applied' || finish(batchId, limit);
    },
    discardStaged: async (batchId) => {
      const marker = await read<Marker>(markerRef(db, batchId));
      if (marker && marker.state !== 'staging') return;
      await discard(batchId);
      if (marker) await markerRef(db, batchId).remove();
    },
    get: (policyNo) => readPolicy(db, policyNo),
    listByNos: async (nos) => {
      const out: Policy[] = [];
      for (const no of nos) {
        const p = await readPolicy(db, no);
        if (p) out.push(p);
      }
      return out;
    },
    applyImport: async (batch, audit) => {
      const head = await read<ImportHead>(headRef(db));
      if (head?.pending) await finish(head.pending);
      if (batch.policies.length <= maxWrites)
        try {
          return await inOneTransaction(batch, audit);
        } catch (e) {
          if (e !== TOO_BIG) throw e;
        }
      return staged(batch, audit);
    },
  };
};

export const cloudbaseMemberStore = (db: CbDatabase): MemberStore => ({
  get: (id) => readMember(db, id),

  // A transaction, so a first visit racing a binding never writes the visitor over the bound member.
  ensure: (m) =>
    inTransaction(db, async (tx) => {
      const existing = await readMember(tx, m.id);
      if (existing) return existing;
      await memberRef(tx, m.id).set(memberDoc(m));
      return m;
    }),

  // Every counter is read and written in one transaction: parallel callers conflict on the counter
  // document, the losers are retried and then see the winner's count, so none gets past the maximum.
  // A burst larger than the SDK's retries can absorb answers STORE.BUSY to the excess, never a pass.
  takeLimits: (rules, now) =>
    inTransaction(db, async (tx) => {
      const current = [];
      for (const rule of rules) {
        const row = await read<{ count: number; windowStart: string }>(limitRef(tx, rule.key));
        const fresh = !row || now.getTime() - Date.parse(row.windowStart) >= rule.windowMs;
        current.push({ rule, count: fresh ? 0 : row.count, start: fresh ? now.toISOString() : row.windowStart });
      }
      const hit = current.find((c) => (c.rule.cost ?? 1) >= 0 && c.count + (c.rule.cost ?? 1) > c.rule.max);
      if (hit) return hit.rule.key;
      for (const c of current) {
        // A give-back (negative cost) never goes below 0 and has nothing to give back in a new window.
        if ((c.rule.cost ?? 1) < 0 && c.count === 0) continue;
        await limitRef(tx, c.rule.key).set({ key: c.rule.key, count: Math.max(0, c.count + (c.rule.cost ?? 1)), windowStart: c.start, ...(c.rule.memberId ? { memberId: c.rule.memberId } : {}) });
      }
      return null;
    }),

  putChallenge: (c) =>
    inTransaction(db, async (tx) => {
      const ref = challengeRef(tx, c.memberId, c.policyNo);
      const current = await read<BindingChallenge>(ref);
      // Only the newest challenge is ever read: an older one written late does not displace it.
      if (current && current.id !== c.id && current.createdAt > c.createdAt) return;
      await ref.set(toDocument(c));
    }),

  settleChallenge: (memberId, policyNo, decide) =>
    inTransaction(db, async (tx): Promise<ChallengeVerdict> => {
      const c = await read<BindingChallenge>(challengeRef(tx, memberId, policyNo));
      const member = await readMember(tx, memberId);
      const verdict = decide(c, await readPolicy(tx, policyNo), member);
      if (verdict.challenge) await challengeRef(tx, verdict.challenge.memberId, verdict.challenge.policyNo).set(toDocument(verdict.challenge));
      if (verdict.kind === 'bind') {
        await memberRef(tx, verdict.member.id).set(memberDoc(verdict.member));
        await policyRef(tx, verdict.policy.policyNo).set(toDocument(verdict.policy));
        await appendAuditInTx(
          tx,
          { actorId: memberId, actorRole: 'member', action: 'member.bind', subjectType: 'policy', subjectId: policyNo, detail: { challengeId: verdict.challenge.id } },
          new Date(verdict.challenge.usedAt!),
        );
      }
      return verdict;
    }),

  saveBindings: (m, expectedVersion, policies, audit) =>
    inTransaction(db, async (tx) => {
      const current = await readMember(tx, m.id);
      if (!current || current.version !== expectedVersion) throw commonErrors.versionConflict('MEMBER', m.id);
      await memberRef(tx, m.id).set(memberDoc(m));
      for (const p of policies) {
        // Only the binding is ours to change: the register's fields are taken as they are now, so a
        // policy read before an import and saved after it does not undo the import.
        const now = await readPolicy(tx, p.policyNo);
        if (now) await policyRef(tx, p.policyNo).set(toDocument({ ...withBinding(now, p.boundTo), updatedAt: p.updatedAt }));
      }
      if (audit) await appendAuditInTx(tx, audit, new Date(m.updatedAt));
    }),
});
