import type { StaffRole } from '../shared/actors';
import { commonErrors } from '../shared/errors';
import type { StaffPrincipal } from './model';

/**
 * Which roles hold each permission. Each staff action record (core/staff/actions.ts) names the one it
 * needs and the admin router checks it before anything else; tests/functions/adminRoles.test.ts walks
 * every registered action with every role against this table.
 */
export const PERMISSIONS = {
  'queue.read': ['agent', 'supervisor', 'headOffice', 'compliance', 'manager', 'inspector'],
  'complaint.read': ['agent', 'supervisor', 'headOffice', 'compliance', 'manager', 'inspector'],
  'complaint.viewPersonalData': ['agent', 'supervisor', 'headOffice'],
  'complaint.log': ['agent', 'supervisor'],
  'complaint.work': ['agent', 'supervisor'],
  'complaint.assign': ['supervisor'],
  'complaint.grade': ['supervisor'],
  'complaint.escalate': ['agent', 'supervisor'],
  'complaint.extend': ['supervisor', 'headOffice'],
  'complaint.close': ['supervisor'],
  'complaint.merge': ['supervisor'],
  'complaint.review': ['supervisor', 'headOffice'],
  'messages.sandbox': ['agent', 'supervisor', 'compliance'],
  'alerts.read': ['agent', 'supervisor', 'headOffice'],
  // Alerts addressed to oneself (an overdue ledger item one owns or is escalated to, a new 风险预警 for those who
  // handle them): every employee who may own a ledger item (server/runtime/admin/areas/alerts.ts).
  'alerts.mine': ['agent', 'supervisor', 'headOffice', 'compliance', 'advisor', 'claimsHandler', 'benefitsAdmin', 'manager', 'inspector', 'staffAdmin'],
  // Releasing the deadline timer's escalation hold after a clock jump (core/deadlines/clockGuard.ts).
  'deadlines.releaseHold': ['supervisor', 'headOffice'],
  'audit.read': ['compliance'],
  'staff.list': ['supervisor', 'headOffice', 'compliance', 'staffAdmin', 'manager'],
  // 员工管理: add, disable, enable, reset TOTP, re-enrol — accounts up to the actor's own rank, never
  // compliance or head office (command line only): core/staff/staffAdmin.ts.
  'staff.manage': ['supervisor', 'staffAdmin'],
  'calendar.read': ['agent', 'supervisor', 'headOffice', 'compliance', 'advisor', 'claimsHandler', 'benefitsAdmin', 'manager', 'inspector'],
  // The State Council notice changes every member's deadlines: entered by compliance or head office only.
  'calendar.import': ['headOffice', 'compliance'],
  // 个人信息 requests (access, correction, deletion): supervisors and compliance work them; head office reads
  // the queue for oversight. Agents do not see them: they are about a member's whole record, not a case.
  'privacy.read': ['supervisor', 'headOffice', 'compliance'],
  'privacy.handle': ['supervisor', 'compliance'],
  // Member lookup shows masked data only; a full value is one field of one member, with a reason, audited.
  'members.read': ['agent', 'supervisor', 'headOffice', 'compliance'],
  'members.unmask': ['supervisor', 'headOffice'],
  // Staff-assisted rebinding (changed phone, lost account): a supervisor or above releases the policy.
  'members.rebind': ['supervisor', 'headOffice'],
  'members.import': ['headOffice', 'compliance'],
  // 会员权益: the catalogue, tiers, scheduled changes and booking calendars are read by oversight roles; only the
  // benefits admin changes them. Partners (check-up centres, law firms) may only check bookings in by code.
  'benefits.read': ['benefitsAdmin', 'supervisor', 'manager', 'compliance', 'headOffice'],
  'benefits.manage': ['benefitsAdmin'],
  'benefits.checkIn': ['benefitsAdmin', 'partner'],
  // 咨询 (core/consultations): customer service triages and answers; an advisor works only what was handed
  // to them (the area filters by record); head office, compliance and managers read. Converting a
  // consultation into a complaint is customer service's call, audited.
  'consultations.read': ['agent', 'supervisor', 'advisor', 'headOffice', 'compliance', 'manager'],
  'consultations.work': ['agent', 'supervisor'],
  'consultations.advise': ['advisor'],
  'consultations.convert': ['agent', 'supervisor'],
  // 通话记录 on a consultation: customer service and the advisor it was handed to (the area checks visibility).
  'consultations.logCall': ['agent', 'supervisor', 'advisor'],
  // The member's name or phone (or their texts) in full on a consultation, with a reason, audited.
  'consultations.unmask': ['agent', 'supervisor', 'advisor'],
  // The satisfaction and SLA figures (core/rollups/figures.ts) and their CSV: oversight roles, not agents.
  'reports.satisfaction': ['supervisor', 'headOffice', 'compliance', 'manager'],
  // 季度报告 (core/reports): frozen quarterly figures against the year's targets, their XLSX and print page; the
  // manager writes the commentary (versioned, audited).
  'reports.quarterly': ['manager', 'compliance', 'headOffice'],
  'reports.comment': ['manager'],
  // The number of a year's target the seed leaves open (满意度 "行业领先"), with its basis: compliance confirms it,
  // as it confirms other compliance settings (calendar.import); head office too. Versioned, audited.
  'reports.targets': ['compliance', 'headOffice'],
  // 理赔 (core/claims): claims handlers and supervisors work claims; oversight roles read. An amount above the
  // handler's band (data) waits for a supervisor's or head office's approval. Every view of a health document is audited.
  'claims.read': ['claimsHandler', 'supervisor', 'headOffice', 'compliance', 'manager'],
  'claims.handle': ['claimsHandler', 'supervisor'],
  'claims.approve': ['supervisor', 'headOffice'],
  // 经营看板 (issue 13): figures from the rollups and the records behind each, masked like the queues.
  'dashboard.read': ['manager', 'headOffice', 'compliance', 'supervisor'],
  // 信息安全事件 (core/incidents): derived from the audit log and recorded by hand; oversight reads, compliance and head office handle and close.
  'incidents.read': ['compliance', 'manager', 'headOffice'],
  'incidents.handle': ['compliance', 'headOffice'],
  // 权益宣传 (core/education): articles, campaigns and reach are read by oversight roles; the manager and the benefits admin publish.
  'education.read': ['manager', 'compliance', 'headOffice', 'benefitsAdmin'],
  'education.manage': ['manager', 'benefitsAdmin'],
  // 整改台账 (issue 13): oversight roles read the ledger; managers and inspectors enter inspections, findings
  // and items; an inspector or compliance verifies (never the item's owner). An item's owner updates its
  // progress and evidence whatever their role: ledger.own (every employee) plus ownership, checked by the
  // actions (core/ledger/staffActions.ts); partners own nothing.
  'ledger.own': ['agent', 'supervisor', 'headOffice', 'compliance', 'advisor', 'claimsHandler', 'benefitsAdmin', 'manager', 'inspector', 'staffAdmin'],
  'ledger.read': ['manager', 'inspector', 'compliance', 'headOffice', 'supervisor'],
  'ledger.manage': ['manager', 'inspector', 'compliance'],
  'ledger.verify': ['inspector', 'compliance'],
  // 风险预警 (core/earlyWarning): oversight roles read the weekly alerts (evidence masked); managers and compliance
  // dismiss them with a reason or turn them into ledger items (opening the item also needs ledger.manage).
  'earlyWarning.read': ['manager', 'compliance', 'headOffice', 'supervisor'],
  'earlyWarning.handle': ['manager', 'compliance'],
  // 服务质检 (core/quality): inspectors draw samples and score; oversight roles read; every handler reads and appeals
  // their own scores (the area filters by record); a supervisor or head office decides appeals; managers and
  // compliance keep the scorecards.
  'quality.inspect': ['inspector'],
  'quality.read': ['inspector', 'supervisor', 'headOffice', 'compliance', 'manager'],
  'quality.appeal': ['agent', 'supervisor', 'advisor', 'claimsHandler', 'inspector', 'headOffice', 'compliance', 'manager'],
  'quality.decideAppeal': ['supervisor', 'headOffice'],
  'quality.scorecards': ['manager', 'compliance'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: StaffRole, permission: Permission): boolean => (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);

export const requirePermission = (who: StaffPrincipal, permission: Permission) => {
  if (!can(who.role, permission)) throw commonErrors.forbidden(`${who.role} lacks ${permission}`);
};
