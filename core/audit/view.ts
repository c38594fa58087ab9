import { ROLE_LABELS } from '../staff/model';
import { endOfLocalDay, formatShanghai, localDateOf, SHANGHAI_OFFSET_MS, startOfLocalDay } from '../shared/shanghaiTime';
import { actionGroupOf, type AuditEntry, type AuditLog } from './chain';
import { STAFF_ACTIVITY } from './reads';

/**
 * The audit log as a compliance officer reads it: Shanghai time, Chinese action names, who by name,
 * and the subject by its number (投诉编号, 请求编号) rather than a record id. Pure apart from
 * `scanAudit`, which reads the log a batch at a time.
 */

/** Every action code the product writes (grep `action:` and `auditOf(` under core/ and adapters/). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  // Complaints (core/complaints/staffUseCases.ts: `complaint.${write name}`; staffAttachments.ts)
  'complaint.log': '登记来电/来信投诉',
  'complaint.search': '查询投诉',
  'complaint.read': '查看投诉',
  'complaint.viewPersonalData': '查看会员个人信息',
  'complaint.unmaskText': '查看投诉原文（未遮盖）',
  'complaint.viewAttachment': '查看投诉附件',
  'complaint.takeOver': '接手投诉',
  'complaint.acknowledge': '受理投诉',
  'complaint.reply': '回复会员',
  'complaint.note': '添加内部备注',
  'complaint.logCall': '登记通话',
  'complaint.requestInformation': '请会员补充材料',
  'complaint.recordMemberContact': '记录会员补充信息',
  'complaint.assign': '分派投诉',
  'complaint.grade': '确认投诉等级',
  'complaint.escalate': '升级至主管',
  'complaint.extend': '延长处理时限',
  'complaint.restartRegulatory': '重新起算监管时限',
  'complaint.startAppraisal': '开始鉴定（暂停计时）',
  'complaint.endAppraisal': '结束鉴定（恢复计时）',
  'complaint.resolve': '出具处理结果',
  'complaint.close': '办结投诉',
  'complaint.startReview': '发起复核',
  'complaint.merge': '合并重复投诉',
  'complaint.mergedInto': '被合并为重复投诉',
  // Deadlines and the calendar
  'deadlines.releaseHold': '解除时限定时任务暂停',
  'calendar.import': '导入节假日安排',
  // Members and the policy register (core/members/*, adapters/*/memberStores.ts)
  'member.bind': '会员绑定保单',
  'member.search': '查询会员',
  'member.read': '查看会员资料',
  'member.unmask': '查看会员完整信息',
  'member.bind.failed': '保单绑定失败',
  'member.unbind.assisted': '协助解除绑定',
  'member.unbindAll': '解除会员全部绑定',
  'policy.import': '导入保单名册',
  'policy.importJob.create': '创建保单导入任务',
  'policy.importJob.validate': '校验保单导入文件',
  'policy.importJob.confirm': '确认保单导入',
  'policy.importJob.abandon': '放弃保单导入',
  'policy.importJob.finish': '保单导入完成',
  'policy.importJob.fail': '保单导入失败',
  'pii.rekey.started': '开始个人信息密钥轮换',
  'pii.rekey.finished': '完成个人信息密钥轮换',
  // Privacy (core/privacy/*: `privacy.${action}`)
  'privacy.consent.general.given': '同意个人信息处理规则',
  'privacy.consent.general.declined': '不同意个人信息处理规则',
  'privacy.consent.general.withdrawn': '撤回个人信息处理同意',
  'privacy.consent.sensitive.given': '单独同意处理敏感个人信息',
  'privacy.consent.sensitive.withdrawn': '撤回敏感个人信息单独同意',
  'privacy.consent.withdrawnAll': '撤回全部同意',
  'privacy.request.correction': '提交更正申请',
  'privacy.request.deletion': '提交删除申请',
  'privacy.request.closeAccount': '申请注销账户',
  'privacy.export': '导出本人数据',
  'privacy.view': '查看个人信息请求',
  'privacy.complete': '办结删除请求',
  'privacy.recordCorrection': '办结更正请求',
  'privacy.refuse': '拒绝个人信息请求',
  // Staff accounts and sign-in (core/staff/*)
  'staff.login': '登录',
  'staff.login.failed': '登录失败',
  'staff.denied': '操作被拒绝（无权限）',
  'staff.logout': '退出登录',
  'staff.add': '新增员工账号',
  'staff.disable': '停用员工账号',
  'staff.enable': '启用员工账号',
  'staff.resetTotp': '重置动态口令',
  'staff.reissueEnrolment': '重新发放开通链接',
  'staff.enrol.opened': '打开账号开通页',
  'staff.enrolled': '完成账号开通',
  // 信息安全事件 (core/incidents)
  'quality.sample.draw': '抽取质检样本',
  'quality.score': '质检评分',
  'quality.appeal': '提出质检申诉',
  'quality.appeal.decide': '处理质检申诉',
  'quality.scorecard.save': '修改质检评分表',
  'quality.caseRead': '质检查看案件',
  'incident.detect': '系统识别安全事件',
  'incident.record': '登记安全事件',
  'incident.note': '添加安全事件处理记录',
  'incident.close': '关闭安全事件',
  // The audit log itself
  'audit.verify': '校验审计日志完整性',
  'audit.export': '导出审计日志',
  'audit.migrate': '审计日志迁移',
  // Reports
  'reports.satisfaction.export': '导出满意度与时限统计',
  // Claims (理赔)
  'claim.read': '查看理赔',
  'claim.search': '搜索理赔',
  'claim.documentViewed': '查看理赔材料',
  'claim.healthDocumentViewed': '查看理赔健康/银行材料',
  'claim.unmaskText': '查看理赔文字中的个人信息',
  'claim.requestDocuments': '发出补充材料通知',
  'claim.waiveItem': '免除材料',
  'claim.recordAssessment': '记录理赔审核',
  'claim.decide': '作出理赔决定',
  'claim.approve': '审批理赔金额',
  'claim.recordAcceptance': '记录会员电话确认',
  'claim.recordPayment': '记录赔款支付',
  'claim.logCall': '登记通话',
  'claim.convertToComplaint': '理赔争议转投诉',
  'complaint.convertedFromClaim': '由理赔争议生成投诉',
  // Consultations (咨询)
  'consultation.read': '查看咨询',
  'consultation.search': '搜索咨询',
  'consultation.memberProfile': '查看咨询会员资料',
  'consultation.unmaskMember': '查看咨询会员完整信息',
  'consultation.unmaskText': '查看咨询文字中的个人信息',
  'consultation.viewAttachment': '查看咨询图片',
  'consultation.reply': '回复咨询',
  'consultation.logCall': '登记通话',
  'consultation.handToAdvisor': '转交顾问',
  'consultation.takeOver': '接手咨询',
  'consultation.advisorReply': '顾问回复',
  'consultation.proposePlan': '提出保险方案',
  'consultation.recordEnrollmentHelp': '记录投保协助',
  'consultation.convertToComplaint': '咨询转投诉',
  'complaint.convertedFromConsultation': '由咨询生成投诉',
  // Benefits (权益)
  'benefits.create': '新增权益',
  'benefits.update': '修改权益',
  'benefits.change.schedule': '安排权益变更',
  'benefits.change.cancel': '撤销权益变更',
  'benefits.slot.add': '新增预约时段',
  'benefits.slot.capacity': '调整时段名额',
  'benefits.checkIn': '核销预约',
  'benefits.demoSeed': '写入演示数据',
};

