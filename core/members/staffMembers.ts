import * as z from 'zod/mini';
import type {
  MaskedField,
  MemberHit,
  MemberRecordGroup,
  MemberRecordItem,
  MemberSearchResult,
  PolicyBrief,
  RegisterImportJobList,
  RegisterImportJobView,
  SmsSandboxView,
  StaffMemberPage,
  StaffPolicyView,
  UnmaskedField,
} from '../../typings/staffMembers';
import type { AuditLog } from '../audit/chain';
import { readAudit, searchAudit } from '../audit/reads';
import { maskPhone } from '../shared/masking';
import { maskPersonalText } from '../shared/personalText';
import { maskName } from './identityNumbers';
import { STAFF_STATUS_LABELS } from '../complaints/labels';
import { CHANNELS, COMPLAINT_CATEGORIES, type Complaint } from '../complaints/model';
import type { ComplaintStore } from '../complaints/ports';
import { commonErrors, DomainError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import { formatShanghai } from '../shared/shanghaiTime';
import { parseInput, plainText } from '../shared/validation';
import { defineStaffAction } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import type { SecretBox } from '../staff/ports';
import { visitor } from './binding';
import type { MemberDirectory } from './directory';
import { PHONE } from './identityNumbers';
import {
  abandonImportJob,
  confirmImportJob,
  createImportJob,
  IMPORT_CHUNK_MAX_BYTES,
  IMPORT_JOB_MAX_BYTES,
  IMPORT_JOB_MAX_CHUNKS,
  IMPORT_JOB_STATUSES,
  IMPORT_PHASES,
  putImportChunk,
  validateImportJob,
  type ImportJob,
  type ImportJobDeps,
  type ImportJobStore,
} from './importJobs';
import { POLICY_STATUSES, RELATIONS, TIERS, type Member, type Policy, type SealedField } from './model';
import type { MemberStore, PolicyStore } from './ports';
import { tierFor } from './tiers';

/** What the local sandbox SMS sender recorded instead of sending (adapters/sms/sandboxSms.ts). */
export interface SmsSandboxEntry {
  id: string;
  phoneMasked: string;
  text: string;
  sentAt: string;
}

/** Who a member page is about, as the record sources look them up. */
export interface RecordOwner {
  memberId?: string;
  phoneIndex?: string;
  policyNos: string[];
}

/**
 * One area's records on the member page. Each area that keeps records about members registers one
 * (complaints, privacy requests …), so the page shows every record of every area.
 */
export interface MemberRecordSource {
  area: string;
  areaLabel: string;
  recordsOf(who: RecordOwner): Promise<MemberRecordItem[]>;
}

export interface StaffMemberDeps {
  directory: MemberDirectory;
  /** Every area's records about a person (the registration list is where deps are built). */
  recordSources: readonly MemberRecordSource[];
  box: SecretBox;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** The register's writers (assisted unbind, the import jobs); absent where those stores are not deployed yet. */
  register?: { members: MemberStore; policies: PolicyStore; jobs: ImportJobStore; hash: (text: string) => string };
  /** Local only: in the cloud codes go out through Tencent Cloud SMS and nothing is kept. */
  smsSandbox?: { list(limit: number): SmsSandboxEntry[] | Promise<SmsSandboxEntry[]> };
}

const SEARCH_LIMIT = 20;
const RECORD_LIMIT = 50;

export const staffMemberErrors = {
  memberNotFound: (id: string) => new DomainError('MEMBER.NOT_FOUND', '未找到该会员', `member ${id.slice(0, 64)} not found`),
  policyNotFound: (no: string) => new DomainError('POLICY.NOT_FOUND', '未找到该保单', `policy ${no} not found`),
  policyNotBound: () => new DomainError('MEMBER.POLICY_NOT_BOUND', '该保单未绑定在此会员名下', 'policy not bound to this member'),
  fieldEmpty: (field: MaskedField) => new DomainError('MEMBER.FIELD_EMPTY', '该会员没有此项信息（访客尚未绑定保单）', `member has no ${field}`),
  registerUnavailable: () =>
    new DomainError('MEMBER.REGISTER_UNAVAILABLE', '此环境暂不支持该操作（会员与保单存储尚未部署）', 'member and policy stores are not wired in this deployment'),
};

const LABELS = {
  by: '查询方式',
  q: '查询内容',
  memberId: '会员标识',
  policyNo: '保单号',
  field: '信息项',
  reason: '原因',
  version: '版本',
  cause: '解绑原因类型',
  full: '全量导入',
  validRowsOnly: '只导入正确的行',
  jobId: '导入任务',
  fileName: '文件名',
  size: '文件大小',
  sha256: '文件校验值',
  index: '分片序号',
  total: '分片总数',
  text: '分片内容',
};

const KIND_LABELS = { bound: '已绑定会员', visitor: '访客', unbound: '未绑定（仅在保单登记簿中）' } as const;
const FIELD_LABELS: Record<MaskedField, string> = { name: '姓名', phone: '手机号', idNumber: '身份证号' };
export const REBIND_CAUSES = { phoneChanged: '更换手机号', accountLost: '微信账号丢失或更换', other: '其他' } as const;

const memberIdSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/));
const policyNoSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(32), z.regex(/^[A-Za-z0-9-]+$/));
const reasonSchema = plainText(4, 200);

