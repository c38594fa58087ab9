import type { AuditDraft, AuditEntry, AuditLog } from '../audit/chain';
import { verifyAudit, type AuditVerdict } from '../audit/verify';
import type { Clock } from '../shared/ports';
import { localDateOf, startOfLocalDay, endOfLocalDay } from '../shared/shanghaiTime';
import { maskMemberId, maskPolicyNo, maskSource } from './masks';
import type { DerivedKind, Incident, IncidentEvidence, IncidentSeverity } from './model';
import { INCIDENT_POLICY, type IncidentPolicy } from './policy';
import type { DetectorBucket, DetectorState, IncidentStore } from './ports';

/**
 * The incident detector, run by the slaMonitor timer after the audit checkpoint. It reads the audit
 * entries written since its cursor, counts them per rule, subject and window (policy.ts), and opens
 * an incident when a window reaches its norm.
 *
 * - Incremental: the cursor (at, id) and the open windows' counts are one state document, written
 *   after each step with a version check; a run that loses the race stops (the other run did it).
 * - Idempotent: an incident's id is a hash of its detection key (rule | subject | window start), and
 *   the store creates an id once. A crash between opening incidents and saving the state repeats the
 *   step from the old state, reaches the same counts and keys, and opens nothing new.
 * - Reading: the audit port pages newest first, so a step reads (cursor, upTo] downwards and then
 *   counts it oldest first; upTo is at most `stepMs` past the cursor and never past now − lag (entries
 *   are stamped before their transaction commits). A step holding more than maxEntriesPerStep entries
 *   is retried with half the span, down to minStepMs.
 * - Audit-chain breaks: a staff verification that failed (`audit.verify` with ok false) and the
 *   detector's own whole-log verification at most every `chain.verifyEveryMs` both open one incident
 *   per (chain, first broken entry).
 */
export interface DetectorDeps {
  incidents: IncidentStore;
  audit: AuditLog;
  clock: Clock;
  /** SHA-256 hex: incident ids from detection keys, and the audit verification. */
  hash(text: string): string;
  policy?: IncidentPolicy;
}

export interface DetectorRun {
  steps: number;
  entries: number;
  opened: string[];
  caughtUp: boolean;
  verified?: { ok: boolean; problems: number };
  /** Another run saved the state first; this one stopped. */
  raced?: boolean;
}

type Rule = { rule: string; kind: DerivedKind; severity: IncidentSeverity; threshold: number; windowMs: number | 'day' };

const PAGE = 200;
const SYSTEM = { actorId: 'system', actorRole: 'system' } as const;

export const derivedIncidentId = (hash: (s: string) => string, key: string) => `inc-d-${hash(`derived:${key}`).slice(0, 32)}`;

const rulesOf = (p: IncidentPolicy): Record<string, Rule> => ({
  'signIn.account': { rule: 'signIn.account', kind: 'signInBurst', severity: p.signIn.severity, threshold: p.signIn.perAccount, windowMs: p.signIn.windowMs },
  'signIn.source': { rule: 'signIn.source', kind: 'signInBurst', severity: p.signIn.severity, threshold: p.signIn.perSource, windowMs: p.signIn.windowMs },
  'denied.staff': { rule: 'denied.staff', kind: 'deniedAccess', severity: p.denied.severity, threshold: p.denied.perStaff, windowMs: p.denied.windowMs },
  'unmask.staffDay': { rule: 'unmask.staffDay', kind: 'unmaskOverNorm', severity: p.unmask.severity, threshold: p.unmask.perStaffPerDay + 1, windowMs: 'day' },
  'binding.member': { rule: 'binding.member', kind: 'bindingBruteForce', severity: p.binding.severity, threshold: p.binding.perMember, windowMs: p.binding.windowMs },
  'binding.policy': { rule: 'binding.policy', kind: 'bindingBruteForce', severity: p.binding.severity, threshold: p.binding.perPolicy, windowMs: p.binding.windowMs },
});

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);

