import { qualityErrors } from './errors';
import type { FrameCase, SampleItem, SampleReason, Stratum } from './model';

/** A member rating at or below this is "low" and its case is always inspected. */
export const LOW_RATING_MAX = 2;

/** 32-bit FNV-1a: a stable number for a stratum's name, mixed into the seed. */
const fnv = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

/** mulberry32: small, fast and the same on every machine, so a recorded seed redraws the same sample. */
const rng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The first k of a seeded Fisher–Yates shuffle. */
const pick = <T>(xs: T[], k: number, seed: number): T[] => {
  const a = [...xs];
  const next = rng(seed);
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
};

const UNCLASSIFIED = '未分类';
const stratumOf = (c: FrameCase, s: Stratum) => (s === 'handler' ? c.handlerId : s === 'grade' ? c.grade : c.type) || UNCLASSIFIED;

const mustReasons = (c: FrameCase): SampleReason[] => [
  ...(c.rating !== undefined && c.rating <= LOW_RATING_MAX ? (['lowRating'] as const) : []),
  ...(c.breached ? (['breach'] as const) : []),
  ...(c.reviewRequested ? (['review'] as const) : []),
];

export interface DrawInput {
  frame: FrameCase[];
  stratum: Stratum;
  /** Cases drawn at random in each stratum, on top of those always taken. */
  perStratum: number;
  seed: number;
  inspectorId: string;
  /** Handlers under an improvement item: this many more of their cases are taken for re-inspection. */
  reinspect?: { handlerId: string; count: number }[];
  period: string;
}

export interface DrawResult {
  items: SampleItem[];
  excludedOwn: number;
  frameSize: number;
}

/**
 * The period's sample: every case with a low rating, a breach or a review request, plus `perStratum` drawn at
 * random within each stratum (handler, grade or type), plus re-inspection cases for handlers under an
 * improvement item. The inspector's own cases are left out (counted). The draw depends only on the frame's
 * contents and the seed — not on the order the store returned them — so it can be redrawn and checked.
 */
export const drawSample = (input: DrawInput): DrawResult => {
  const eligible = input.frame.filter((c) => c.handlerId !== input.inspectorId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!eligible.length) throw qualityErrors.emptyPeriod(input.period);
  const chosen = new Map<string, { c: FrameCase; reasons: SampleReason[] }>();
  const take = (c: FrameCase, reason: SampleReason) => {
    const had = chosen.get(c.id);
    if (had) {
      if (!had.reasons.includes(reason)) had.reasons.push(reason);
    } else chosen.set(c.id, { c, reasons: [reason] });
  };
  for (const c of eligible) for (const r of mustReasons(c)) take(c, r);
  const strata = new Map<string, FrameCase[]>();
  for (const c of eligible) {
    if (chosen.has(c.id)) continue;
    const key = stratumOf(c, input.stratum);
    strata.set(key, [...(strata.get(key) ?? []), c]);
  }
  for (const key of [...strata.keys()].sort()) {
    for (const c of pick(strata.get(key)!, input.perStratum, (input.seed ^ fnv(key)) >>> 0)) take(c, 'random');
  }
  for (const r of [...(input.reinspect ?? [])].sort((a, b) => (a.handlerId < b.handlerId ? -1 : 1))) {
    const rest = eligible.filter((c) => c.handlerId === r.handlerId && !chosen.has(c.id));
    const already = eligible.filter((c) => c.handlerId === r.handlerId && chosen.has(c.id));
    // Cases already in the sample count towards the re-inspection; only the shortfall is drawn.
    for (const c of already.slice(0, r.count)) take(c, 'reinspection');
    for (const c of pick(rest, Math.max(0, r.count - already.length), (input.seed ^ fnv(`reinspect:${r.handlerId}`)) >>> 0)) take(c, 'reinspection');
  }
  const items = [...chosen.values()]
    .map(({ c, reasons }) => ({ area: c.area, caseId: c.id, number: c.number, handlerId: c.handlerId, ...(c.team ? { team: c.team } : {}), reasons, stratumValue: stratumOf(c, input.stratum) }))
    .sort((a, b) => (a.stratumValue === b.stratumValue ? (a.number < b.number ? -1 : 1) : a.stratumValue < b.stratumValue ? -1 : 1));
  return { items, excludedOwn: input.frame.length - eligible.length, frameSize: input.frame.length };
};
