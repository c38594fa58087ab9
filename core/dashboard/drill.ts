import { BOOKING_STATUSES, type Booking } from '../benefits/model';
import { CLAIM_STATUSES, type Claim } from '../claims/model';
import { claimTypeOf } from '../claims/policy';
import { DEADLINE_LABELS, STAFF_STATUS_LABELS, gradeText } from '../complaints/labels';
import { CHANNELS, COMPLAINT_CATEGORIES, type Complaint, type DeadlineKind } from '../complaints/model';
import type { ComplaintPolicy } from '../complaints/policy';
import { CONSULTATION_STATUSES, CONSULTATION_TOPICS, type Consultation } from '../consultations/model';
import type { MemberDirectory } from '../members/directory';
import { maskName } from '../members/identityNumbers';
import { bookingRollupEvents, claimRollupEvents, consultationRollupEvents } from '../rollups/areaEvents';
import { complaintRollupEvents, type PolicyFacts } from '../rollups/complaintEvents';
import type { DrillSpec } from '../rollups/dashboard';
import { decodeTuple, FACTS, UNASSIGNED } from '../rollups/facts';
import { monthsBetween } from '../rollups/figures';
import { tupleMatches } from '../rollups/dashboardFigures';
import type { RollupDelta, RollupEvent } from '../rollups/model';
import { DomainError } from '../shared/errors';
import { formatShanghai, SHANGHAI_OFFSET_MS } from '../shared/shanghaiTime';
import type { StaffStore } from '../staff/ports';
import type { IncidentCounts } from '../incidents/counts';
import type { IncidentKind } from '../incidents/model';
import type { DashboardDrillSources, ScanCursor } from './ports';

/**
 * The records behind a dashboard figure. A figure sums rollup events (core/rollups/), so the drill
 * derives the events of each record it reads with the consumer's own functions and keeps those the
 * figure kept: same fact table, a month of the period, the measure's counter, the figure's slice. A
 * figure and its list therefore count the same things, by construction; walking every page of a
 * drill lists each counted event once.
 *
 * Records one request may read while looking for a page of matches is bounded: a list on a rare slice
 * can come back short (even empty) with a cursor that resumes after the last record read, and the page
 * keeps 加载更多 while there is one, as the staff queue does (core/complaints/queuePlan.ts). The bound,
 * not the table's size, is what a drill page costs.
 */
export const DRILL_SCAN_BOUND = 400;

/** One row of a drill list, masked like the queues: no phone, the name masked, no free text. */
export interface DrillRow {
  key: string;
  id: string;
  number: string;
  title: string;
  statusLabel: string;
  /** Complaints: grade and channel as the queue shows them. */
  detail?: string;
  memberName: string;
  handlerName?: string;
  /** The month the event was counted in (YYYY-MM). */
  month: string;
  /** When the record came in, Shanghai time. */
  receivedAtText: string;
  note: string;
  /** The screen the row opens, where the admin page has one for a record id. */
  link?: { kind: 'complaint'; id: string };
}

export interface DrillPage {
  rows: DrillRow[];
  nextCursor?: string;
  /** Records read for this page (at most DRILL_SCAN_BOUND). */
  scanned: number;
}

export interface DashboardDrillDeps {
  staff: Pick<StaffStore, 'list'>;
  directory: Pick<MemberDirectory, 'members' | 'policies'>;
  policy: Pick<ComplaintPolicy, 'satisfaction'>;
  dashboardDrill?: DashboardDrillSources;
  /** The incident list a figure drills into (core/incidents/counts.ts `list`), where incidents are deployed. */
  incidentList?: IncidentCounts['list'];
}

export const drillErrors = {
  unavailable: (area: string) => new DomainError('DASHBOARD.DRILL_UNAVAILABLE', '该项数据暂不支持查看明细', `no drill source for ${area}`, { area }),
  unknownMeasure: (area: string, measure: string) =>
    new DomainError('DASHBOARD.UNKNOWN_MEASURE', '无法识别的统计项，请刷新看板后重试', `no drill for ${area}/${measure}`, { area, measure }),
  badFilter: (area: string, key: string) => new DomainError('DASHBOARD.BAD_FILTER', '筛选条件有误，请刷新看板后重试', `unknown drill filter ${area}/${key}`, { area, key }),
  badCursor: () => new DomainError('DASHBOARD.BAD_CURSOR', '分页位置已失效，请重新打开明细', 'bad drill cursor'),
};

const SEP = '\u001f';
export const encodeScanCursor = (c: ScanCursor) => `${c.at}${SEP}${c.id}`;
export const decodeScanCursor = (s: string): ScanCursor => {
  const [at, id, extra] = s.split(SEP);
  if (!at || !id || extra !== undefined || Number.isNaN(Date.parse(at))) throw drillErrors.badCursor();
  return { at, id };
};