/** Each lookup key has its own format, checked after the type is known so the message names it. */
const QUERY_SCHEMAS = {
  policyNo: z.pipe(z.string().check(z.regex(/^[A-Za-z0-9-]{3,32}$/)), z.transform((s: string) => s.toUpperCase())),
  phone: z.string().check(z.regex(PHONE)),
  name: z.string().check(z.minLength(2), z.maxLength(30), z.regex(/^[\u3400-\u9fffA-Za-z·• ]+$/)),
} as const;
const QUERY_LABELS = { policyNo: '保单号（至少3位）', phone: '手机号（11位）', name: '姓名（完整姓名）' } as const;

const searchSchema = z.strictObject({ by: z.enum(['policyNo', 'phone', 'name']), q: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)) });
const subjectSchema = z.strictObject({ memberId: z.optional(memberIdSchema), policyNo: z.optional(policyNoSchema) });
const unmaskSchema = z.extend(subjectSchema, { field: z.enum(['name', 'phone', 'idNumber']), reason: reasonSchema });
const unbindSchema = z.strictObject({
  memberId: memberIdSchema,
  version: z.int().check(z.gte(1)),
  policyNo: policyNoSchema,
  cause: z.enum(['phoneChanged', 'accountLost', 'other']),
  reason: reasonSchema,
});
const jobIdSchema = z.string().check(z.trim(), z.regex(/^IJ[0-9a-zA-Z]{1,32}$/));
const createJobSchema = z.strictObject({
  fileName: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  size: z.int().check(z.gte(1)),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-fA-F]{64}$/))),
  full: z._default(z.boolean(), false),
  validRowsOnly: z._default(z.boolean(), false),
});
const chunkSchema = z.strictObject({
  jobId: jobIdSchema,
  index: z.int().check(z.gte(0)),
  total: z.int().check(z.gte(1), z.lte(IMPORT_JOB_MAX_CHUNKS)),
  // Characters here; the 64 KB (UTF-8) limit is checked by the use case, with its own message.
  text: z.string().check(z.minLength(1), z.maxLength(IMPORT_CHUNK_MAX_BYTES)),
});
const jobSchema = z.strictObject({ jobId: jobIdSchema });
const confirmJobSchema = z.strictObject({ jobId: jobIdSchema, version: z.int().check(z.gte(1)), validRowsOnly: z._default(z.boolean(), false) });

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;
const unique = <T>(xs: T[]) => [...new Set(xs)];

const binding = (p: Policy, memberId?: string): PolicyBrief['binding'] => (!p.boundTo ? 'none' : p.boundTo === memberId ? 'this' : 'other');
const brief = (p: Policy, memberId?: string): PolicyBrief => ({
  policyNo: p.policyNo,
  productName: p.productName,
  status: p.status,
  statusLabel: POLICY_STATUSES[p.status],
  binding: binding(p, memberId),
});

