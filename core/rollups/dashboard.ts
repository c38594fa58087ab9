/**
 * The management dashboard's contract (issue 13): what the admin page asks for and what it gets.
 * Figures are read from rollups (never a scan of the records); every count carries the drill-down
 * that lists the records behind it, so a figure and its list cannot disagree about what was counted.
 * Periods are whole Asia/Shanghai months (YYYY-MM, inclusive); a quarter is three of them.
 */

/** Areas a figure can drill into. */
export type DashboardArea = 'complaints' | 'consultations' | 'claims' | 'bookings' | 'incidents';

/** Filters on complaint figures (any subset; each narrows). Values are codes, not labels. */
export interface ComplaintFilters {
  category?: string;
  grade?: string;
  channel?: string;
  /** Policy product code, '' = complaints without a policy. */
  product?: string;
  /** Staff id of the handler (owner at resolution / of the deadline). */
  handler?: string;
  team?: string;
}

export interface DashboardQuery extends ComplaintFilters {
  /** First and last month, inclusive (YYYY-MM); at most 36 months. */
  from: string;
  to: string;
}

/**
 * What a click on a figure opens: the records of one area in the period, narrowed by these filters,
 * and which measure the figure counted (e.g. `received`, `resolved`, `breached`, `rated`).
 */
export interface DrillSpec {
  area: DashboardArea;
  from: string;
  to: string;
  measure: string;
  filters: Record<string, string>;
}

/** Minutes, exact at minute resolution (nearest rank on the histogram); null when nothing was counted. */
export interface Distribution {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface CountLine {
  key: string;
  label: string;
  count: number;
  drill: DrillSpec;
}

export interface ComplianceLine {
  key: string;
  label: string;
  due: number;
  met: number;
  /** met ÷ due, null when nothing came due. */
  rate: number | null;
  drill: DrillSpec;
}

export interface DashboardFigures {
  query: DashboardQuery;
  /** Events saved up to this instant are counted (the consumer's cursor); later ones appear on its next run. */
  asOf: string | null;
  complaints: {
    received: CountLine;
    byCategory: CountLine[];
    byGrade: CountLine[];
    byChannel: CountLine[];
    byProduct: CountLine[];
    /** Receipt → acknowledgement, and start of each resolve cycle → resolution. */
    acknowledge: Distribution;
    resolve: Distribution;
    slaByHandler: ComplianceLine[];
    slaByTeam: ComplianceLine[];
    satisfaction: {
      resolved: number;
      rated: number;
      satisfied: number;
      rate: number | null;
      responseRate: number | null;
      goalRate: number;
      drill: DrillSpec;
    };
  };
  consultations: { asked: CountLine; replied: number; reply: Distribution };
  claims: { reported: CountLine; decided: CountLine; decisionClock: ComplianceLine; paymentClock: ComplianceLine };
  benefits: { bookings: CountLine; redeemed: CountLine; byBenefit: CountLine[] };
  incidents: { total: CountLine; byKind: CountLine[] };
}
