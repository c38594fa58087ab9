import { educationReach } from '../education/reach';
import type { EducationStore } from '../education/ports';
import type { IncidentCounts } from '../incidents/counts';
import type { IncidentQuarterFigures, ReachFigures } from './sources';

/** 信息安全事件 per quarter from the incidents area (core/incidents/counts.ts): by the month they occurred. */
export const incidentSource =
  (counts: Pick<IncidentCounts, 'countsByKind'>) =>
  async (months: string[]): Promise<IncidentQuarterFigures> => {
    const rows = await counts.countsByKind(months);
    return { total: rows.reduce((s, r) => s + r.count, 0), byKind: rows.map((r) => ({ key: r.kind, label: r.label, count: r.count })) };
  };

/** 权益宣传覆盖 from the education area (core/education/reach.ts): both figures, the rate is derived. */
export const reachSource =
  (deps: { education: Pick<EducationStore, 'reachCounts'> }) =>
  async (fromMonth: string, toMonth: string): Promise<ReachFigures> => {
    const r = await educationReach(deps, fromMonth, toMonth);
    return { opened: r.opened, active: r.active };
  };