const policyView = (p: Policy, memberId?: string): StaffPolicyView => ({
  ...brief(p, memberId),
  productCode: p.productCode,
  effectiveDate: p.effectiveDate,
  expiryDate: p.expiryDate,
  premiumText: yuan(p.premiumFen),
  salesChannel: p.salesChannel,
  sellerId: p.sellerId,
  holderNameMasked: p.holder.name.masked,
  insured: p.insured.map((i) => ({ nameMasked: i.name.masked, relationLabel: RELATIONS[i.relation] })),
  coverages: p.coverages.map((c) => ({ name: c.name, sumInsuredText: yuan(c.sumInsuredFen) })),
});

/** One row per person: a member with the policies of theirs that matched, or a holder no one has bound. */
const hitsFor = async (deps: StaffMemberDeps, policies: Policy[]): Promise<MemberHit[]> => {
  // A holder's unbound policies belong on their member row when they bound another one (same ID number).
  const unboundHolders = unique(policies.flatMap((p) => (!p.boundTo && p.holder.idNumber.index ? [p.holder.idNumber.index] : [])));
  const siblings = await Promise.all(unboundHolders.map((idNumberIndex) => deps.directory.policiesByHolder({ idNumberIndex }, RECORD_LIMIT)));
  const members = await deps.directory.members(unique([...policies, ...siblings.flat()].flatMap((p) => (p.boundTo ? [p.boundTo] : []))));
  const byId = new Map(members.map((m) => [m.id, m]));
  const byIdNumber = new Map(members.flatMap((m) => (m.idNumber?.index ? [[m.idNumber.index, m] as const] : [])));
  const rows = new Map<string, { member?: Member; policies: Policy[] }>();
  for (const p of policies) {
    const member = (p.boundTo && byId.get(p.boundTo)) || byIdNumber.get(p.holder.idNumber.index ?? '');
    const key = member ? `m:${member.id}` : `h:${p.holder.idNumber.index ?? p.policyNo}`;
    const row = rows.get(key) ?? { member, policies: [] };
    row.policies.push(p);
    rows.set(key, row);
  }
  return [...rows.values()].map(({ member, policies: ps }) => {
    const holder = ps[0].holder;
    return {
      memberId: member?.id,
      policyNo: ps[0].policyNo,
      kind: member ? member.kind : 'unbound',
      kindLabel: KIND_LABELS[member ? member.kind : 'unbound'],
      nameMasked: member?.name?.masked ?? holder.name.masked,
      phoneMasked: member?.phone?.masked ?? holder.phone.masked,
      idNumberMasked: member?.idNumber?.masked ?? holder.idNumber.masked,
      tierLabel: member ? TIERS[member.tier] : undefined,
      policies: ps.map((p) => brief(p, member?.id)),
    };
  });
};

/** By policy number (exact or its beginning), phone or full name: the last two through blind indexes, never decrypting. */
export const searchMembers = defineStaffAction({
  permission: 'members.read',
  input: searchSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, { by, q }, request): Promise<MemberSearchResult> => {
    const value = parseInput(QUERY_SCHEMAS[by], q, { '': QUERY_LABELS[by] }) as string;
    const found =
      by === 'policyNo'
        ? await deps.directory.policiesByNumberPrefix(value, SEARCH_LIMIT + 1)
        : await deps.directory.policiesByHolder(by === 'phone' ? { phoneIndex: deps.box.blindIndex(value) } : { nameIndex: deps.box.blindIndex(value) }, SEARCH_LIMIT + 1);
    // Audited on the searcher's own chain, the query masked (core/audit/reads.ts).
    const query = by === 'phone' ? maskPhone(value) : by === 'name' ? maskName(value) : maskPersonalText(value).text;
    await deps.audit.append(searchAudit(who, 'member.search', { kind: by, query, results: Math.min(found.length, SEARCH_LIMIT) }, request));
    return { items: await hitsFor(deps, found.slice(0, SEARCH_LIMIT)), truncated: found.length > SEARCH_LIMIT };
  },
});