/** The Chinese name of an action; an unknown code is shown as itself. */
export const actionLabel = (code: string): string => AUDIT_ACTION_LABELS[code] ?? code;

/** Groups for the page's action filter (prefix match). */
export const AUDIT_ACTION_GROUPS: { value: string; label: string }[] = [
  { value: 'complaint', label: '投诉处理' },
  { value: 'member', label: '会员' },
  { value: 'policy', label: '保单名册' },
  { value: 'privacy', label: '个人信息' },
  { value: 'staff', label: '员工账号与登录' },
  { value: 'calendar', label: '节假日' },
  { value: 'deadlines', label: '时限' },
  { value: 'pii', label: '密钥' },
  { value: 'audit', label: '审计日志' },
  { value: 'claim', label: '理赔' },
  { value: 'consultation', label: '咨询' },
  { value: 'benefits', label: '会员权益' },
  { value: 'reports', label: '报表导出' },
  { value: 'incident', label: '安全事件' },
  { value: 'quality', label: '服务质检' },
];

const OTHER_ROLES: Record<string, string> = { member: '会员', anonymous: '未登录用户', system: '系统', cli: '命令行', timer: '定时任务' };
export const roleLabel = (role: string): string => (ROLE_LABELS as Record<string, string>)[role] ?? OTHER_ROLES[role] ?? role;

