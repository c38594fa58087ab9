import type { MemberComplaintDeps } from '../../core/complaints/deps';
import { acknowledge, reply, requestInformation, resolve } from '../../core/complaints/lifecycle';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { mutate } from '../../core/complaints/persist';
import { REMEDIES } from '../../core/complaints/labels';
import type { Clock } from '../../core/shared/ports';
import { confirmBinding, startBinding } from '../../core/members/binding';
import type { MemberDeps } from '../../core/members/deps';
import { importPolicies } from '../../core/members/importPolicies';
import { answerPrivacyNotice } from '../../core/privacy/consent';
import type { PrivacyDeps } from '../../core/privacy/deps';
import type { BenefitDeps } from '../../core/benefits/deps';
import type { Benefit } from '../../core/benefits/model';
import { bookBenefit } from '../../core/benefits/memberUseCases';
import { isDomainError } from '../../core/shared/errors';
import type { MemberConsultationDeps } from '../../core/consultations/deps';
import { handToAdvisor, proposePlan, recordEnrollment, reply as consultationReply } from '../../core/consultations/lifecycle';
import { askQuestion } from '../../core/consultations/memberUseCases';
import { mutate as mutateConsultation } from '../../core/consultations/persist';
import { addLocalDays, localDateOf, startOfLocalDay, weekdayOf } from '../../core/shared/shanghaiTime';
import type { ClaimDeps, MemberClaimDeps } from '../../core/claims/deps';
import { decidePay as decideClaimPay, recordAssessment as recordClaimAssessment, requestDocuments as requestClaimDocuments } from '../../core/claims/lifecycle';
import { saveDraft as saveClaimDraft, submitClaim } from '../../core/claims/memberUseCases';
import { mutate as mutateClaim } from '../../core/claims/persist';

export const DEMO_MEMBERS = [
  { openid: 'demo-member-alice', name: '张晓敏' },
  { openid: 'demo-member-bob', name: '李建国' },
] as const;

/** The demo cases are worked by agent01 (王小丽, server/local/demoStaff.ts), so the queue and timeline name a real login. */
const demoAgent = { kind: 'staff' as const, id: 'staff-agent-01', role: 'agent' as const, name: '王小丽' };

/**
 * Seeds a few complaints in different states, through the real use cases, at instants in the past,
 * so a fresh demo opens on a sensible mix: one resolved awaiting the member's rating, one waiting for
 * the member's information, two fresh cases inside their deadlines, and one urgent case near its
 * 受理 deadline. None is overdue or escalated when the demo starts.
 */
export const seedDemoData = async (deps: MemberComplaintDeps): Promise<boolean> => {
  const existing = await deps.store.listByMember(DEMO_MEMBERS[0].openid, { limit: 1 });
  if (existing.items.length) return false;
  const realNow = deps.clock.now().getTime();
  let offset = 0;
  const clock: Clock = { now: () => new Date(realNow - offset) };
  const at = { ...deps, clock };
  const daysAgo = (d: number) => {
    offset = d * 24 * 3600_000;
  };

  daysAgo(9);
  const resolved = await submitComplaint(at, DEMO_MEMBERS[0].openid, {
    idempotencyKey: 'demo-seed-alice-0001',
    category: 'claims',
    description: '住院医疗理赔已提交材料三周，至今没有结果，客服电话也一直打不通。',
    policyNo: 'P2026000123',
    amountAtStake: 18600,
  });
  daysAgo(8.8);
  await mutate(at, resolved.complaint.id, (ctx, c) => acknowledge(ctx, c, demoAgent));
  daysAgo(6);
  await mutate(at, resolved.complaint.id, (ctx, c) =>
    resolve(ctx, c, demoAgent, {
      findings: '经核实，您的理赔材料齐全，因系统排队导致审核延误，现已完成审核并安排赔付 18,600 元。',
      basis: '《保险法》第二十三条；本公司理赔服务承诺',
      remedies: [...REMEDIES],
    }),
  );

  daysAgo(2);
  const working = await submitComplaint(at, DEMO_MEMBERS[0].openid, {
    idempotencyKey: 'demo-seed-alice-0002',
    category: 'service',
    description: '续保时被要求重复提交身份证和银行卡信息，明明之前已经提供过。',
  });
  daysAgo(1.9);
  await mutate(at, working.complaint.id, (ctx, c) => reply(ctx, c, demoAgent, '您好，我们已收到您的投诉，正在核实续保流程中的材料要求。'));
  daysAgo(1);
  await mutate(at, working.complaint.id, (ctx, c) => requestInformation(ctx, c, demoAgent, '请补充续保通知短信的截图，便于我们定位具体环节。'));

  // A fresh ordinary case nobody has picked up yet: well inside its 48-hour 受理 clock. 李建国's, so
  // 张晓敏 keeps her two records (resolved, waiting) and his newest case stays the urgent one.
  daysAgo(5 / 24);
  await submitComplaint(at, DEMO_MEMBERS[1].openid, {
    idempotencyKey: 'demo-seed-bob-00002',
    category: 'claims',
    description: '门诊理赔申请提交后显示“资料待审核”已经两天，想了解大概还需要多久。',
    amountAtStake: 1200,
  });

  // The urgent green-channel case, 20 minutes old: inside its 2-hour 受理 clock when the demo opens
  // (the one case near its deadline), not already overdue and escalated.
  daysAgo(20 / (24 * 60));
  await submitComplaint(at, DEMO_MEMBERS[1].openid, {
    idempotencyKey: 'demo-seed-bob-00001',
    category: 'sales',
    description: '销售人员承诺的分红收益与合同不符，涉及保费六十万元，要求尽快处理。',
    policyNo: 'P2025009876',
    amountAtStake: 600000,
    urgent: true,
  });
  return true;
};