/** What an entry counts towards: (rule, raw subject) pairs. */
const countsOf = (e: AuditEntry, p: IncidentPolicy): [string, string][] => {
  const d = e.detail ?? {};
  switch (e.action) {
    case 'staff.login.failed': {
      const source = text(d.source);
      return [['signIn.account', `${e.subjectType}:${e.subjectId}`], ...(source && source !== 'unknown' ? ([['signIn.source', source]] as [string, string][]) : [])];
    }
    case 'staff.denied':
      return [['denied.staff', e.actorId]];
    case 'member.bind.failed': {
      const policyNo = text(d.policyNo);
      return [['binding.member', e.subjectId], ...(policyNo ? ([['binding.policy', policyNo]] as [string, string][]) : [])];
    }
    default:
      return p.unmask.actions.includes(e.action) ? [['unmask.staffDay', e.actorId]] : [];
  }
};

/** An audit entry as evidence: ids and actions as they are, a member's id, a policy number and addresses masked. */
export const evidenceOf = (e: AuditEntry): IncidentEvidence => {
  const d = e.detail ?? {};
  const source = text(d.source);
  const reason = text(d.reason);
  const member = e.subjectType === 'member';
  return {
    // A member's chain id names the member: masked like the subject.
    id: member ? e.id.split(encodeURIComponent(e.subjectId)).join(maskMemberId(e.subjectId)) : e.id,
    at: e.at,
    action: e.action,
    actorId: e.actorRole === 'member' ? maskMemberId(e.actorId) : e.actorId,
    actorRole: e.actorRole,
    subjectType: e.subjectType,
    subjectId: member ? maskMemberId(e.subjectId) : e.subjectId,
    ...(source ? { source: maskSource(source) } : {}),
    ...(reason ? { reason } : {}),
  };
};

/** The windows an instant falls in: two hopping windows (start every half window), or its Shanghai day. */
const windowsOf = (t: number, w: number | 'day'): [number, number][] => {
  if (w === 'day') {
    const day = localDateOf(new Date(t));
    return [[startOfLocalDay(day).getTime(), endOfLocalDay(day).getTime()]];
  }
  const half = w / 2;
  const k = Math.floor(t / half);
  return [
    [(k - 1) * half, (k - 1) * half + w],
    [k * half, k * half + w],
  ];
};

const iso = (t: number) => new Date(t).toISOString();
export const bucketKey = (rule: string, subject: string, windowFrom: string) => `${rule}|${subject}|${windowFrom}`;

const subjectLabel = (rule: string, subject: string): string => {
  if (rule === 'signIn.source') return `来源 ${maskSource(subject)}`;
  if (rule === 'signIn.account') return subject.startsWith('staff:') ? `账号 ${subject.slice(6)}` : '未知用户名';
  if (rule === 'binding.member') return `会员 ${maskMemberId(subject)}`;
  if (rule === 'binding.policy') return `保单 ${maskPolicyNo(subject)}`;
  return `员工 ${subject}`;
};

const minutes = (ms: number) => (ms % 3600_000 === 0 ? `${ms / 3600_000}小时` : `${Math.round(ms / 60_000)}分钟`);

const titleOf = (r: Rule, b: DetectorBucket): string => {
  const who = subjectLabel(r.rule, b.subject);
  const span = r.windowMs === 'day' ? `${localDateOf(new Date(b.windowFrom))} 当日` : `${minutes(r.windowMs)}内`;
  switch (r.kind) {
    case 'signInBurst':
      return `${who} ${span}登录失败 ${b.count} 次`;
    case 'deniedAccess':
      return `${who} ${span}越权操作被拒绝 ${b.count} 次`;
    case 'unmaskOverNorm':
      return `${who} ${span}查看个人信息 ${b.count} 次，超过每日 ${r.threshold - 1} 次的常规量`;
    default:
      return `${who} ${span}绑定失败 ${b.count} 次`;
  }
};

