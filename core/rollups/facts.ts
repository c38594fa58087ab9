import { localDateOf } from '../shared/shanghaiTime';

/**
 * The fact tables the rollup rows belong to (the row's `dim`) and how their slice keys are written.
 * Complaint facts are keyed by the whole tuple of complaint filters, so a dashboard query with any
 * subset of filters sums the rows whose tuple matches; team is not in the tuple (a staff attribute,
 * read at report time: a handler who changes team takes their figures along).
 */
export const FACTS = {
  complaint: 'complaint',
  consultation: 'consultation',
  claim: 'claim',
  booking: 'booking',
} as const;

/** Counter and histogram names per table. */
export const COMPLAINT_COUNTERS = ['received', 'acknowledged', 'resolved', 'rated', 'satisfied', 'deadlinesDue', 'deadlinesMet'] as const;
export type ComplaintCounter = (typeof COMPLAINT_COUNTERS)[number];
/** Histograms: receipt → acknowledgement, start of each resolve cycle → resolution; consultation ask → first staff reply. */
export const HISTS = { acknowledge: 'acknowledge', resolve: 'resolve', reply: 'reply' } as const;

export const UNASSIGNED = 'unassigned';

export interface ComplaintTuple {
  category: string;
  grade: string;
  channel: string;
  /** Policy product code; '' when the complaint names no policy the register knows. */
  product: string;
  /** Staff id, or `unassigned`. */
  handler: string;
}

const TUPLE_KEYS = ['category', 'grade', 'channel', 'product', 'handler'] as const;

/** Parts are URI-encoded so a `|` in a product code or staff id cannot split a key wrongly. */
export const encodeTuple = (t: ComplaintTuple): string => TUPLE_KEYS.map((k) => encodeURIComponent(t[k])).join('|');

export const decodeTuple = (value: string): ComplaintTuple => {
  const p = value.split('|').map(decodeURIComponent);
  return { category: p[0] ?? '', grade: p[1] ?? '', channel: p[2] ?? '', product: p[3] ?? '', handler: p[4] ?? '' };
};

/** The single dimensions the weekly received counts are kept for (early warning, core/rollups/weekly.ts). */
export const WEEKLY_DIMS = ['category', 'product', 'channel', 'salesChannel', 'seller', 'policy', 'member'] as const;
export type WeeklyDim = (typeof WEEKLY_DIMS)[number];
export const weeklyTable = (dim: WeeklyDim) => `week:${dim}`;

export const monthOf = (isoAt: string): string => localDateOf(new Date(isoAt)).slice(0, 7);

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);

const weeks = new Map<string, string>();

/** ISO-8601 week (Monday first; week 1 holds the year's first Thursday) of a Shanghai date, as YYYY-Www (memoised: a bulk build asks for few days many times). */
export const isoWeekOfDay = (day: string): string => {
  let w = weeks.get(day);
  if (w === undefined) {
    if (weeks.size > 20_000) weeks.clear();
    weeks.set(day, (w = computeIsoWeek(day)));
  }
  return w;
};

const computeIsoWeek = (day: string): string => {
  const dow = (new Date(`${day}T00:00:00.000Z`).getUTCDay() + 6) % 7;
  const thursday = addDays(day, 3 - dow);
  const year = Number(thursday.slice(0, 4));
  const jan1 = Date.parse(`${year}-01-01T00:00:00.000Z`);
  const n = Math.floor((Date.parse(`${thursday}T00:00:00.000Z`) - jan1) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
};

export const weekOf = (isoAt: string): string => isoWeekOfDay(localDateOf(new Date(isoAt)));

/** Whole minutes between two instants, never negative. */
export const minutesBetween = (from: string, to: string): number => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