/** Complaints about a person: their own, ones logged from their phone, ones about their policies. */
export const complaintRecordSource = (store: ComplaintStore): MemberRecordSource => ({
  area: 'complaints',
  areaLabel: '投诉',
  recordsOf: async (who) => {
    const found = new Map<string, { c: Complaint; linkLabel: string }>();
    const add = (cs: Complaint[], linkLabel: string) => cs.forEach((c) => found.has(c.id) || found.set(c.id, { c, linkLabel }));
    if (who.memberId) add((await store.listByMember(who.memberId, { limit: RECORD_LIMIT })).items, '本人提交');
    if (who.phoneIndex) add(await store.search({ phoneIndex: who.phoneIndex }, RECORD_LIMIT), '联系电话相同');
    for (const no of who.policyNos.slice(0, 10)) add(await store.search({ policyNo: no }, RECORD_LIMIT), `涉及保单 ${no}`);
    return [...found.values()]
      .sort((a, b) => (a.c.receivedAt < b.c.receivedAt ? 1 : -1))
      .map(({ c, linkLabel }) => ({
        id: c.id,
        number: c.number,
        title: `${COMPLAINT_CATEGORIES[c.category]} · ${CHANNELS[c.channel]}`,
        summary: c.description.length > 40 ? `${c.description.slice(0, 40)}…` : c.description,
        statusLabel: STAFF_STATUS_LABELS[c.status],
        atText: formatShanghai(new Date(c.receivedAt)),
        linkLabel,
      }));
  },
});

/** A person's records in every registered area, in the order the areas were registered. */
const recordsOf = async (deps: StaffMemberDeps, who: RecordOwner): Promise<MemberRecordGroup[]> =>
  Promise.all(deps.recordSources.map(async (s) => ({ area: s.area, areaLabel: s.areaLabel, items: await s.recordsOf(who) })));

const fieldsOf = (s: Partial<Record<MaskedField, SealedField>>): MaskedField[] => (['name', 'phone', 'idNumber'] as const).filter((f) => s[f]);

const memberPage = async (deps: StaffMemberDeps, member: Member): Promise<StaffMemberPage> => {
  const own = await deps.directory.policies(member.policyNos);
  const sameHolder = member.idNumber?.index ? await deps.directory.policiesByHolder({ idNumberIndex: member.idNumber.index }, RECORD_LIMIT) : [];
  const policies = [...new Map([...own, ...sameHolder].map((p) => [p.policyNo, p])).values()].sort((a, b) => a.policyNo.localeCompare(b.policyNo));
  return {
    memberId: member.id,
    kind: member.kind,
    kindLabel: KIND_LABELS[member.kind],
    nameMasked: member.name?.masked ?? '访客',
    phoneMasked: member.phone?.masked,
    idNumberMasked: member.idNumber?.masked,
    tierLabel: TIERS[member.tier],
    version: member.version,
    sinceText: formatShanghai(new Date(member.createdAt)).slice(0, 10),
    fields: fieldsOf(member),
    policies: policies.map((p) => policyView(p, member.id)),
    records: await recordsOf(deps, { memberId: member.id, phoneIndex: member.phone?.index, policyNos: policies.map((p) => p.policyNo) }),
  };
};

/** A holder in the register who has bound none of their policies: the page is opened by one of them. */
const holderPage = async (deps: StaffMemberDeps, policy: Policy): Promise<StaffMemberPage> => {
  const { holder } = policy;
  const policies = holder.idNumber.index ? await deps.directory.policiesByHolder({ idNumberIndex: holder.idNumber.index }, RECORD_LIMIT) : [policy];
  return {
    policyNo: policy.policyNo,
    kind: 'unbound',
    kindLabel: KIND_LABELS.unbound,
    nameMasked: holder.name.masked,
    phoneMasked: holder.phone.masked,
    idNumberMasked: holder.idNumber.masked,
    tierLabel: '—',
    fields: fieldsOf(holder),
    policies: policies.map((p) => policyView(p)),
    records: await recordsOf(deps, { phoneIndex: holder.phone.index, policyNos: policies.map((p) => p.policyNo) }),
  };
};