/** An identifier shown without giving it away: demo****-bob. */
export const maskId = (id: string): string => (id.length <= 8 ? `${id.slice(0, 2)}***` : `${id.slice(0, 4)}****${id.slice(-4)}`);

export interface StaffName {
  id: string;
  username: string;
  displayName: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export const actorLabel = (e: Pick<AuditEntry, 'actorId' | 'actorRole'>, staff: ReadonlyMap<string, StaffName>): string => {
  const s = staff.get(e.actorId);
  if (s) return s.displayName;
  if (e.actorRole === 'member') return `会员 ${maskId(e.actorId)}`;
  if (e.actorRole === 'anonymous') return '未知用户';
  if (e.actorId === 'system-timer') return '定时任务';
  if (e.actorRole === 'system') return '系统';
  return e.actorId;
};

export const subjectLabel = (e: Pick<AuditEntry, 'subjectType' | 'subjectId' | 'detail'>, staff: ReadonlyMap<string, StaffName>): string => {
  const d = e.detail ?? {};
  const number = str(d.number);
  switch (e.subjectType) {
    case 'complaint':
      return number ? `投诉 ${number}` : `投诉（编号未记录 ${maskId(e.subjectId)}）`;
    case 'privacyRequest':
      return number ? `个人信息请求 ${number}` : `个人信息请求（${maskId(e.subjectId)}）`;
    case 'member':
      return `会员 ${maskId(e.subjectId)}`;
    case 'policy':
    case 'policyHolder':
      return `保单 ${maskId(e.subjectId)}`;
    case 'staff': {
      const s = staff.get(e.subjectId);
      const username = s?.username ?? str(d.username);
      return s ? `员工 ${s.displayName}（${s.username}）` : `员工 ${username ?? e.subjectId}`;
    }
    case 'staffSignIn':
      return `登录账号 ${str(d.username) ?? '（未知）'}`;
    case STAFF_ACTIVITY:
      return `${staff.get(e.subjectId)?.displayName ?? e.subjectId} 的查询`;
    case 'policyImportJob':
      return `保单导入任务 ${str(d.fileName) ?? maskId(e.subjectId)}`;
    case 'policyBatch':
      return `保单导入批次 ${maskId(e.subjectId)}`;
    case 'calendar':
      return `${e.subjectId}年节假日安排`;
    case 'deadlineTimer':
      return '时限定时任务';
    case 'audit':
      return '审计日志';
    case 'pii-key':
      return `个人信息密钥 ${e.subjectId}`;
    case 'claim':
      return number ? `理赔 ${number}` : `理赔草稿（${maskId(e.subjectId)}）`;
    case 'consultation':
      return number ? `咨询 ${number}` : `咨询（${maskId(e.subjectId)}）`;
    case 'benefit':
      return `权益 ${str(d.name) ?? e.subjectId}`;
    case 'benefitChange':
      return `权益变更（${str(d.benefitId) ?? maskId(e.subjectId)}）`;
    case 'benefitSlot':
      return `预约时段 ${e.subjectId}`;
    case 'benefitBooking':
      return number ? `预约 ${number}` : `预约（${maskId(e.subjectId)}）`;
    default:
      return `${e.subjectType}:${e.subjectId}`;
  }
};

const DETAIL_LABELS: Record<string, string> = {
  reason: '原因',
  field: '信息项',
  fieldLabel: '信息项',
  text: '内容',
  note: '备注',
  kind: '类型',
  query: '查询',
  results: '结果数',
  channel: '渠道',
  grade: '等级',
  urgent: '紧急',
  toDays: '延长至天数',
  owner: '负责人',
  into: '并入',
  cause: '原因类别',
  causeLabel: '原因类别',
  policyNo: '保单号',
  policyNos: '保单号',
  fileName: '文件',
  rows: '行数',
  valid: '有效行',
  status: '状态',
  error: '错误',
  username: '账号',
  role: '角色',
  ok: '结果',
  entries: '记录数',
  filter: '筛选条件',
  truncated: '已截断',
  noticeVersion: '规则版本',
  skipped: '跳过',
  full: '全量',
  inserted: '新增',
  updated: '更新',
  lapsed: '失效',
  rejectedRows: '错误行',
  size: '大小',
  batchId: '批次',
  from: '来自',
  kinds: '同意类型',
  because: '起因',
  to: '调整为',
  capacity: '名额',
  benefitId: '权益',
  name: '名称',
  basis: '依据',
  outsideContract: '合同外权益',
  partner: '合作机构',
  place: '地点',
  summary: '摘要',
  effectiveAt: '生效时间',
  unfavourable: '不利变更',
  outcome: '结论',
  items: '材料',
  item: '材料项',
  paidOn: '付款日期',
  reference: '流水号',
  reasons: '理由',
  evidence: '凭证',
  complaintNumber: '投诉编号',
  receivedAt: '收到时间',
  advisorId: '顾问',
  stage: '阶段',
  topic: '类型',
  purpose: '用途',
};

/** Coded values a reader meets in the detail line, in words. */
const VALUE_LABELS: Record<string, string> = {
  pay: '赔付',
  refuse: '拒赔',
  final: '最终赔付',
  advance: '预付',
  open: '查看原图',
  thumbnail: '缩略图',
  phone: '手机号',
  idNumber: '身份证号',
  name: '姓名',
  password: '密码错误',
  totp: '动态码错误',
  totpReplay: '动态码重复使用',
};
/** Amounts (integer 分), shown in yuan by valueText. */
const FEN_LABELS: Record<string, string> = { amountFen: '金额', claimedFen: '申请金额', premiumMinFen: '保费下限', premiumMaxFen: '保费上限' };
/** Shown elsewhere (对象, 来源地址) or not meaningful to a reader. */
const DETAIL_SKIP = new Set(['number', 'source', 'memberId', 'challengeId', 'problems', 'fields', 'keys', 'expiresAt', 'fileId', 'entryId', 'version']);

const valueText = (v: unknown, key = ''): string => {
  if (v === null || v === undefined) return '—';
  // Money is kept in integer 分: a reader reads yuan.
  if (typeof v === 'number' && key.endsWith('Fen')) return `${(v / 100).toFixed(2)}元`;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return VALUE_LABELS[v] ?? v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => valueText(x)).join('、');
  return JSON.stringify(v);
};

