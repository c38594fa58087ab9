import type { Complaint } from '../complaints/model';
import { COMPLAINT_CATEGORIES, STATUSES } from '../complaints/model';
import { MEMBER_TIMELINE_LABELS } from '../complaints/labels';
import { revealComplaintTexts } from '../complaints/personalTexts';
import { maskIdNumber } from '../members/identityNumbers';
import { POLICY_STATUSES, RELATIONS, TIERS, type Member, type Policy } from '../members/model';
import { formatShanghai } from '../shared/shanghaiTime';
import type { PrivacyDeps } from './deps';
import { CONSENT_KINDS, type ConsentEvent } from './model';
import { toMemberRequestView } from './views';

const COMPLAINT_PAGE = 100;
/** Enough for any member's history; the export is one reply within CloudBase's limits. */
const MAX_COMPLAINTS = 500;
const MAX_MESSAGES = 500;
const ACTIONS = { given: '同意', withdrawn: '撤回', declined: '不同意' } as const;

const yuan = (fen: number) => (fen / 100).toFixed(2);
const at = (iso: string) => formatShanghai(new Date(iso));

const listComplaints = async (deps: PrivacyDeps, memberId: string): Promise<Complaint[]> => {
  const out: Complaint[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.complaints.listByMember(memberId, { limit: COMPLAINT_PAGE, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < MAX_COMPLAINTS);
  return out;
};

const memberPart = (deps: PrivacyDeps, memberId: string, m: Member | null) => ({
  openid: memberId,
  kind: m?.kind ?? 'visitor',
  kindLabel: m?.kind === 'bound' ? '已绑定保单的会员' : '访客（未绑定保单）',
  name: m?.name ? deps.box.open(m.name.sealed) : undefined,
  phone: m?.phone ? deps.box.open(m.phone.sealed) : undefined,
  idNumber: m?.idNumber ? deps.box.open(m.idNumber.sealed) : undefined,
  tier: TIERS[m?.tier ?? 'visitor'],
  policyNos: m?.policyNos ?? [],
  createdAt: m ? at(m.createdAt) : undefined,
});

/** The policy as its holder may read it: their own details in full; other insured persons' ID numbers masked (their data, not the member's). */
const policyPart = (deps: PrivacyDeps, p: Policy) => ({
  policyNo: p.policyNo,
  productName: p.productName,
  status: POLICY_STATUSES[p.status],
  effectiveDate: p.effectiveDate,
  expiryDate: p.expiryDate,
  premiumYuan: yuan(p.premiumFen),
  salesChannel: p.salesChannel,
  holder: { name: deps.box.open(p.holder.name.sealed), phone: deps.box.open(p.holder.phone.sealed), idNumber: deps.box.open(p.holder.idNumber.sealed) },
  insured: p.insured.map((i) => {
    const idNumber = deps.box.open(i.idNumber.sealed);
    return { name: deps.box.open(i.name.sealed), relation: RELATIONS[i.relation], idNumber: i.relation === 'self' ? idNumber : maskIdNumber(idNumber) };
  }),
  coverages: p.coverages.map((c) => ({ name: c.name, sumInsuredYuan: yuan(c.sumInsuredFen) })),
});

/** What the member wrote and what we told them; internal notes, grading and staff ids never leave the server. */
const complaintPart = (deps: PrivacyDeps, stored: Complaint) => {
  // The member's own texts in full: phone, ID and card numbers are stored masked with the original sealed.
  const c = revealComplaintTexts(deps.box, stored);
  return {
  number: c.number,
  category: COMPLAINT_CATEGORIES[c.category],
  status: STATUSES[c.status],
  receivedAt: at(c.receivedAt),
  description: c.description,
  policyNo: c.policyNo,
  claimNo: c.claimNo,
  attachments: c.attachments.length,
  timeline: c.timeline.filter((e) => e.visibility === 'member').map((e) => ({ at: at(e.at), event: MEMBER_TIMELINE_LABELS[e.type], text: e.text })),
  ratings: c.ratings.map((r) => ({ score: r.score, comment: r.comment, at: at(r.at) })),
  };
};

const consentPart = (e: ConsentEvent) => ({ consent: CONSENT_KINDS[e.kind], action: ACTIONS[e.action], noticeVersion: e.noticeVersion, at: at(e.at) });

/**
 * Everything held about the member (PIPL art 45): the member record in full, their policies,
 * consents, complaints, messages and privacy requests, with the retention rule of each record type.
 * The same content feeds the readable 我的数据 view and the exported file.
 */
export const buildMemberData = async (deps: PrivacyDeps, memberId: string) => {
  const member = await deps.members.get(memberId);
  const [policies, consents, complaints, messages, requests] = await Promise.all([
    deps.policies.listByNos(member?.policyNos ?? []),
    deps.records.consentsOf(memberId),
    listComplaints(deps, memberId),
    deps.inbox.listMemberMessages(memberId, MAX_MESSAGES),
    deps.records.requestsOf(memberId, 100),
  ]);
  return {
    title: '我的数据（会员服务）',
    generatedAt: at(deps.clock.now().toISOString()),
    noticeVersion: deps.notice.version,
    member: memberPart(deps, memberId, member),
    policies: policies.filter((p) => p.boundTo === memberId).map((p) => policyPart(deps, p)),
    consents: consents.map(consentPart),
    complaints: complaints.map((c) => complaintPart(deps, c)),
    messages: messages.map((m) => ({ title: m.title, body: m.body, at: at(m.createdAt), read: Boolean(m.readAt) })),
    requests: requests.map(toMemberRequestView),
    retention: deps.retention.map((r) => ({
      recordType: r.recordType,
      label: r.label,
      onDeletion: r.onDeletion === 'erase' ? '申请删除后删除' : '依法保存（封存）',
      basis: r.basis,
      period: r.period,
      confirmed: r.confirmed,
    })),
  };
};

export type MemberData = Awaited<ReturnType<typeof buildMemberData>>;