const oneSubject = (input: { memberId?: string; policyNo?: string }) => {
  if (Boolean(input.memberId) === Boolean(input.policyNo)) throw commonErrors.invalidInput([{ path: 'memberId', message: '请指定会员或保单号（二选一）' }]);
};

const memberOf = async (deps: StaffMemberDeps, id: string) => {
  const [member] = await deps.directory.members([id]);
  return member;
};

const existingMember = async (deps: StaffMemberDeps, id: string) => {
  const member = await memberOf(deps, id);
  if (!member) throw staffMemberErrors.memberNotFound(id);
  return member;
};

const policyOf = async (deps: StaffMemberDeps, no: string) => {
  const [policy] = await deps.directory.policies([no]);
  if (!policy) throw staffMemberErrors.policyNotFound(no);
  return policy;
};

const pageFor = async (deps: StaffMemberDeps, input: { memberId?: string; policyNo?: string }): Promise<StaffMemberPage> => {
  if (input.memberId) {
    const member = await memberOf(deps, input.memberId);
    if (member) return memberPage(deps, member);
    // A case logged by phone has no member record; its page is its records, if there are any.
    const records = await recordsOf(deps, { memberId: input.memberId, policyNos: [] });
    if (!records.some((g) => g.items.length)) throw staffMemberErrors.memberNotFound(input.memberId);
    return { memberId: input.memberId, kind: 'visitor', kindLabel: KIND_LABELS.visitor, nameMasked: '访客', tierLabel: TIERS.visitor, fields: [], policies: [], records };
  }
  const policy = await policyOf(deps, input.policyNo!.toUpperCase());
  // Whoever bound this policy, or another of this holder's, is the member this page is about.
  const binder = policy.boundTo ?? (await deps.directory.policiesByHolder({ idNumberIndex: policy.holder.idNumber.index ?? '' }, RECORD_LIMIT)).find((p) => p.boundTo)?.boundTo;
  const member = binder ? await memberOf(deps, binder) : undefined;
  return member ? memberPage(deps, member) : holderPage(deps, policy);
};

/** 会员主页: the person, masked; their policies with status, dates and coverages; their records in every area. */
export const memberPageAction = defineStaffAction({
  permission: 'members.read',
  input: subjectSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, input, request): Promise<StaffMemberPage> => {
    oneSubject(input);
    const page = await pageFor(deps, input);
    // One entry per read, on the member's own chain (a holder who has not bound: the policy's holder), before the page leaves.
    const subject = page.memberId ? { subjectType: 'member', subjectId: page.memberId } : { subjectType: 'policyHolder', subjectId: page.policyNo! };
    const asked = input.memberId ? { memberId: input.memberId } : { policyNo: input.policyNo!.toUpperCase() };
    await deps.audit.append(readAudit(who, 'member.read', subject, { ...asked, kind: page.kind }, request));
    return page;
  },
});

/**
 * One field of one person in full, for this view only: the reason and the field are audited before
 * the value leaves. A member by id, or a holder who has not bound by a policy of theirs.
 */
export const unmaskField = defineStaffAction({
  permission: 'members.unmask',
  input: unmaskSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, input): Promise<UnmaskedField> => {
    oneSubject(input);
    const sealed = input.memberId ? (await existingMember(deps, input.memberId))[input.field] : (await policyOf(deps, input.policyNo!.toUpperCase())).holder[input.field];
    if (!sealed) throw staffMemberErrors.fieldEmpty(input.field);
    await deps.audit.append({
      actorId: who.id,
      actorRole: who.role,
      action: 'member.unmask',
      subjectType: input.memberId ? 'member' : 'policyHolder',
      subjectId: input.memberId ?? input.policyNo!.toUpperCase(),
      detail: { field: input.field, fieldLabel: FIELD_LABELS[input.field], reason: input.reason },
    });
    return { field: input.field, value: deps.box.open(sealed.sealed) };
  },
});

const registerOf = (deps: StaffMemberDeps) => {
  if (!deps.register) throw staffMemberErrors.registerUnavailable();
  return deps.register;
};

