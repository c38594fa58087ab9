import * as z from 'zod/mini';
import { maskPersonalText } from '../shared/personalText';
import type { AuditDraft } from '../audit/chain';
import { actionLabel, roleLabel } from '../audit/view';
import type { Clock } from '../shared/ports';
import { idempotencyKey } from '../shared/ids';
import { localDateOf } from '../shared/shanghaiTime';
import { plainText } from '../shared/validation';
import { defineStaffAction } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { incidentCounts, manualTitleOf, summaryOf } from './counts';
import { incidentErrors } from './errors';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES, MANUAL_KINDS, kindLabel, type Incident, type IncidentActor, type ManualKind } from './model';
import { INCIDENT_POLICY } from './policy';
import type { IncidentStore } from './ports';

/** What the incident actions run on (AdminDeps.incidents); staff names resolve evidence actors. */
export interface IncidentDeps {
  store: IncidentStore;
  clock: Clock;
  hash(text: string): string;
  staffNames?(): Promise<Map<string, string>>;
}

type WithIncidents = { incidents?: IncidentDeps };

const depsOf = (deps: WithIncidents): IncidentDeps => {
  if (!deps.incidents) throw incidentErrors.unavailable();
  return deps.incidents;
};

const actorOf = (who: StaffPrincipal): IncidentActor => ({ id: who.id, name: who.name, role: who.role });
const audit = (who: StaffPrincipal, action: string, id: string, detail: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action,
  subjectType: 'incident',
  subjectId: id,
  detail,
});

const incidentId = z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^inc-[\w-]+$/));
const version = z.int().check(z.gte(1));
const period = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, '日期格式应为 YYYY-MM 或 YYYY-MM-DD'));
const kinds = Object.keys(INCIDENT_KINDS) as [keyof typeof INCIDENT_KINDS, ...(keyof typeof INCIDENT_KINDS)[]];
const manualKinds = Object.keys(MANUAL_KINDS) as [ManualKind, ...ManualKind[]];
const statuses = Object.keys(INCIDENT_STATUSES) as [keyof typeof INCIDENT_STATUSES, ...(keyof typeof INCIDENT_STATUSES)[]];
const severities = Object.keys(INCIDENT_SEVERITIES) as [keyof typeof INCIDENT_SEVERITIES, ...(keyof typeof INCIDENT_SEVERITIES)[]];
/** A Shanghai wall-clock time as a datetime-local input sends it. */
const localTime = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 YYYY-MM-DDTHH:mm'));

