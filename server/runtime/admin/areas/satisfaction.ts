import * as z from 'zod/mini';
import { satisfactionExport, satisfactionReport } from '../../../../core/rollups/satisfactionReport';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'));
const query = z.strictObject({ period: z._default(z.enum(['month', 'quarter']), 'month'), from: z.optional(month), to: z.optional(month) });
const labels = { period: '统计周期', from: '开始月份', to: '结束月份' };

/**
 * 满意度与时限: the satisfaction rate (4–5★ ÷ rated, by resolution date) against the goal, with the
 * response rate beside it, per period, handler and category; SLA compliance per handler and team.
 * Read from the rollups (core/rollups/), never from the complaints themselves.
 */
export const satisfactionArea: StaffArea<AdminDeps> = {
  report: defineStaffAction({
    permission: 'reports.satisfaction',
    input: query,
    labels,
    run: (deps: AdminDeps, _who, q) => satisfactionReport(deps, q),
  }),
  /** The same figures as CSV (UTF-8 with BOM, for Excel); the export is audited. */
  export: defineStaffAction({
    permission: 'reports.satisfaction',
    input: query,
    labels,
    run: (deps: AdminDeps, who, q) => satisfactionExport(deps, who, q),
  }),
};