/** Start of a Shanghai month (YYYY-MM) as an ISO instant. */
export const monthStartIso = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS).toISOString();
};

/** [start of `from`, start of the month after `to`). */
export const periodRange = (from: string, to: string): { start: string; end: string } => {
  const [y, m] = to.split('-').map(Number);
  return { start: monthStartIso(from), end: monthStartIso(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`) };
};

type Add = RollupDelta['add'];
const has = (name: string) => (a: Add) => (a[name] ?? 0) > 0;
const missed = (due: string, met: string) => (a: Add) => (a[due] ?? 0) > 0 && !a[met];

/** Each area's measures (its counters, plus the names figures use for a clock and its misses). */
const MEASURES: Record<string, Record<string, { test: (a: Add) => boolean; label: string }>> = {
  complaints: {
    received: { test: has('received'), label: '受理' },
    acknowledged: { test: has('acknowledged'), label: '已确认受理' },
    resolved: { test: has('resolved'), label: '已答复' },
    rated: { test: has('rated'), label: '已评价' },
    satisfied: { test: has('satisfied'), label: '满意' },
    deadlinesDue: { test: has('deadlinesDue'), label: '到期时限' },
    deadlines: { test: has('deadlinesDue'), label: '到期时限' },
    deadlinesMet: { test: has('deadlinesMet'), label: '按时完成' },
    met: { test: has('deadlinesMet'), label: '按时完成' },
    breached: { test: missed('deadlinesDue', 'deadlinesMet'), label: '超时' },
  },
  consultations: {
    asked: { test: has('asked'), label: '咨询' },
    replied: { test: has('replied'), label: '已首次答复' },
  },
  claims: {
    reported: { test: has('reported'), label: '报案' },
    decided: { test: has('decided'), label: '已决定' },
    decisionClock: { test: has('decisionDue'), label: '核定时限' },
    decisionDue: { test: has('decisionDue'), label: '核定时限' },
    decisionMet: { test: has('decisionMet'), label: '核定按时' },
    decisionBreached: { test: missed('decisionDue', 'decisionMet'), label: '核定超时' },
    paymentClock: { test: has('paymentDue'), label: '赔付时限' },
    paymentDue: { test: has('paymentDue'), label: '赔付时限' },
    paymentMet: { test: has('paymentMet'), label: '赔付按时' },
    paymentBreached: { test: missed('paymentDue', 'paymentMet'), label: '赔付超时' },
  },
  bookings: {
    booked: { test: has('booked'), label: '预约' },
    redeemed: { test: has('redeemed'), label: '核销' },
  },
  // Counted by the incident store itself, by month of occurrence (core/incidents/counts.ts), not by the rollups.
  incidents: {
    incidents: { test: () => true, label: '发生' },
  },
};

/** Filters each area's slices answer to (the figures' drill specs carry these keys). */
const FILTERS: Record<string, readonly string[]> = {
  complaints: ['category', 'grade', 'channel', 'product', 'handler', 'team'],
  consultations: ['topic'],
  claims: ['claimType'],
  bookings: ['benefit', 'benefitId'],
  incidents: ['kind'],
};

interface Hit<T> {
  record: T;
  event: RollupEvent;
  delta: RollupDelta;
}

interface Names {
  staff: ReadonlyMap<string, { name: string; team: string }>;
  members: ReadonlyMap<string, string>;
}

/** How one area is read, matched and shown. */
interface AreaDrill<T extends { id: string; memberId: string }> {
  dim: string;
  read(cursor: ScanCursor | undefined, limit: number): Promise<T[]>;
  cursorOf(t: T): ScanCursor;
  /** Looks up what the events need for a batch (a complaint's policy product), then derives them. */
  events(batch: T[]): Promise<RollupEvent[][]>;
  slice(value: string, filters: Readonly<Record<string, string>>): boolean;
  row(h: Hit<T>, names: Names, note: string): Omit<DrillRow, 'key' | 'month' | 'memberName'>;
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';
/** Just before `start` with an id above every id: a feed's keyset "after" that lands on the first save at or after `start`. */
const before = (start: string): ScanCursor => ({ at: new Date(Date.parse(start) - 1).toISOString(), id: '\uffff' });

const complaintDrill = (deps: DashboardDrillDeps, src: DashboardDrillSources, measure: string, range: { start: string; end: string }, filters: Readonly<Record<string, string>>, teams: (id: string) => string): AreaDrill<Complaint> => {
  const received = measure === 'received';
  return {
    dim: FACTS.complaint,
    read: (cursor, limit) =>
      received ? src.complaintsReceived.receivedBetween(range.start, range.end, cursor, limit) : src.complaints.changedAfter(cursor ?? before(range.start), FAR_FUTURE, limit),
    cursorOf: (c) => ({ at: received ? c.receivedAt : c.updatedAt, id: c.id }),
    events: async (batch) => {
      const facts = new Map<string, PolicyFacts>();
      // The product is part of the counted slice: looked up as the consumer does, only when a product filter asks.
      const nos = filters.product !== undefined ? [...new Set(batch.map((c) => c.policyNo).filter((n): n is string => !!n))] : [];
      if (nos.length) for (const p of await deps.directory.policies(nos)) facts.set(p.policyNo, { productCode: p.productCode, salesChannel: p.salesChannel, sellerId: p.sellerId });
      return batch.map((c) => complaintRollupEvents(c, deps.policy.satisfaction.reminderAfterDays, c.policyNo ? facts.get(c.policyNo) : undefined));
    },
    // The figures' own test (team read now, `none` for a handler without one).
    slice: (value, f) => tupleMatches(decodeTuple(value), f, teams),
    row: ({ record: c, event, delta }, names, note) => {
      const handler = decodeTuple(delta.key.value).handler;
      const kind = /\|deadline\|([^|]+)\|/.exec(event.id)?.[1] as DeadlineKind | undefined;
      return {
        id: c.id,
        number: c.number,
        title: COMPLAINT_CATEGORIES[c.category] ?? c.category,
        statusLabel: STAFF_STATUS_LABELS[c.status] ?? c.status,
        detail: `${gradeText(c.grade.value, c.grade.confirmed)} · ${CHANNELS[c.channel] ?? c.channel}`,
        handlerName: handler === UNASSIGNED ? '未分配' : names.staff.get(handler)?.name ?? handler,
        receivedAtText: formatShanghai(new Date(c.receivedAt)),
        note: kind ? `${DEADLINE_LABELS[kind] ?? kind} · ${note}` : note,
        link: { kind: 'complaint', id: c.id },
      };
    },
  };
};

const feedDrill = <T extends { id: string; memberId: string; updatedAt: string }>(
  dim: string,
  feed: { changedAfter(c: ScanCursor | undefined, until: string, limit: number): Promise<T[]> },
  start: string,
  derive: (t: T) => RollupEvent[],
  slice: AreaDrill<T>['slice'],
  row: (t: T) => Omit<DrillRow, 'key' | 'month' | 'memberName' | 'note'>,
): AreaDrill<T> => ({
  dim,
  read: (cursor, limit) => feed.changedAfter(cursor ?? before(start), FAR_FUTURE, limit),
  cursorOf: (t) => ({ at: t.updatedAt, id: t.id }),
  events: async (batch) => batch.map(derive),
  slice,
  row: ({ record }, _names, note) => ({ ...row(record), note }),
});

const drillFor = (deps: DashboardDrillDeps, spec: DrillSpec, range: { start: string; end: string }, teams: (id: string) => string): AreaDrill<any> => {
  const src = deps.dashboardDrill;
  const f = spec.filters;
  switch (spec.area) {
    case 'complaints':
      if (!src) break;
      return complaintDrill(deps, src, spec.measure, range, f, teams);
    case 'consultations':
      if (!src?.consultations) break;
      return feedDrill<Consultation>(FACTS.consultation, src.consultations, range.start, consultationRollupEvents, (v) => f.topic === undefined || v === f.topic, (c) => ({
        id: c.id,
        number: c.number,
        title: CONSULTATION_TOPICS[c.topic] ?? c.topic,
        statusLabel: CONSULTATION_STATUSES[c.status] ?? c.status,
        receivedAtText: formatShanghai(new Date(c.receivedAt)),
      }));
    case 'claims':
      if (!src?.claims) break;
      return feedDrill<Claim>(FACTS.claim, src.claims, range.start, claimRollupEvents, (v) => f.claimType === undefined || v === f.claimType, (c) => ({
        id: c.id,
        number: c.number ?? '（草稿）',
        title: claimTypeOf(c.claimType)?.label ?? c.claimType,
        statusLabel: CLAIM_STATUSES[c.status] ?? c.status,
        receivedAtText: c.firstReceivedAt ? formatShanghai(new Date(c.firstReceivedAt)) : '—',
      }));
    case 'bookings':
      if (!src?.bookings) break;
      return feedDrill<Booking>(FACTS.booking, src.bookings, range.start, bookingRollupEvents, (v) => (f.benefit ?? f.benefitId) === undefined || v === (f.benefit ?? f.benefitId), (b) => ({
        id: b.id,
        number: b.number,
        title: b.terms.name,
        statusLabel: BOOKING_STATUSES[b.status] ?? b.status,
        receivedAtText: formatShanghai(new Date(b.bookedAt)),
      }));
  }
  throw drillErrors.unavailable(spec.area);
};

/** Checks a spec against what the area can list, before anything is read. */
export const checkDrillSpec = (spec: DrillSpec) => {
  const measures = MEASURES[spec.area];
  if (!measures) throw drillErrors.unavailable(spec.area);
  if (!Object.hasOwn(measures, spec.measure)) throw drillErrors.unknownMeasure(spec.area, spec.measure);
  for (const k of Object.keys(spec.filters)) if (!FILTERS[spec.area]!.includes(k)) throw drillErrors.badFilter(spec.area, k);
};

/**
 * One page of the records behind a figure: reads at most DRILL_SCAN_BOUND records in index order,
 * stops after the record that filled the page, and resumes after the last record read.
 */
export const drillPage = async (deps: DashboardDrillDeps, spec: DrillSpec, page: { cursor?: string; limit: number }): Promise<DrillPage> => {
  checkDrillSpec(spec);
  if (spec.area === 'incidents') return incidentPage(deps, spec, page);
  const { test, label } = MEASURES[spec.area]![spec.measure]!;
  const after = page.cursor ? decodeScanCursor(page.cursor) : undefined;
  const range = periodRange(spec.from, spec.to);
  const staffList = await deps.staff.list();
  const staff = new Map(staffList.map((s) => [s.id, { name: s.displayName, team: s.team ?? '' }]));
  const area = drillFor(deps, spec, range, (id) => staff.get(id)?.team ?? '');
  const months = new Set(monthsBetween(spec.from, spec.to));

  const hits: Hit<any>[] = [];
  let scanned = 0;
  let cursor = after;
  let exhausted = false;
  // A page's worth first (a dense figure fills it from the first read), then larger reads for a sparse one.
  let step = page.limit;
  for (;;) {
    const want = Math.min(step, DRILL_SCAN_BOUND - scanned);
    step = Math.min(100, step * 4);
    if (want <= 0) break;
    const batch = await area.read(cursor, want);
    const events = await area.events(batch);
    let full = false;
    for (let i = 0; i < batch.length; i++) {
      scanned += 1;
      cursor = area.cursorOf(batch[i]);
      for (const event of events[i]) {
        for (const delta of event.deltas) {
          if (delta.key.dim === area.dim && months.has(delta.key.month) && test(delta.add) && area.slice(delta.key.value, spec.filters)) hits.push({ record: batch[i], event, delta });
        }
      }
      if ((full = hits.length >= page.limit)) break;
    }
    if (full) break;
    if (batch.length < want) {
      exhausted = true;
      break;
    }
  }
  const members = new Map((await deps.directory.members([...new Set(hits.map((h) => h.record.memberId as string))])).map((m) => [m.id, m.name?.masked]));
  const names: Names = { staff, members: new Map([...members].map(([k, v]) => [k, v ?? '访客'])) };
  const rows = hits.map(
    (h): DrillRow => ({
      key: `${h.record.id}#${h.event.id}`,
      month: h.delta.key.month,
      // Masked as the queue shows it: the contact a phone case left, else the member's name.
      memberName: spec.area === 'complaints' && (h.record as Complaint).contact?.name ? maskName((h.record as Complaint).contact!.name!) : names.members.get(h.record.memberId) ?? '访客',
      ...area.row(h, names, label),
    }),
  );
  return { rows, scanned, ...(!exhausted && cursor ? { nextCursor: encodeScanCursor(cursor) } : {}) };
};

/** Incidents of the period (and kind), newest first: the incident store's own list, its own cursor. */
const incidentPage = async (deps: DashboardDrillDeps, spec: DrillSpec, page: { cursor?: string; limit: number }): Promise<DrillPage> => {
  if (!deps.incidentList) throw drillErrors.unavailable(spec.area);
  const list = await deps.incidentList({ from: spec.from, to: spec.to, ...(spec.filters.kind ? { kind: spec.filters.kind as IncidentKind } : {}) }, page.cursor, page.limit);
  const rows = list.items.map(
    (i): DrillRow => ({
      key: i.id,
      id: i.id,
      number: i.id.slice(0, 14),
      title: i.kindLabel,
      statusLabel: i.statusLabel,
      memberName: i.affectedMembers !== undefined ? `涉及 ${i.affectedMembers} 人` : '—',
      month: new Date(Date.parse(i.occurredAt) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7),
      receivedAtText: formatShanghai(new Date(i.occurredAt)),
      note: `${i.severityLabel} · ${i.source === 'derived' ? '自动识别' : '人工登记'}`,
    }),
  );
  return { rows, scanned: rows.length, ...(list.nextCursor ? { nextCursor: list.nextCursor } : {}) };
};