const derivedIncident = (deps: DetectorDeps, r: Rule, b: DetectorBucket, key: string, now: Date): Incident => {
  const at = now.toISOString();
  const occurredAt = b.sample[0]?.at ?? b.windowFrom;
  const title = titleOf(r, b);
  return {
    id: derivedIncidentId(deps.hash, key),
    kind: r.kind,
    source: 'derived',
    status: 'open',
    severity: r.severity,
    occurredAt,
    occurredMonth: localDateOf(new Date(occurredAt)).slice(0, 7),
    title,
    description: `${title}（阈值 ${r.threshold} 次），由审计日志自动识别。`,
    detection: { key, rule: r.rule, subject: subjectLabel(r.rule, b.subject), windowFrom: b.windowFrom, windowTo: b.windowTo, count: b.count, threshold: r.threshold },
    evidence: b.sample,
    notes: [],
    timeline: [{ at, what: 'detected', label: '系统自动识别' }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
};

const detectAudit = (id: string, kind: string, detail: Record<string, unknown>): AuditDraft => ({
  ...SYSTEM,
  action: 'incident.detect',
  subjectType: 'incident',
  subjectId: id,
  detail: { kind, ...detail },
});

/** One chain-break incident per (chain, first broken entry): the same key whoever found it. */
const chainBreakIncident = async (deps: DetectorDeps, problem: { chainId: string; seq: number; reason: string }, found: string, occurredAt: string, now: Date) => {
  const policy = deps.policy ?? INCIDENT_POLICY;
  const key = `chain|${problem.chainId}|${problem.seq}`;
  const id = derivedIncidentId(deps.hash, key);
  const at = now.toISOString();
  const title = `审计日志断链：${problem.chainId} 第 ${problem.seq} 条`;
  const incident: Incident = {
    id,
    kind: 'auditChainBreak',
    source: 'derived',
    status: 'open',
    severity: policy.chain.severity,
    occurredAt,
    occurredMonth: localDateOf(new Date(occurredAt)).slice(0, 7),
    title,
    description: `${title}（${problem.reason}），${found}发现。`,
    detection: { key, rule: 'audit.chain', subject: problem.chainId, windowFrom: occurredAt, windowTo: occurredAt, count: 1, threshold: 1 },
    evidence: [{ id: `${problem.chainId}#${problem.seq}`, at: occurredAt, action: 'audit.chainProblem', actorId: 'system', actorRole: 'system', subjectType: 'audit', subjectId: problem.chainId, reason: problem.reason }],
    notes: [],
    timeline: [{ at, what: 'detected', label: `${found}发现` }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const { created } = await deps.incidents.create(incident, [detectAudit(id, 'auditChainBreak', { chainId: problem.chainId, seq: problem.seq })]);
  return created ? id : undefined;
};

type Problem = { chainId: string; seq: number; reason: string };
/** A broken chain reports its first broken entry and what follows from it (a head, a checkpoint): one incident per chain. */
const firstPerChain = (problems: readonly unknown[]): Problem[] => {
  const first = new Map<string, Problem>();
  for (const p of problems as Problem[])
    if (p && typeof p.chainId === 'string' && Number.isInteger(p.seq) && (!first.has(p.chainId) || first.get(p.chainId)!.seq > p.seq))
      first.set(p.chainId, { chainId: p.chainId, seq: p.seq, reason: String(p.reason ?? '') });
  return [...first.values()].slice(0, 5);
};

type Cursor = { at: string; id: string };
const afterCursor = (e: AuditEntry, c: Cursor) => e.at > c.at || (e.at === c.at && e.id > c.id);

/** Entries in (after, upTo], oldest first; 'tooMany' past `max`. */
const readSpan = async (audit: AuditLog, after: Cursor, upTo: string, max: number): Promise<AuditEntry[] | 'tooMany'> => {
  const out: AuditEntry[] = [];
  let before = { at: upTo, id: '\uffff' };
  for (;;) {
    const page = await audit.list({ limit: PAGE, before });
    for (const e of page) {
      if (!afterCursor(e, after)) return out.reverse();
      out.push(e);
      if (out.length > max) return 'tooMany';
    }
    if (page.length < PAGE) return out.reverse();
    const last = page[page.length - 1];
    before = { at: last.at, id: last.id };
  }
};

const oldestEntry = async (audit: AuditLog): Promise<AuditEntry | undefined> => {
  for await (const e of audit.all()) return e;
  return undefined;
};

export const runIncidentDetector = async (deps: DetectorDeps): Promise<DetectorRun> => {
  const policy = deps.policy ?? INCIDENT_POLICY;
  const rules = rulesOf(policy);
  const now = deps.clock.now();
  const cutoff = iso(now.getTime() - policy.lagMs);
  let state = await deps.incidents.readDetector();
  const run: DetectorRun = { steps: 0, entries: 0, opened: [], caughtUp: false };
  const save = async (next: DetectorState): Promise<boolean> => {
    if (!(await deps.incidents.writeDetector({ ...next, version: state.version + 1 }, state.version))) {
      run.raced = true;
      return false;
    }
    state = { ...next, version: state.version + 1 };
    return true;
  };

  if (!state.cursor) {
    const oldest = await oldestEntry(deps.audit);
    const cursor = oldest ? { at: oldest.at, id: '' } : { at: cutoff, id: '\uffff' };
    if (!(await save({ ...state, cursor }))) return run;
  }

  while (run.steps < policy.maxSteps) {
    const cursor = state.cursor!;
    if (cursor.at >= cutoff) break;
    let span = policy.stepMs;
    let entries: AuditEntry[] | 'tooMany';
    let upTo: string;
    for (;;) {
      upTo = iso(Math.min(Date.parse(cutoff), Date.parse(cursor.at) + span));
      entries = await readSpan(deps.audit, cursor, upTo, policy.maxEntriesPerStep);
      if (entries !== 'tooMany') break;
      if (span <= policy.minStepMs) {
        entries = (await readSpan(deps.audit, cursor, upTo, Number.MAX_SAFE_INTEGER)) as AuditEntry[];
        break;
      }
      span = Math.max(policy.minStepMs, Math.floor(span / 2));
    }
    run.steps += 1;
    run.entries += entries.length;
    const buckets = { ...state.buckets };
    for (const e of entries) {
      if (e.action === 'audit.verify' && e.detail && e.detail.ok === false) {
        for (const p of firstPerChain(Array.isArray(e.detail.problems) ? e.detail.problems : [])) {
          const id = await chainBreakIncident(deps, p, '员工校验审计日志时', e.at, now);
          if (id) run.opened.push(id);
        }
        continue;
      }
      for (const [ruleName, subject] of countsOf(e, policy)) {
        const r = rules[ruleName];
        for (const [from, to] of windowsOf(Date.parse(e.at), r.windowMs)) {
          const key = bucketKey(ruleName, subject, iso(from));
          const b = buckets[key] ?? { rule: ruleName, subject, windowFrom: iso(from), windowTo: iso(to), count: 0, sample: [] };
          buckets[key] = {
            ...b,
            count: b.count + 1,
            sample: b.sample.length < policy.evidenceMax ? [...b.sample, evidenceOf(e)] : b.sample,
          };
        }
      }
    }
    // Windows at their norm, earliest first, so a window whose half-window predecessor opened an incident is
    // known to be the same burst (a burst that goes on past that opens the next one a whole window later).
    const due = Object.entries(buckets)
      .filter(([, b]) => !b.done && b.count >= rules[b.rule].threshold)
      .sort(([, a], [, b]) => a.windowFrom.localeCompare(b.windowFrom));
    for (const [key, b] of due) {
      const r = rules[b.rule];
      if (r.windowMs !== 'day') {
        const previous = bucketKey(b.rule, b.subject, iso(Date.parse(b.windowFrom) - r.windowMs / 2));
        if (await deps.incidents.get(derivedIncidentId(deps.hash, previous))) {
          buckets[key] = { ...b, done: true };
          continue;
        }
      }
      const incident = derivedIncident(deps, r, b, key, now);
      const { created } = await deps.incidents.create(incident, [detectAudit(incident.id, r.kind, { rule: r.rule, count: b.count, windowFrom: b.windowFrom })]);
      if (created) run.opened.push(incident.id);
      buckets[key] = { ...b, done: true };
    }
    // A window that ended at or before upTo gets no more entries.
    for (const [key, b] of Object.entries(buckets)) if (b.windowTo <= upTo!) delete buckets[key];
    if (!(await save({ ...state, cursor: { at: upTo!, id: '\uffff' }, buckets }))) return run;
  }
  run.caughtUp = state.cursor!.at >= cutoff;

  const verifyDue = policy.chain.verifyEveryMs > 0 && (!state.lastVerifyAt || now.getTime() - Date.parse(state.lastVerifyAt) >= policy.chain.verifyEveryMs);
  if (verifyDue && !run.raced) {
    const verdict: AuditVerdict = await verifyAudit(deps.audit, deps.hash);
    run.verified = { ok: verdict.ok, problems: verdict.problems.length };
    for (const p of firstPerChain(verdict.problems)) {
      const id = await chainBreakIncident(deps, p, '定时校验', now.toISOString(), now);
      if (id) run.opened.push(id);
    }
    await save({ ...state, lastVerifyAt: now.toISOString() });
  }
  return run;
};
