import { ROLE_RANK, type StaffRole } from '../shared/actors';
import { ROLE_LABELS } from './model';
import { PERMISSIONS, type Permission } from './permissions';

/**
 * What each permission lets a role do, as the README's role table says it. Written beside the table
 * generator rather than in PERMISSIONS so the permission list stays one line per rule;
 * tests/build/roleTable.test.ts fails when a permission has no words here or the README's table is stale.
 */
export const PERMISSION_WORDS: Partial<Record<Permission, string>> = {
  'queue.read': '投诉工作台 (queue)',
  'complaint.read': '投诉详情 (masked)',
  'complaint.viewPersonalData': '投诉人信息 in full, audited',
  'complaint.log': '登记线下投诉',
  'complaint.work': '受理、回复、办结 (own or unassigned cases)',
  'complaint.assign': '分派',
  'complaint.grade': '确认等级',
  'complaint.escalate': '升级',
  'complaint.extend': '延期 (30 days; 60 days by head office)',
  'complaint.close': '关闭',
  'complaint.merge': '合并',
  'complaint.review': '复核',
  'messages.sandbox': '订阅消息记录, 短信沙箱 (local)',
  'alerts.read': '提醒',
  'alerts.mine': '提醒 (addressed to oneself: ledger deadlines, new 风险预警)',
  'deadlines.releaseHold': '解除时钟跳变暂停',
  'audit.read': '审计日志',
  'staff.list': '员工列表',
  'staff.manage': '员工管理 (accounts up to own rank)',
  'calendar.read': '节假日日历',
  'calendar.import': '录入国务院节假日通知',
  'privacy.read': '个人信息申请 (read)',
  'privacy.handle': '个人信息申请 (handle)',
  'members.read': '会员查询, 会员主页 (masked)',
  'members.unmask': '会员字段完整查看, with a reason',
  'members.rebind': '协助解绑',
  'members.import': '保单导入',
  'reports.satisfaction': '满意度与时限 (figures, CSV export)',
  'reports.quarterly': '季度报告 (frozen figures, XLSX export, print page)',
  'reports.comment': '季度报告评述 (versioned, audited)',
  'reports.targets': '季度报告年度目标: confirm the number the seed leaves open (满意度), with its basis (versioned, audited)',
  'consultations.read': '咨询工作台 (an advisor: only those handed to them)',
  'consultations.work': '咨询答复、转交顾问、接手',
  'consultations.advise': '顾问答复、保险方案、投保协助',
  'consultations.convert': '咨询转投诉 (audited)',
  'consultations.unmask': '咨询会员信息完整查看, with a reason',
  'benefits.read': '会员权益: 权益目录、等级规则、调整与告知名单、预约日历 (masked names)',
  'benefits.manage': '会员权益: 新增/调整权益 (scheduled, with notice), 预约时段与名额',
  'benefits.checkIn': '权益核销 (by code; partners see masked names only)',
  'claims.read': '理赔工作台, 理赔详情 (every view of a health document audited)',
  'claims.handle': '理赔: 补充材料通知、审核、核定/拒赔、登记电话确认与付款、转投诉',
  'claims.approve': '理赔: 审批超出理赔员权限的赔付金额',
  'dashboard.read': '经营看板: figures by period and filter, drill to the records (masked)',
  'incidents.read': '信息安全事件: list, detail with masked evidence, counts per quarter',
  'incidents.handle': '信息安全事件: record by hand, handling notes, close with a conclusion',
  'education.read': '权益宣传: 文章、宣传档案、阅读与覆盖率、推送名单 (masked names)',
  'education.manage': '权益宣传: 编辑/发布/撤回文章、上传图片、推送公告、宣传活动',
  'ledger.own': '整改台账: the items one owns (progress, evidence, submit for verification)',
  'ledger.read': '整改台账: inspections, findings, items (linked cases by number only); owners update their own items',
  'ledger.manage': '整改台账: enter inspections, findings and items; reassign, change deadlines',
  'ledger.verify': '整改台账: verify or return an item (never one they own)',
  'earlyWarning.read': '风险预警 (weekly alerts, masked evidence)',
  'earlyWarning.handle': '风险预警: 排除 (with a reason), 转入整改台账',
  'consultations.logCall': '咨询: log a call with the member (time, duration, summary, recording reference)',
  'quality.inspect': '服务质检: draw samples (never their own cases) and score them',
  'quality.read': '服务质检: every sample, score and summary; read a sampled case, masked (audited)',
  'quality.appeal': '服务质检: read their own scores and appeal once within the window',
  'quality.decideAppeal': '服务质检: uphold or change an appealed score (never their own or one they scored)',
  'quality.scorecards': '服务质检: edit the scorecards (weights summing to 100, fatal errors, pass mark)',
};

/** Roles in rank order (partners first), the table's columns. */
export const rolesByRank = (): StaffRole[] => (Object.keys(ROLE_RANK) as StaffRole[]).sort((a, b) => ROLE_RANK[a] - ROLE_RANK[b]);

/** The README's role table: one row per permission, one column per role, ✓ where the role holds it. */
export const roleTableMarkdown = (): string => {
  const roles = rolesByRank();
  const head = `| Permission | ${roles.map((r) => `${ROLE_LABELS[r]} \`${r}\``).join(' | ')} |`;
  const rule = `| --- | ${roles.map(() => ':-:').join(' | ')} |`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map((p) => {
    const holders = PERMISSIONS[p] as readonly StaffRole[];
    return `| \`${p}\` ${PERMISSION_WORDS[p] ?? ''} | ${roles.map((r) => (holders.includes(r) ? '✓' : '')).join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
};