const listInput = z.strictObject({
  from: period,
  to: period,
  kind: z.optional(z.enum(kinds)),
  status: z.optional(z.enum(statuses)),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
const recordInput = z.strictObject({
  idempotencyKey,
  kind: z.enum(manualKinds),
  occurredAt: localTime,
  description: plainText(10, 2000),
  affectedMembers: z.int().check(z.gte(0), z.lte(100_000_000)),
  severity: z.enum(severities),
});
const noteInput = z.strictObject({ id: incidentId, version, text: plainText(2, 1000) });
const closeInput = z.strictObject({ id: incidentId, version, conclusion: plainText(10, 2000) });
const LABELS = {
  from: '开始日期',
  to: '结束日期',
  kind: '事件类型',
  status: '状态',
  id: '事件',
  version: '版本',
  occurredAt: '发生时间',
  description: '事件描述',
  affectedMembers: '涉及会员数',
  severity: '严重程度',
  text: '处理记录',
  conclusion: '处理结论',
  idempotencyKey: '请求编号',
};

const load = async (d: IncidentDeps, id: string) => {
  const incident = await d.store.get(id);
  if (!incident) throw incidentErrors.notFound(id);
  return incident;
};

const writable = async (d: IncidentDeps, id: string, expected: number) => {
  const incident = await load(d, id);
  if (incident.status === 'closed') throw incidentErrors.closed(incident.status);
  if (incident.version !== expected) throw incidentErrors.versionConflict(id);
  return incident;
};

/** The detail as staff read it: evidence already masked when copied; actors by name where known. */
const detailView = async (d: IncidentDeps, i: Incident) => {
  const names = d.staffNames ? await d.staffNames() : new Map<string, string>();
  return {
    ...summaryOf(i),
    description: i.description,
    detection: i.detection,
    evidence: i.evidence.map((e) => ({ ...e, actionLabel: actionLabel(e.action), actorName: names.get(e.actorId) ?? roleLabel(e.actorRole) })),
    recordedBy: i.recordedBy,
    notes: i.notes,
    timeline: i.timeline,
    conclusion: i.conclusion,
    closedAt: i.closedAt,
    closedBy: i.closedBy,
  };
};

export const incidentActions = {
  /** Kinds, statuses, severities and the detector's norms, for the page's filters and its explanation. */
  options: defineStaffAction({
    permission: 'incidents.read',
    input: z.strictObject({}),
    run: async () => ({
      kinds: Object.entries(INCIDENT_KINDS).map(([value, label]) => ({ value, label, manual: value in MANUAL_KINDS })),
      statuses: Object.entries(INCIDENT_STATUSES).map(([value, label]) => ({ value, label })),
      severities: Object.entries(INCIDENT_SEVERITIES).map(([value, label]) => ({ value, label })),
      norms: {
        signInPerAccount: INCIDENT_POLICY.signIn.perAccount,
        signInPerSource: INCIDENT_POLICY.signIn.perSource,
        signInWindowMinutes: INCIDENT_POLICY.signIn.windowMs / 60_000,
        deniedPerStaff: INCIDENT_POLICY.denied.perStaff,
        unmaskPerStaffPerDay: INCIDENT_POLICY.unmask.perStaffPerDay,
        bindingPerMember: INCIDENT_POLICY.binding.perMember,
        bindingPerPolicy: INCIDENT_POLICY.binding.perPolicy,
      },
    }),
  }),
  list: defineStaffAction({
    permission: 'incidents.read',
    input: listInput,
    labels: LABELS,
    run: async (deps: WithIncidents, _who, q) => {
      const d = depsOf(deps);
      const { cursor, ...query } = q;
      return incidentCounts(d.store).list(query, cursor);
    },
  }),
  /** This quarter's count against the same quarter a year earlier (target −20%). */
  quarter: defineStaffAction({
    permission: 'incidents.read',
    input: z.strictObject({ quarter: z.optional(z.string().check(z.regex(/^\d{4}-Q[1-4]$/, '季度格式应为 YYYY-Qn'))) }),
    labels: { quarter: '季度' },
    run: async (deps: WithIncidents, _who, q) => {
      const d = depsOf(deps);
      const today = localDateOf(d.clock.now());
      const quarter = q.quarter ?? `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
      return incidentCounts(d.store).quarterComparison(quarter);
    },
  }),
  detail: defineStaffAction({
    permission: 'incidents.read',
    input: z.strictObject({ id: incidentId }),
    labels: LABELS,
    run: async (deps: WithIncidents, _who, { id }) => {
      const d = depsOf(deps);
      return detailView(d, await load(d, id));
    },
  }),
  /** A manual incident; the form's idempotency key makes a retry return the first record. */
  record: defineStaffAction({
    permission: 'incidents.handle',
    input: recordInput,
    labels: LABELS,
    run: async (deps: WithIncidents, who, input) => {
      const d = depsOf(deps);
      const now = d.clock.now();
      const occurred = new Date(`${input.occurredAt}:00+08:00`);
      if (occurred.getTime() > now.getTime()) throw incidentErrors.inFuture();
      const id = `inc-m-${d.hash(`manual:${who.id}:${input.idempotencyKey}`).slice(0, 32)}`;
      const requestHash = d.hash(JSON.stringify([input.kind, input.occurredAt, input.description, input.affectedMembers, input.severity]));
      const at = now.toISOString();
      const incident: Incident = {
        id,
        kind: input.kind,
        source: 'manual',
        status: 'open',
        severity: input.severity,
        occurredAt: occurred.toISOString(),
        occurredMonth: localDateOf(occurred).slice(0, 7),
        title: manualTitleOf(input.kind, maskPersonalText(input.description).text),
        description: maskPersonalText(input.description).text,
        affectedMembers: input.affectedMembers,
        evidence: [],
        recordedBy: actorOf(who),
        requestHash,
        notes: [],
        timeline: [{ at, what: 'recorded', label: '登记事件', by: actorOf(who) }],
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const res = await d.store.create(incident, [audit(who, 'incident.record', id, { kind: input.kind, severity: input.severity, affectedMembers: input.affectedMembers })]);
      if (!res.created && res.incident.requestHash !== requestHash) throw incidentErrors.keyReused();
      return { ...summaryOf(res.incident), created: res.created };
    },
  }),
  /** A handling note; the first one moves an open incident to 处理中. */
  note: defineStaffAction({
    permission: 'incidents.handle',
    input: noteInput,
    labels: LABELS,
    run: async (deps: WithIncidents, who, input) => {
      const d = depsOf(deps);
      const current = await writable(d, input.id, input.version);
      const at = d.clock.now().toISOString();
      const next: Incident = {
        ...current,
        status: 'handling',
        notes: [...current.notes, { at, by: actorOf(who), text: maskPersonalText(input.text).text }],
        timeline: [...current.timeline, { at, what: 'note', label: '添加处理记录', by: actorOf(who) }],
        updatedAt: at,
        version: current.version + 1,
      };
      await d.store.update(next, current.version, [audit(who, 'incident.note', current.id, { length: [...input.text].length })]);
      return detailView(d, next);
    },
  }),
  close: defineStaffAction({
    permission: 'incidents.handle',
    input: closeInput,
    labels: LABELS,
    run: async (deps: WithIncidents, who, input) => {
      const d = depsOf(deps);
      const current = await writable(d, input.id, input.version);
      const at = d.clock.now().toISOString();
      const next: Incident = {
        ...current,
        status: 'closed',
        conclusion: maskPersonalText(input.conclusion).text,
        closedAt: at,
        closedBy: actorOf(who),
        timeline: [...current.timeline, { at, what: 'closed', label: '关闭事件', by: actorOf(who) }],
        updatedAt: at,
        version: current.version + 1,
      };
      await d.store.update(next, current.version, [audit(who, 'incident.close', current.id, { kind: current.kind })]);
      return detailView(d, next);
    },
  }),
};