/**
 * Staff-assisted rebinding (changed phone, lost WeChat account): the policy is released from this
 * WeChat identity so its holder can bind again with the register's phone. The member's version is
 * the one the staff member saw; the change and its audit entry (cause and reason) commit together.
 */
export const assistedUnbind = defineStaffAction({
  permission: 'members.rebind',
  input: unbindSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who: StaffPrincipal, input): Promise<StaffMemberPage> => {
    const register = registerOf(deps);
    const member = await register.members.get(input.memberId);
    if (!member) throw staffMemberErrors.memberNotFound(input.memberId);
    if (member.version !== input.version) throw commonErrors.versionConflict('MEMBER', member.id);
    const policy = await register.policies.get(input.policyNo.toUpperCase());
    if (!policy || policy.boundTo !== member.id || !member.policyNos.includes(policy.policyNo)) throw staffMemberErrors.policyNotBound();
    const at = deps.clock.now().toISOString();
    const rest = member.policyNos.filter((p) => p !== policy.policyNo);
    const tier = tierFor(await register.policies.listByNos(rest));
    // With no policy left the holder's details leave the record too: a visitor again, as after the member's own unbind.
    const next: Member = rest.length
      ? { ...member, policyNos: rest, tier, tierReviewedAt: tier === member.tier ? member.tierReviewedAt : at, version: member.version + 1, updatedAt: at }
      : { ...visitor(member.id, member.createdAt), version: member.version + 1, updatedAt: at };
    await register.members.saveBindings(next, member.version, [{ ...policy, boundTo: undefined, updatedAt: at }], {
      actorId: who.id,
      actorRole: who.role,
      action: 'member.unbind.assisted',
      subjectType: 'member',
      subjectId: member.id,
      detail: { policyNo: policy.policyNo, cause: input.cause, causeLabel: REBIND_CAUSES[input.cause], reason: input.reason },
    });
    return pageFor(deps, { memberId: member.id });
  },
});

/** What the import job use cases and the timer's runner need, from the admin deps. */
export const jobDeps = (deps: StaffMemberDeps): ImportJobDeps => {
  const { policies, jobs, hash } = registerOf(deps);
  return { policies, jobs, hash, box: deps.box, clock: deps.clock, ids: deps.ids };
};

const sizeText = (bytes: number) => (bytes < 1024 ? `${bytes} 字节` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** What the page shows of a job; the rejected rows only when asked for one job (not in the list). */
const jobView = (job: ImportJob, who: StaffPrincipal, withIssues: boolean): RegisterImportJobView => {
  const phase = job.status === 'applying' ? job.cursor?.phase : undefined;
  const valid = job.report?.valid ?? 0;
  const staged = job.cursor?.next ?? 0;
  // Staging is most of the work; the steps after it share the last tenth.
  const percent = job.status === 'done' ? 100 : phase === 'stage' ? Math.floor((90 * staged) / Math.max(1, valid)) : phase ? 90 + (phase === 'lapse' ? 2 : phase === 'commit' ? 5 : 8) : 0;
  return {
    jobId: job.id,
    fileName: job.fileName,
    sizeText: sizeText(job.size),
    status: job.status,
    statusLabel: IMPORT_JOB_STATUSES[job.status],
    full: job.full,
    validRowsOnly: job.validRowsOnly,
    version: job.version,
    mine: job.createdBy.id === who.id,
    createdByName: job.createdBy.name,
    createdAtText: formatShanghai(new Date(job.createdAt)),
    updatedAtText: formatShanghai(new Date(job.updatedAt)),
    upload: { received: job.parts.length, total: job.totalChunks ?? Math.max(1, Math.ceil(job.size / IMPORT_CHUNK_MAX_BYTES)), receivedBytes: job.receivedBytes, size: job.size },
    report: job.report && {
      rows: job.report.rows,
      valid: job.report.valid,
      rejectedRows: job.report.rejectedRows,
      issueCount: job.report.issueCount,
      fileError: job.report.fileError,
      issues: withIssues ? job.report.issues : [],
    },
    batchId: job.batchId,
    progress: job.status === 'applying' || job.status === 'done' ? { phaseLabel: phase ? IMPORT_PHASES[phase] : '完成', staged, total: valid, percent } : undefined,
    counts: job.counts,
    note: job.lastError,
    finishedAtText: job.finishedAt ? formatShanghai(new Date(job.finishedAt)) : undefined,
  };
};

/** 保单导入 ①: a job for one file; nothing is read yet. Files up to 20 MB. */
export const createRegisterImportJob = defineStaffAction({
  permission: 'members.import',
  input: createJobSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, input): Promise<RegisterImportJobView> => jobView(await createImportJob(jobDeps(deps), who, input), who, false),
});