/**
 * The demo policy register (scripts/samples/policy-register-demo.csv), imported through the real use
 * case, and 张晓敏 bound to her medical policy as if she had tapped 同意 on the privacy notice (binding
 * requires it) and typed the SMS code. 李建国 stays a visitor who has not answered the notice, so the
 * consent sheet and the binding flow can be tried: policy P2026000456, phone 13900139000.
 */
export const seedDemoMembers = async (deps: MemberDeps & { privacy: PrivacyDeps }, registerCsv: string): Promise<boolean> => {
  if (await deps.policies.get('P2026000123')) return false;
  await importPolicies(deps, { id: 'system-demo', role: 'system' }, { csv: registerCsv, full: false, validRowsOnly: false, dryRun: false });
  if (!(await deps.consent.hasCurrentConsent(DEMO_MEMBERS[0].openid)))
    await answerPrivacyNotice(deps.privacy, DEMO_MEMBERS[0].openid, { noticeVersion: deps.privacy.notice.version, agree: true });
  const typed = { ...deps, newCode: () => '246810' };
  const policy = { policyNo: 'P2026000123', phone: '13800138000' };
  await startBinding(typed, DEMO_MEMBERS[0].openid, policy);
  await confirmBinding(typed, DEMO_MEMBERS[0].openid, { ...policy, code: '246810' });
  return true;
};

/** 会员权益 demo catalogue: one entry of each kind, with its basis and compliance flag (保险法 art 116). */
const DEMO_BENEFITS: Omit<Benefit, 'status' | 'termsVersion' | 'version' | 'createdAt' | 'updatedAt'>[] = [
  {
    id: 'checkup',
    name: '年度健康体检',
    description: '合作体检中心基础套餐（血常规、肝肾功能、B超、心电图），每年一次，需预约时段。',
    kind: 'checkup',
    eligibleTiers: ['standard', 'silver', 'gold'],
    quota: { count: 1, period: 'year' },
    validityDays: 365,
    redemption: 'booking',
    partner: { name: '康体检中心' },
    basis: { kind: 'approval', ref: '增值服务审批〔2026〕12号' },
    outsideContract: true,
    place: '康体检中心（徐汇店）',
  },
  {
    id: 'health-call',
    name: '健康咨询',
    description: '家庭医生电话咨询，解答用药、就医和慢病管理问题。',
    kind: 'health',
    eligibleTiers: ['standard', 'silver', 'gold'],
    quota: { count: 2, period: 'quarter' },
    validityDays: 90,
    redemption: 'code',
    basis: { kind: 'contract', ref: '安心医疗险条款第18条（健康管理服务）' },
    outsideContract: false,
    place: '电话 400-800-1234',
  },
  {
    id: 'legal-tax',
    name: '法律与税务咨询',
    description: '专业律师、税务师一对一咨询（继承、保险金给付、个税），需预约时段。',
    kind: 'legalTax',
    eligibleTiers: ['gold'],
    quota: { count: 2, period: 'year' },
    validityDays: 365,
    redemption: 'booking',
    partner: { name: '金诚律师事务所' },
    basis: { kind: 'approval', ref: '增值服务审批〔2026〕15号' },
    outsideContract: true,
    place: '线上视频',
  },
  {
    id: 'renewal-discount',
    name: '续保优惠',
    description: '续保时按条款约定享受保费优惠，到柜面或代理人处出示核销码。',
    kind: 'discount',
    eligibleTiers: ['standard', 'silver', 'gold'],
    quota: { count: 1, period: 'year' },
    validityDays: 365,
    redemption: 'code',
    basis: { kind: 'contract', ref: '续保条款第5条' },
    outsideContract: false,
    place: '各营业网点',
  },
];

