import * as z from 'zod/mini';
import { drillPage } from '../../../../core/dashboard/drill';
import { incidentCounts } from '../../../../core/incidents/counts';
import { dashboardFigures, dashboardMonths } from '../../../../core/rollups/dashboardFigures';
import { reportErrors } from '../../../../core/rollups/satisfactionReport';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'));
/** A code from the figures (category, grade, channel, product, staff id, team name); '' is a real value (no policy, no team). */
const code = z.string().check(z.maxLength(64), z.regex(/^[^\u0000-\u001f\u007f]*$/, '不能包含控制字符'));

const filters = {
  category: z.optional(code),
  grade: z.optional(code),
  channel: z.optional(code),
  product: z.optional(code),
  handler: z.optional(code),
  team: z.optional(code),
};
const figuresSchema = z.strictObject({ from: month, to: month, ...filters });
const drillSchema = z.strictObject({
  area: z.enum(['complaints', 'consultations', 'claims', 'bookings', 'incidents']),
  from: month,
  to: month,
  measure: z.string().check(z.minLength(1), z.maxLength(32), z.regex(/^[A-Za-z]+$/, '统计项格式不正确')),
  filters: z._default(z.record(z.string().check(z.regex(/^[A-Za-z]{1,16}$/, '筛选项格式不正确')), code), {}),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  limit: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
});

const labels = {
  from: '开始月份',
  to: '结束月份',
  category: '投诉类别',
  grade: '投诉等级',
  channel: '投诉渠道',
  product: '保险产品',
  handler: '处理人',
  team: '团队',
  area: '数据范围',
  measure: '统计项',
  filters: '筛选条件',
  cursor: '分页位置',
  limit: '每页条数',
};

/**
 * 经营看板 (issue 13): every figure of a period from the rollups (core/rollups/dashboardFigures.ts, one
 * read per month whatever the number of records), and the records behind any one of them
 * (core/dashboard/drill.ts), masked like the queues.
 */
export const dashboardArea: StaffArea<AdminDeps> = {
  figures: defineStaffAction({
    permission: 'dashboard.read',
    input: figuresSchema,
    labels,
    run: async (deps: AdminDeps, _who, q) => {
      if (!deps.rollups) throw reportErrors.notConfigured();
      const incidents = deps.incidents ? incidentCounts(deps.incidents.store) : undefined;
      return dashboardFigures({ rollups: deps.rollups, staff: deps.staff, policy: deps.policy, ...(incidents ? { incidents } : {}) }, q);
    },
  }),
  drill: defineStaffAction({
    permission: 'dashboard.read',
    input: drillSchema,
    labels,
    run: async (deps: AdminDeps, _who, { cursor, limit, ...spec }) => {
      dashboardMonths(spec);
      const incidentList = deps.incidents ? incidentCounts(deps.incidents.store).list : undefined;
      return drillPage({ ...deps, ...(incidentList ? { incidentList } : {}) }, spec, { cursor, limit });
    },
  }),
};