/** ②: one chunk of at most 64 KB of text; resending an index with the same text changes nothing. */
export const putRegisterImportChunk = defineStaffAction({
  permission: 'members.import',
  input: chunkSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, input): Promise<RegisterImportJobView> => jobView(await putImportChunk(jobDeps(deps), who, input), who, false),
});

/** ③ 校验: the whole file checked; every rejected row, by line and field, kept on the job. Nothing is written to the register. */
export const validateRegisterImportJob = defineStaffAction({
  permission: 'members.import',
  input: jobSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, { jobId }): Promise<RegisterImportJobView> => jobView(await validateImportJob(jobDeps(deps), who, jobId), who, true),
});

/** ④ 确认导入 / 仅导入正确的行: the timer then applies the job in slices; the batch shows only when committed whole. */
export const confirmRegisterImportJob = defineStaffAction({
  permission: 'members.import',
  input: confirmJobSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, input): Promise<RegisterImportJobView> => jobView(await confirmImportJob(jobDeps(deps), who, input), who, false),
});

/** 放弃 a job not yet confirmed; its uploaded chunks are deleted. */
export const abandonRegisterImportJob = defineStaffAction({
  permission: 'members.import',
  input: jobSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, { jobId }): Promise<RegisterImportJobView> => jobView(await abandonImportJob(jobDeps(deps), who, jobId), who, false),
});

/** One job with its rejected rows (to resume watching it after a reload). */
export const registerImportJob = defineStaffAction({
  permission: 'members.import',
  input: jobSchema,
  labels: LABELS,
  run: async (deps: StaffMemberDeps, who, { jobId }): Promise<RegisterImportJobView> => {
    const job = await jobDeps(deps).jobs.get(jobId);
    if (!job) throw new DomainError('POLICY_IMPORT_JOB.NOT_FOUND', '未找到该导入任务', 'import job not found');
    return jobView(job, who, true);
  },
});

/** 导入任务: the 20 most recent jobs with their status and counts. */
export const registerImportJobs = defineStaffAction({
  permission: 'members.import',
  input: z.strictObject({}),
  run: async (deps: StaffMemberDeps, who): Promise<RegisterImportJobList> => ({
    items: (await jobDeps(deps).jobs.recent(20)).map((j) => jobView(j, who, false)),
    limits: { maxBytes: IMPORT_JOB_MAX_BYTES, chunkBytes: IMPORT_CHUNK_MAX_BYTES },
  }),
});

/** 短信沙箱: the codes the local sandbox sender recorded in place of SMS. The cloud keeps none. */
export const smsSandbox = defineStaffAction({
  permission: 'messages.sandbox',
  input: z.strictObject({}),
  run: async (deps: StaffMemberDeps): Promise<SmsSandboxView> => {
    if (!deps.smsSandbox) return { sandbox: false, items: [] };
    const items = await deps.smsSandbox.list(100);
    return { sandbox: true, items: items.map((s) => ({ id: s.id, phoneMasked: s.phoneMasked, text: s.text, sentAtText: formatShanghai(new Date(s.sentAt)) })) };
  },
});

export const staffMemberActions = {
  search: searchMembers,
  page: memberPageAction,
  unmask: unmaskField,
  unbind: assistedUnbind,
  importCreate: createRegisterImportJob,
  importChunk: putRegisterImportChunk,
  importValidate: validateRegisterImportJob,
  importConfirm: confirmRegisterImportJob,
  importAbandon: abandonRegisterImportJob,
  importJob: registerImportJob,
  importJobs: registerImportJobs,
  smsSandbox,
};
