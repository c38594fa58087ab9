/**
 * Where the quarterly report's figures come from (QuarterSources). Each source is a port: the
 * complaint figures over the rollup rows (complaintSource.ts), security incidents and rights-education
 * reach from their areas. A source that is not connected is absent: the report then says so, and
 * never shows a number for it.
 */

/** Complaint figures of some months, as the rollups count them. */
export interface ComplaintQuarterFigures {
  /** Complaints received in the months; null when the source does not count receipts. */
  received: number | null;
  resolved: number;
  rated: number;
  satisfied: number;
  medianResolveMinutes: number | null;
  p90ResolveMinutes: number | null;
  byCategory: {
    code: string;
    label: string;
    received: number | null;
    resolved: number;
    rated: number;
    satisfied: number;
    medianResolveMinutes: number | null;
  }[];
}

export interface IncidentQuarterFigures {
  total: number;
  byKind: { key: string; label: string; count: number }[];
}

/** Bound members active in the period who opened an article, and bound members active in the period. */
export interface ReachFigures {
  opened: number;
  active: number;
}

export interface QuarterSources {
  complaints(months: string[]): Promise<ComplaintQuarterFigures>;
  /** Absent: 信息安全事件 not connected. */
  incidents?: (months: string[]) => Promise<IncidentQuarterFigures>;
  /** Absent: 权益宣传 not connected. The quarter's first and last month (YYYY-MM). */
  reach?: (fromMonth: string, toMonth: string) => Promise<ReachFigures>;
}

export type SourceKey = 'complaints' | 'received' | 'incidents' | 'reach';
export const SOURCE_LABELS: Record<SourceKey, string> = {
  complaints: '投诉统计',
  received: '投诉受理数',
  incidents: '信息安全事件',
  reach: '权益宣传覆盖',
};
export const NOT_CONNECTED = '数据源未接入';