/** One line of the entry's detail: the fields a reader needs, at most 200 characters. */
export const detailSummary = (detail: Record<string, unknown> | undefined): string => {
  const text = Object.entries(detail ?? {})
    .filter(([k, v]) => !DETAIL_SKIP.has(k) && v !== undefined)
    .map(([k, v]) => `${DETAIL_LABELS[k] ?? FEN_LABELS[k] ?? k}：${valueText(v, k)}`)
    .join('；');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

export interface AuditEntryView {
  id: string;
  chainId: string;
  seq: number;
  at: string;
  /** "2026-11-26 02:45:52" in Shanghai. */
  atText: string;
  action: string;
  actionLabel: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  roleLabel: string;
  subjectType: string;
  subjectId: string;
  subjectLabel: string;
  summary: string;
  source: string;
}

/** Shanghai wall-clock time to the second. */
export const shanghaiSeconds = (iso: string): string => `${formatShanghai(new Date(iso))}:${new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(17, 19)}`;

export const viewOf = (e: AuditEntry, staff: ReadonlyMap<string, StaffName>): AuditEntryView => ({
  id: e.id,
  chainId: e.chainId,
  seq: e.seq,
  at: e.at,
  atText: shanghaiSeconds(e.at),
  action: e.action,
  actionLabel: actionLabel(e.action),
  actorId: e.actorId,
  actorName: actorLabel(e, staff),
  actorRole: e.actorRole,
  roleLabel: roleLabel(e.actorRole),
  subjectType: e.subjectType,
  subjectId: e.subjectId,
  subjectLabel: subjectLabel(e, staff),
  summary: detailSummary(e.detail),
  source: str(e.detail?.source) ?? '',
});

export interface AuditFilter {
  /** Exact code, or a prefix ending at a dot: `complaint` matches complaint.reply and complaint.read. */
  action?: string;
  /** A staff id, username or display name (or any other actor id). */
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  /** 投诉编号: entries about that complaint. */
  complaintNumber?: string;
  /** Shanghai dates, both inclusive. */
  from?: string;
  to?: string;
}

export const actionMatches = (filter: string, action: string): boolean => {
  const f = filter.endsWith('.') ? filter.slice(0, -1) : filter;
  return action === f || action.startsWith(`${f}.`);
};

/**
 * The actor ids a filter's `actor` names: the staff accounts with that id, username or display name, else
 * the text itself as an id (member, cli:…, system). Usually one id, which the log reads by its index in
 * time order; several (two staff of one name) are merged by a sort.
 */
const actorIdsOf = (actor: string, staff: ReadonlyMap<string, StaffName>): string[] => {
  const ids = [...staff.values()].filter((s) => s.id === actor || s.username === actor || s.displayName === actor).map((s) => s.id);
  return ids.length ? [...new Set(ids)] : [actor];
};

/**
 * The whole filter as a test of one entry. The subject, the dates, the action's group and the actor are
 * also pushed into the log's own query (indexed), so a rare filter does not walk the log; this test then
 * only narrows within a group (`staff.login` within `staff`).
 */
export const entryMatcher = (f: AuditFilter, staff: ReadonlyMap<string, StaffName>) => {
  const actorIds = f.actor ? new Set(actorIdsOf(f.actor, staff)) : undefined;
  const fromAt = f.from ? startOfLocalDay(f.from).toISOString() : undefined;
  return (e: AuditEntry): boolean =>
    (!f.action || actionMatches(f.action, e.action)) &&
    (!actorIds || actorIds.has(e.actorId)) &&
    (!f.complaintNumber || (e.subjectType === 'complaint' && e.detail?.number === f.complaintNumber)) &&
    (!fromAt || e.at >= fromAt);
};

export interface AuditScan {
  entries: AuditEntry[];
  /** Where to go on from (the last entry read), when the scan stopped before the log's end or the date range's start. */
  next?: { at: string; id: string };
  /** Stopped at `max` matches (there may be more). */
  full: boolean;
}

/**
 * Newest first, keyset paged: reads the log in batches from `before` (or the end of `to`), keeps what
 * matches, and stops at `max` matches, at `budget` entries read, or at the start of `from`. The
 * cursor is the last entry read, so the next page neither skips nor repeats an entry.
 */
export const scanAudit = async (
  log: AuditLog,
  f: AuditFilter,
  staff: ReadonlyMap<string, StaffName>,
  opts: { max: number; budget: number; before?: { at: string; id: string } },
): Promise<AuditScan> => {
  const matches = entryMatcher(f, staff);
  const fromAt = f.from ? startOfLocalDay(f.from).toISOString() : undefined;
  const toAt = f.to ? endOfLocalDay(f.to).toISOString() : undefined;
  let before = opts.before;
  if (toAt && (!before || before.at >= toAt)) before = { at: toAt, id: '' };
  const subjectType = f.subjectType ?? (f.complaintNumber ? 'complaint' : undefined);
  const entries: AuditEntry[] = [];
  let read = 0;
  for (;;) {
    const batchSize = Math.min(500, Math.max(50, opts.budget - read));
    const batch = await log.list({
      limit: batchSize,
      ...(f.subjectId ? { subjectId: f.subjectId } : {}),
      ...(subjectType ? { subjectType } : {}),
      ...(before ? { before } : {}),
      ...(f.action ? { actionGroup: actionGroupOf(f.action.replace(/\.$/, '')) } : {}),
      ...(f.actor ? { actorIds: actorIdsOf(f.actor, staff) } : {}),
    });
    for (const e of batch) {
      if (fromAt && e.at < fromAt) return { entries, full: false };
      read += 1;
      before = { at: e.at, id: e.id };
      if (matches(e)) entries.push(e);
      if (entries.length >= opts.max) return { entries, next: before, full: true };
      if (read >= opts.budget) return { entries, next: before, full: false };
    }
    if (batch.length < batchSize) return { entries, full: false };
  }
};

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export const isLocalDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const start = startOfLocalDay(s);
  return !Number.isNaN(start.getTime()) && localDateOf(start) === s;
};

export const CSV_COLUMNS = ['时间', '操作', '操作人', '角色', '对象', '详情摘要', '来源地址'] as const;

/** A cell quoted for CSV; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
export const csvCell = (s: string): string => {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** UTF-8 with a BOM (Excel then reads the Chinese correctly), CRLF line ends. */
export const auditCsv = (views: AuditEntryView[]): string =>
  '\uFEFF' +
  [CSV_COLUMNS.join(','), ...views.map((v) => [v.atText, v.actionLabel, v.actorName, v.roleLabel, v.subjectLabel, v.summary, v.source].map(csvCell).join(','))].join('\r\n') +
  '\r\n';
