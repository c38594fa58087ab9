import type { FigureValues, QuarterFigures } from './model';
import { quarterMonths, type Quarter } from './quarter';
import type { QuarterSources } from './sources';

/** Today's figures of a quarter from its sources (complaints always; incidents and reach when connected). */
export const collectFigures = async (sources: QuarterSources, quarter: Quarter): Promise<QuarterFigures> => {
  const months = quarterMonths(quarter);
  const values: FigureValues = {};
  const labels: Record<string, string> = {};
  const c = await sources.complaints(months);
  Object.assign(values, { 'c.resolved': c.resolved, 'c.rated': c.rated, 'c.satisfied': c.satisfied, 'c.median': c.medianResolveMinutes, 'c.p90': c.p90ResolveMinutes });
  if (c.received !== null) values['c.received'] = c.received;
  for (const cat of c.byCategory) {
    const k = `cat.${cat.code}`;
    labels[k] = cat.label;
    if (cat.received !== null) values[`${k}.received`] = cat.received;
    Object.assign(values, { [`${k}.resolved`]: cat.resolved, [`${k}.rated`]: cat.rated, [`${k}.satisfied`]: cat.satisfied, [`${k}.median`]: cat.medianResolveMinutes });
  }
  if (sources.incidents) {
    const inc = await sources.incidents(months);
    values['inc.total'] = inc.total;
    for (const k of inc.byKind) {
      values[`inc.kind.${k.key}`] = k.count;
      labels[`inc.kind.${k.key}`] = k.label;
    }
  }
  if (sources.reach) {
    const r = await sources.reach(months[0], months[months.length - 1]);
    Object.assign(values, { 'reach.opened': r.opened, 'reach.active': r.active });
  }
  return {
    quarter,
    values: sortKeys(values),
    labels: sortKeys(labels),
    connected: { complaints: true, received: c.received !== null, incidents: !!sources.incidents, reach: !!sources.reach },
  };
};

const sortKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The text a snapshot's hash is taken over: keys sorted, so the same figures hash alike. */
export const canonicalFigures = (f: QuarterFigures): string =>
  JSON.stringify({ quarter: f.quarter, values: sortKeys(f.values), labels: sortKeys(f.labels), connected: sortKeys(f.connected) });

/** Frozen values with every correction laid over them (the latest per metric wins). */
export const effectiveValues = (frozen: FigureValues, corrections: readonly { metric: string; corrected: number | null }[]): FigureValues => {
  const out = { ...frozen };
  for (const c of corrections) out[c.metric] = c.corrected;
  return out;
};

/** Keys whose value differs (a key missing on one side counts as null there). */
export const differences = (was: FigureValues, now: FigureValues): { metric: string; was: number | null; now: number | null }[] => {
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  return keys.map((metric) => ({ metric, was: was[metric] ?? null, now: now[metric] ?? null })).filter((d) => d.was !== d.now);
};