/**
 * The demo catalogue and two weeks of slots (09:00 and 14:00, Shanghai, working days), written straight
 * to the store with a system audit entry, and 张晓敏's booking of the first check-up slot made through the
 * booking use case (so every booked count is a booking staff can see). Returns false when already there.
 */
export const seedDemoBenefits = async (deps: BenefitDeps): Promise<boolean> => {
  if (await deps.benefits.getBenefit('checkup')) return false;
  const now = deps.clock.now();
  const at = now.toISOString();
  const audit = (subjectType: string, subjectId: string) => ({ actorId: 'system-demo', actorRole: 'system', action: 'benefits.demoSeed', subjectType, subjectId });
  for (const b of DEMO_BENEFITS) await deps.benefits.saveBenefit({ ...b, status: 'active', termsVersion: 1, version: 1, createdAt: at, updatedAt: at }, null, audit('benefit', b.id));
  const today = localDateOf(now);
  for (let d = 1; d <= 14; d++) {
    const day = addLocalDays(today, d);
    if ([0, 6].includes(weekdayOf(day))) continue;
    for (const [benefitId, hours] of [['checkup', [9, 14]], ['legal-tax', [10]]] as const)
      for (const hour of hours) {
        const startsAt = new Date(startOfLocalDay(day).getTime() + hour * 3600_000).toISOString();
        const id = `${benefitId}-${startsAt.replace(/\D/g, '').slice(0, 12)}`;
        const capacity = benefitId === 'checkup' ? 6 : 2;
        // Never a count without bookings behind it: places are taken by real bookings below, so staff always see whose they are.
        await deps.benefits.putSlot({ id, benefitId, startsAt, endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(), capacity, booked: 0, version: 1 }, null, audit('benefitSlot', id));
      }
  }
  // 张晓敏 (bound, seedDemoMembers) books the first check-up slot through the real use case; skipped where she is not bound yet.
  const first = (await deps.benefits.slotsOf('checkup', at, startOfLocalDay(addLocalDays(today, 15)).toISOString(), 1))[0];
  if (first)
    await bookBenefit(deps, DEMO_MEMBERS[0].openid, { benefitId: 'checkup', slotId: first.id, idempotencyKey: 'demo-benefit-booking-alice-01', partnerConsent: { partner: '康体检中心', agree: true } }).catch(
      (e: unknown) => {
        if (!isDomainError(e)) throw e;
      },
    );
  return true;
};

/**
 * Demo consultations, through the real use cases at instants in the past: 张晓敏's question answered by
 * customer service (waiting for her rating) and another handed to the advisor (李顾问), who proposed a
 * plan and recorded an enrollment request; 李建国 (a visitor) asked this morning and waits for a reply.
 * Nothing is overdue when the demo starts. Returns false when already there.
 */
export const seedDemoConsultations = async (deps: MemberConsultationDeps): Promise<boolean> => {
  if ((await deps.store.listByMember(DEMO_MEMBERS[0].openid, { limit: 1 })).items.length) return false;
  const realNow = deps.clock.now().getTime();
  let offset = 0;
  const at: MemberConsultationDeps = { ...deps, clock: { now: () => new Date(realNow - offset) } };
  const hoursAgo = (h: number) => {
    offset = h * 3600_000;
  };
  const advisor = { kind: 'staff' as const, id: 'staff-advisor-01', role: 'advisor' as const, name: '李顾问' };

  hoursAgo(30);
  const answered = await askQuestion(at, DEMO_MEMBERS[0].openid, {
    idempotencyKey: 'demo-consult-alice-0001',
    topic: 'coverage',
    question: '我的住院医疗险，门诊做的检查费用能不能报销？',
    policyNo: 'P2026000123',
  });
  hoursAgo(28);
  await mutateConsultation(at, answered.consultation.id, (ctx, c) =>
    consultationReply(ctx, c, demoAgent, '您好，您的住院医疗险只保障住院期间的医疗费用；住院前7日内与本次住院相关的门诊检查费用也可以报销，请保留发票和检查报告。'),
  );

  hoursAgo(26);
  const planned = await askQuestion(at, DEMO_MEMBERS[0].openid, {
    idempotencyKey: 'demo-consult-alice-0002',
    topic: 'enrollment',
    question: '想给65岁的父亲买一份医疗险，他有高血压，还能投保吗？',
  });
  hoursAgo(25);
  await mutateConsultation(at, planned.consultation.id, (ctx, c) => handToAdvisor(ctx, c, demoAgent, { id: advisor.id, name: advisor.name }, '父亲65岁，高血压已控制，想了解可投保的医疗险'));
  hoursAgo(6);
  await mutateConsultation(at, planned.consultation.id, (ctx, c) =>
    proposePlan(ctx, c, advisor, {
      products: [{ name: '惠民医疗保险（2026版）', code: 'HM2026' }, { name: '老年防癌医疗险', code: 'FA65' }],
      premiumMinFen: 89_000,
      premiumMaxFen: 260_000,
      reasons: ['惠民保不限既往症投保，高血压相关以外的住院费用可报销', '防癌医疗险对65岁可投保，健康告知较宽松'],
    }),
  );
  hoursAgo(5);
  await mutateConsultation(at, planned.consultation.id, (ctx, c) => recordEnrollment(ctx, c, advisor, { note: '会员希望周末电话沟通，准备父亲的体检报告', planId: c.plans[0]?.id }));

  hoursAgo(2);
  await askQuestion(at, DEMO_MEMBERS[1].openid, {
    idempotencyKey: 'demo-consult-bob-00001',
    topic: 'insurance',
    question: '还没有买过你们的保险，想问一下意外险和医疗险有什么区别？',
  });
  return true;
};

