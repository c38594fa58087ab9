import type { CalendarDeps } from '../../../core/calendar/importNotice';
import type { StaffComplaintDeps } from '../../../core/complaints/staffUseCases';
import type { StaffMemberDeps } from '../../../core/members/staffMembers';
import type { PrivacyStaffDeps } from '../../../core/privacy/staffUseCases';
import type { InboxStore } from '../../../core/notifications/inbox';
import type { StaffAuthDeps } from '../../../core/staff/auth';
import type { DeadlineTimerStore } from '../../../core/deadlines/clockGuard';
import type { FileStorage } from '../../../core/shared/files';
import type { AnchorSigner, AnchorSink } from '../../../core/audit/anchor';
import type { RollupStore } from '../../../core/rollups/ports';
import type { StaffConsultationDeps } from '../../../core/consultations/deps';
import type { StaffClaimDeps } from '../../../core/claims/deps';
import type { BenefitDeps } from '../../../core/benefits/deps';
import type { IncidentDeps } from '../../../core/incidents/staffActions';
import type { EducationStaffDeps } from '../../../core/education/deps';
import type { QuarterlyAdminDeps } from '../../../core/reports/adminDeps';
import type { DashboardDrillSources } from '../../../core/dashboard/ports';
import type { StaffLedgerDeps } from '../../../core/ledger/deps';
import type { QualityDeps } from '../../../core/quality/deps';
import type { EarlyWarningStore } from '../../../core/earlyWarning/ports';

/** What the admin API runs on: the same shape on the local gateway and in the admin cloud function. */
export type AdminDeps = StaffComplaintDeps & StaffMemberDeps & PrivacyStaffDeps & StaffAuthDeps & { inbox: InboxStore; holidays: CalendarDeps; files: FileStorage } & {
  /** The deadline timer's state, for releasing an escalation hold (core/deadlines/clockGuard.ts). */
  deadlineTimer?: DeadlineTimerStore;
  /** The audit anchors (core/audit/anchor.ts): the key's signer, and the sink audit/verify reads them from, if it can. */
  auditAnchors?: { sign: AnchorSigner; sink?: AnchorSink };
  /** The management rollups (core/rollups/), written by the timer consumer only; the satisfaction area reads them. */
  rollups?: RollupStore;
  /** 咨询 (core/consultations): its store, the staff and member register, and the complaints core a conversion goes through. */
  consultations?: StaffConsultationDeps;
  /** 理赔 (core/claims): its store, the staff list and member register, files, and the complaints core a dispute goes through. */
  claims?: StaffClaimDeps;
  /** 会员权益 (core/benefits): catalogue, tiers, slots, bookings and scheduled changes; absent where not deployed (BENEFITS.UNAVAILABLE). */
  memberBenefits?: BenefitDeps;
  /** 信息安全事件 (core/incidents): the incident store; absent where not deployed (INCIDENT.UNAVAILABLE). */
  incidents?: IncidentDeps;
  /** 权益宣传 (core/education): articles, campaigns, reach and announcements; absent where not deployed (EDUCATION.UNAVAILABLE). */
  education?: EducationStaffDeps;
  /** 季度报告 (core/reports): frozen quarterly figures, commentary, and the export jobs the `jobs` function runs; absent → REPORTS.NOT_CONFIGURED. */
  quarterly?: QuarterlyAdminDeps;
  /** 经营看板 drill-down reads (core/dashboard/drill.ts); absent → DASHBOARD.DRILL_UNAVAILABLE. */
  dashboardDrill?: DashboardDrillSources;
  /** 整改台账 (core/ledger): inspections, findings, items; other areas open items through core/ledger/openItem.ts with it. */
  ledger?: StaffLedgerDeps;
  /** 服务质检 (core/quality): samples, scores, appeals, scorecards; failed scores open ledger items. */
  quality?: QualityDeps;
  /** 风险预警 (core/earlyWarning): the weekly alerts the timer opens; absent → EARLY_WARNING.UNAVAILABLE. */
  earlyWarning?: { alerts: EarlyWarningStore };
};