/**
 * Demo claims (理赔), through the real use cases at instants in the past, on 张晓敏's bound medical policy:
 * a hospital stay waiting for two documents of one art-22 notice, and an outpatient claim with an amount
 * offered for her to accept. Needs seedDemoMembers first (the binding); nothing is overdue when the demo
 * starts. Returns false when already there, or when the demo policy is no longer in force on the date.
 */
export const seedDemoClaims = async (member: MemberClaimDeps, staff: ClaimDeps): Promise<boolean> => {
  const alice = DEMO_MEMBERS[0].openid;
  if ((await member.store.listByMember(alice, { limit: 1 })).items.length) return false;
  const realNow = member.clock.now().getTime();
  let offset = 0;
  const clock: Clock = { now: () => new Date(realNow - offset) };
  const m: MemberClaimDeps = { ...member, clock };
  const s: ClaimDeps = { ...staff, clock };
  const daysAgo = (d: number) => {
    offset = d * 24 * 3600_000;
  };
  const handler = { id: 'staff-claims-01', name: '钱理赔', role: 'claimsHandler' };
  const report = async (key: string, claimType: string, insuredIndex: number, incidentDaysAgo: number, description: string) => {
    const incidentDate = localDateOf(new Date(realNow - incidentDaysAgo * 24 * 3600_000));
    const draft = await saveClaimDraft(m, alice, { idempotencyKey: `demo-claim-draft-${key}`, policyNo: 'P2026000123', insuredIndex, claimType, incidentDate, place: '上海市第六人民医院', description });
    return (await submitClaim(m, alice, { id: draft.claim.id, idempotencyKey: `demo-claim-submit-${key}` })).claim.id;
  };
  try {
    daysAgo(3);
    const stay = await report('0001', 'hospital', 0, 8, '急性阑尾炎入院手术，住院五天，已出院');
    daysAgo(2);
    await mutateClaim(s, stay, (ctx, c) => requestClaimDocuments(ctx, c, handler, { items: ['invoices', 'discharge'], note: '请上传发票原件和出院小结的清晰照片' }));
    daysAgo(5);
    // The demo policy covers 住院医疗 and 重大疾病 only, so the child's claim is an in-patient one.
    const visit = await report('0002', 'hospital', 1, 6, '孩子肺炎在儿童医院住院治疗三天，已出院');
    daysAgo(4);
    await mutateClaim(s, visit, (ctx, c) => recordClaimAssessment(ctx, c, handler, '住院费用在保障范围内'));
    daysAgo(1);
    await mutateClaim(s, visit, (ctx, c) => decideClaimPay(
        ctx,
        c,
        handler,
        // 理算 as the handler records it; the 理赔核定书 prints these lines (1,060.50 − 200 免赔 = 860.50 元).
        { basis: '条款第三条 住院医疗保险金', calculation: { lines: [{ item: '住院医疗费', claimedFen: 98_000, excludedFen: 0 }, { item: '检查费', claimedFen: 8_050, excludedFen: 0 }], deductibleFen: 20_000, ratioPct: 100 } },
        false,
      ));
  } catch (e) {
    // The demo policy covers 2026 only: after it, the demo simply has no claims.
    if ((e as { code?: string }).code === 'CLAIM.POLICY_NOT_IN_FORCE' || (e as { code?: string }).code === 'CLAIM.NEEDS_BINDING') return false;
    throw e;
  }
  return true;
};
