import type { MemberComplaintDeps } from '../../core/complaints/deps';
import { acknowledge, close as closeComplaint, reply, requestInformation, resolve } from '../../core/complaints/lifecycle';
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

/**
 * 权益宣传 demo: one campaign (金融知识万里行) and two published articles with a cover and an illustration
 * (PNG drawn in code, stored like a staff upload), published yesterday and the day before. Not announced:
 * staff try that from the admin page. Returns false when already there.
 */
export const seedDemoEducation = async (deps: import('../../core/education/deps').EducationStaffDeps): Promise<boolean> => {
  if (await deps.education.getCampaign('cmp-demo-2026-wanli')) return false;
  const { demoBannerPng } = await import('./demoEducationImage');
  const now = deps.clock.now();
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
  const audit = (subjectType: string, subjectId: string) => ({ actorId: 'system-demo', actorRole: 'system', action: 'education.demoSeed', subjectType, subjectId });
  const blue = await deps.images.save('staff:system-demo', demoBannerPng('blue'), 'png');
  const green = await deps.images.save('staff:system-demo', demoBannerPng('green'), 'png');
  const today = localDateOf(now);
  await deps.education.putCampaign(
    { id: 'cmp-demo-2026-wanli', name: '金融知识万里行', theme: '理性投保、依法维权', startDate: `${today.slice(0, 7)}-01`, endDate: addLocalDays(today, 30), channelNotes: '小程序会员中心、网点海报、公众号', createdAt: at(3), updatedAt: at(3), version: 1 },
    null,
    audit('campaign', 'cmp-demo-2026-wanli'),
  );
  const articles = [
    {
      id: 'art-demo-eight-rights',
      title: '保险消费者的八项基本权利',
      summary: '财产安全权、知情权、自主选择权、公平交易权、依法求偿权、受教育权、受尊重权、信息安全权',
      cover: blue,
      image: green,
      daysAgo: 2,
      paragraphs: [
        '根据金融消费者权益保护的有关规定，您在购买和使用保险产品时依法享有八项基本权利。',
        '知情权：您有权了解产品的保障责任、责任免除、退保损失和费用等真实情况，销售人员应当如实说明。',
        '自主选择权与公平交易权：是否投保、选择哪款产品由您决定，任何人不得捆绑搭售或强制交易。',
        '依法求偿权：发生保险事故后，您有权按合同约定申请理赔；对处理结果有异议，可以通过投诉、调解或诉讼维护权益。',
      ],
    },
    {
      id: 'art-demo-cooling-off',
      title: '犹豫期内退保，保费全额退还',
      summary: '长期人身保险通常有15天犹豫期，期间退保仅扣除少量工本费',
      cover: green,
      image: blue,
      daysAgo: 1,
      paragraphs: [
        '一年期以上的人身保险合同，自您签收保单之日起通常有15天的犹豫期。',
        '犹豫期内解除合同，保险公司应退还全部保费，最多扣除不超过10元的工本费；犹豫期后退保只能领取现金价值，可能有损失。',
        '如销售时未告知犹豫期或退保损失，您可以通过会员中心“投诉与建议”反映，我们将在规定时限内答复。',
      ],
    },
  ];
  for (const a of articles) {
    const [first, ...rest] = a.paragraphs;
    await deps.education.putArticle(
      {
        id: a.id,
        title: a.title,
        summary: a.summary,
        coverFileId: a.cover,
        campaignId: 'cmp-demo-2026-wanli',
        blocks: [{ kind: 'text', text: first }, { kind: 'image', fileId: a.image, caption: '图示仅为说明' }, ...rest.map((text) => ({ kind: 'text' as const, text }))],
        status: 'published',
        publishedAt: at(a.daysAgo),
        createdBy: 'system-demo',
        createdAt: at(a.daysAgo + 1),
        updatedAt: at(a.daysAgo),
        version: 1,
      },
      null,
      audit('article', a.id),
    );
  }
  return true;
};

/**
 * 整改台账 demo: two special inspections (投诉处理, 信息披露) with findings, and items from them and from a
 * complaint's root cause, opened in the past by 冯质检 through the real use case: one in progress, one
 * waiting for verification (with a PDF of evidence), one past its deadline (the next timer run records the
 * breach and escalates it), one from a complaint. Needs the demo staff first. Returns false when already there.
 */
export const seedDemoLedger = async (deps: import('../../core/ledger/deps').StaffLedgerDeps, complaints?: { store: MemberComplaintDeps['store'] }): Promise<boolean> => {
  const { openLedgerItem } = await import('../../core/ledger/openItem');
  const { createFinding, createInspection } = await import('../../core/ledger/inspections');
  const { ledgerAddEvidence, ledgerWrites } = await import('../../core/ledger/staffActions');
  const { performStaffAction } = await import('../../core/staff/actions');
  if (!(await deps.staff.getById('staff-qa-01')) || !(await deps.staff.getById('staff-agent-01'))) return false;
  const realNow = deps.clock.now().getTime();
  let offset = 0;
  const clock: Clock = { now: () => new Date(realNow - offset) };
  const d = { ...deps, clock };
  const daysAgo = (n: number) => {
    offset = n * 24 * 3600_000;
  };
  const qa = { id: 'staff-qa-01', name: '冯质检', role: 'inspector' as const };
  const agent = { id: 'staff-agent-01', name: '王小丽', role: 'agent' as const };
  daysAgo(40);
  // Its request key makes the first inspection the marker: a second run finds it and stops.
  const { inspection: cx, created } = await createInspection(d, qa, { idempotencyKey: 'demo-ledger-insp-0001', kind: 'complaints', title: '投诉处理专项检查', period: '2026年第三季度', scope: '全部投诉渠道的受理、回复、办结与回访', inspector: '冯质检' });
  if (!created) return false;
  const { finding: f1 } = await createFinding(d, qa, { idempotencyKey: 'demo-ledger-find-0001', inspectionId: cx.id, description: '部分投诉办结后未在3个工作日内回访', severity: 'medium' });
  const { finding: f2 } = await createFinding(d, qa, { idempotencyKey: 'demo-ledger-find-0002', inspectionId: cx.id, description: '电话投诉登记时未告知处理时限', severity: 'high' });
  await openLedgerItem(d, qa, {
    idempotencyKey: 'demo-ledger-item-0002',
    title: '电话投诉登记须告知处理时限',
    description: '修订来电登记话术，登记时告知15日内答复；抽查一周录音确认执行。',
    source: { kind: 'finding', ref: f2.id, label: '投诉处理专项检查 问题2' },
    ownerId: 'staff-super-01',
    deadline: { workingDays: 10 },
  });
  daysAgo(12);
  const { item: callback } = await openLedgerItem(d, qa, {
    idempotencyKey: 'demo-ledger-item-0001',
    title: '建立投诉办结回访提醒',
    description: '在投诉工作台增加办结后回访提醒，并对九月未回访的案件补做回访。',
    source: { kind: 'finding', ref: f1.id, label: '投诉处理专项检查 问题1' },
    ownerId: agent.id,
    deadline: { workingDays: 20 },
  });
  daysAgo(10);
  await performStaffAction(ledgerWrites.progress, { ledger: d }, agent, { id: callback.id, version: callback.version, note: '已梳理九月办结未回访案件6件，补做回访4件。' });
  daysAgo(30);
  const { inspection: dx } = await createInspection(d, qa, { idempotencyKey: 'demo-ledger-insp-0002', kind: 'disclosure', title: '信息披露专项检查', period: '2026年第三季度', scope: '小程序产品页、费率表与犹豫期说明', inspector: '冯质检' });
  const { finding: f3 } = await createFinding(d, qa, { idempotencyKey: 'demo-ledger-find-0003', inspectionId: dx.id, description: '产品页费率表未标注更新日期', severity: 'low' });
  const { item: rates } = await openLedgerItem(d, qa, {
    idempotencyKey: 'demo-ledger-item-0003',
    title: '费率表标注更新日期',
    description: '所有在售产品费率表页脚标注“更新日期”，并建立变更留痕。',
    source: { kind: 'finding', ref: f3.id, label: '信息披露专项检查 问题1' },
    ownerId: agent.id,
    deadline: { workingDays: 15 },
  });
  daysAgo(5);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
  const withFile = (await performStaffAction(ledgerAddEvidence, { ledger: d }, agent, { id: rates.id, version: rates.version, contentBase64: pdf, name: '费率表页面截图' })) as { item: { version: number } };
  await performStaffAction(ledgerWrites.submit, { ledger: d }, agent, { id: rates.id, version: withFile.item.version, note: '8个在售产品页面均已标注更新日期。' });
  const demoComplaint = complaints && (await complaints.store.listByMember(DEMO_MEMBERS[0].openid, { limit: 1 })).items[0];
  if (demoComplaint?.number) {
    daysAgo(2);
    await openLedgerItem(d, qa, {
      idempotencyKey: 'demo-ledger-item-0004',
      title: '理赔材料一次性告知',
      description: '投诉根因：补充材料分两次通知。修订理赔材料清单模板，要求一次性告知。',
      source: { kind: 'complaintRootCause', ref: demoComplaint.id, label: '理赔材料多次补充' },
      links: [{ area: 'complaints', id: demoComplaint.id, number: demoComplaint.number }],
      ownerId: 'staff-claims-01',
      deadline: { workingDays: 15 },
    });
  }
  return true;
};

/**
 * 安全事件 demo: two incidents recorded by hand (one closed with its conclusion, one being handled) and a
 * burst of failed sign-ins on an unknown name three days ago, written as the sign-in step audits it: the
 * detector (core/incidents) opens that one on the timer's first run. Runs once (nothing if any incident exists).
 */
export const seedDemoIncidents = async (
  deps: import('../../core/incidents/staffActions').IncidentDeps,
  audit: { appendSync(d: import('../../core/audit/chain').AuditDraft, at: Date): unknown },
): Promise<boolean> => {
  const { incidentActions } = await import('../../core/incidents/staffActions');
  const { performStaffAction } = await import('../../core/staff/actions');
  const realNow = deps.clock.now().getTime();
  const far = { fromAt: new Date(realNow - 800 * 24 * 3600_000).toISOString(), toAt: new Date(realNow + 24 * 3600_000).toISOString() };
  if ((await deps.store.list(far, { limit: 1 })).items.length) return false;
  const comp = { id: 'staff-comp-01', role: 'compliance' as const, name: '合规 陈静' };
  const localTime = (daysAgo: number) => new Date(realNow - daysAgo * 24 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 16);
  const d = { incidents: deps };
  const leak = (await performStaffAction(incidentActions.record, d, comp, {
    idempotencyKey: 'demo-incident-0000000001',
    kind: 'misdelivery',
    occurredAt: localTime(20),
    description: '理赔进度短信模板变量错误，1位会员收到另一位会员的案件编号（未含姓名与证件号）。',
    affectedMembers: 1,
    severity: 'medium',
  })) as { id: string; version: number };
  const noted = (await performStaffAction(incidentActions.note, d, comp, { id: leak.id, version: leak.version, text: '已致电误收会员说明并请其删除短信；已停用该模板。' })) as { version: number };
  await performStaffAction(incidentActions.close, d, comp, { id: leak.id, version: noted.version, conclusion: '模板变量映射错误，已修复并增加发送前校验；向受影响会员致歉。' });
  const lost = (await performStaffAction(incidentActions.record, d, comp, {
    idempotencyKey: 'demo-incident-0000000002',
    kind: 'deviceLoss',
    occurredAt: localTime(4),
    description: '外勤人员遗失一台已加密的工作平板，设备已远程锁定，正在核查是否缓存会员资料。',
    affectedMembers: 0,
    severity: 'high',
  })) as { id: string; version: number };
  await performStaffAction(incidentActions.note, d, comp, { id: lost.id, version: lost.version, text: '已通过移动设备管理远程锁定并发起擦除。' });
  for (let i = 0; i < 7; i++)
    audit.appendSync(
      {
        actorId: 'anonymous',
        actorRole: 'anonymous',
        action: 'staff.login.failed',
        subjectType: 'staffSignIn',
        subjectId: 'unknown-demo0000000000000000',
        detail: { reason: 'unknownUser', username: 'ad***', source: '198.51.100.23' },
      },
      new Date(realNow - 3 * 24 * 3600_000 + i * 40_000),
    );
  return true;
};

/**
 * 服务质检 demo: four complaints from visitors (no demo member's list changes) resolved last month by 王小丽
 * and 赵强, a sample of them drawn by 冯质检 (fixed seed), 王小丽's first case scored below the bar (an
 * improvement item in the ledger; she may still appeal) and 赵强's scored with a fatal error and appealed, for
 * 陈主管 to decide. Needs the demo staff first; runs once (nothing if any sample exists).
 */
export const seedDemoQuality = async (complaints: MemberComplaintDeps, admin: import('../runtime/admin/deps').AdminDeps): Promise<boolean> => {
  const q = admin.quality;
  if (!q || !(await q.staff.list()).some((s) => s.id === 'staff-qa-01')) return false;
  if ((await q.store.listSamples({}, { limit: 1 })).items.length) return false;
  const { qualityAppeal, qualityDraw, qualityScore } = await import('../../core/quality/staffActions');
  const { performStaffAction } = await import('../../core/staff/actions');
  const { DEFAULT_SCORECARDS } = await import('../../core/quality/scorecards');
  const realNow = complaints.clock.now().getTime();
  // Around the 20th of last month (Shanghai): today's day of the month plus ten days ago, and a few before.
  const dayOfMonth = Number(localDateOf(new Date(realNow)).slice(8, 10));
  let offset = 0;
  const at = { ...complaints, clock: { now: () => new Date(realNow - offset) } as Clock };
  const cases = [
    ['staff-agent-01', 'service', '客服答应三天内回电说明保单变更进度，一周过去了没有任何人联系我。'],
    ['staff-agent-02', 'claims', '门诊理赔被要求补交已经上传过的发票，希望说明原因。'],
    ['staff-agent-01', 'claims', '理赔到账金额比预期少了两百元，没有收到任何说明。'],
    ['staff-agent-02', 'service', '续保提醒短信发错了保单尾号，担心信息泄露。'],
  ] as const;
  const ids: { id: string; handler: string }[] = [];
  for (const [n, [handlerId, category, description]] of cases.entries()) {
    const agent = { kind: 'staff' as const, id: handlerId, role: 'agent' as const, name: handlerId === 'staff-agent-01' ? '王小丽' : '赵强' };
    offset = (dayOfMonth + 12 - n) * 24 * 3600_000;
    const c = await submitComplaint(at, `demo-qa-visitor-${n + 1}`, { idempotencyKey: `demo-seed-quality-000${n + 1}`, category, description });
    offset -= 2 * 3600_000;
    await mutate(at, c.complaint.id, (ctx, x) => acknowledge(ctx, x, agent));
    offset -= 20 * 3600_000;
    await mutate(at, c.complaint.id, (ctx, x) =>
      resolve(ctx, x, agent, { findings: '经核实，已向您说明处理经过并致歉，相关问题已更正。', basis: '本公司客户服务规范', remedies: [...REMEDIES] }),
    );
    // Closed a few days later, still last month: the demo's complaint queue stays as it was.
    offset -= 3 * 24 * 3600_000;
    await mutate(at, c.complaint.id, (ctx, x) => closeComplaint(ctx, x, { kind: 'staff', id: 'staff-super-01', role: 'supervisor', name: '陈主管' }, '会员未再提出异议，办结'));
    ids.push({ id: c.complaint.id, handler: handlerId });
  }
  const period = localDateOf(new Date(realNow - (dayOfMonth + 12) * 24 * 3600_000)).slice(0, 7);
  const qa = { id: 'staff-qa-01', name: '冯质检', role: 'inspector' as const };
  const sample = (await performStaffAction(qualityDraw, admin, qa, { idempotencyKey: 'demo-seed-quality-draw', area: 'complaints', period, stratum: 'handler', perStratum: 2, seed: 20261 })) as { id: string; items: { caseId: string }[] };
  const card = (await q.store.getScorecard('complaints')) ?? DEFAULT_SCORECARDS.complaints;
  const full = (less: Record<string, number>) => card.items.map((i) => ({ key: i.key, points: Math.max(0, i.weight - (less[i.key] ?? 0)) }));
  const [first, second] = [ids[0], ids[1]].filter((c) => sample.items.some((i) => i.caseId === c.id));
  if (first)
    await performStaffAction(qualityScore, admin, qa, {
      sampleId: sample.id,
      caseId: first.id,
      items: full({ acknowledge: 10, timeliness: 10, investigation: 8 }),
      comment: '受理后未按承诺回电，未告知处理时限；调查记录缺少与保全部门的沟通。',
    });
  if (second) {
    const s = (await performStaffAction(qualityScore, admin, qa, { sampleId: sample.id, caseId: second.id, items: full({}), fatal: ['noRemedy'], comment: '办结通知未告知会员申请核查及外部救济途径。' })) as { id: string; version: number };
    const zhao = { id: 'staff-agent-02', name: '赵强', role: 'agent' as const };
    await performStaffAction(qualityAppeal, admin, zhao, { id: s.id, version: s.version, reason: '办结电话中已口头告知申请核查途径，通话记录可查。' });
  }
  return true;
};

/**
 * 风险预警 demo: a made spike so the panel opens on an alert. Six real 保费扣缴 complaints from six
 * visitors in the last complete ISO week (acknowledged and answered, so none is overdue when the demo
 * opens), and a made history of that category's weekly counts (0–1 a week for 26 weeks) standing in
 * for the months of rollups a fresh demo does not have. The week is run through the real detector and
 * drill, so the alert's test and evidence are what the timer would produce; its run record makes the
 * timer leave that week alone.
 */
export const seedDemoEarlyWarning = async (
  deps: MemberComplaintDeps,
  alerts: import('../../core/earlyWarning/ports').EarlyWarningStore,
  drill: import('../../core/earlyWarning/ports').ComplaintDrill,
  hash: (s: string) => string,
): Promise<boolean> => {
  const { EARLY_WARNING_POLICY } = await import('../../core/earlyWarning/policy');
  const { runEarlyWarningWeek, weekToRun } = await import('../../core/earlyWarning/weeklyRun');
  const { weekRange, weeksBefore } = await import('../../core/earlyWarning/weeks');
  const now = deps.clock.now();
  const week = weekToRun(now, EARLY_WARNING_POLICY);
  if ((await alerts.recentRuns(1)).length) return false;
  const monday = Date.parse(weekRange(week).from);
  const texts = [
    '银行卡被重复扣除了两期保费，联系客服说要等核实，至今没有退回。',
    '保单已经退保，但本月仍然从我的银行卡扣了保费，要求退还。',
    '续期保费扣款日期和合同约定的不一致，提前扣款导致信用卡逾期。',
    '扣款短信显示金额比保单载明的保费多出一百多元，没有任何说明。',
    '更换扣款账户后旧账户仍被扣费，两张卡都扣了同一期保费。',
    '保费扣缴失败后没有任何通知，直接显示保单失效，要求恢复保单。',
  ];
  for (let i = 0; i < texts.length; i++) {
    const at = (h: number) => ({ ...deps, clock: { now: () => new Date(monday + (i * 26 + 10 + h) * 3600_000) } });
    const openid = `demo-visitor-ew-${i + 1}`;
    const { complaint } = await submitComplaint(at(0), openid, { idempotencyKey: `demo-seed-ew-premium-${i + 1}`, category: 'premium', description: texts[i] });
    await mutate(at(2), complaint.id, (ctx, c) => acknowledge(ctx, c, demoAgent));
    await mutate(at(20), complaint.id, (ctx, c) =>
      resolve(ctx, c, demoAgent, {
        findings: '经核实，扣款系批量扣费程序重复执行所致，已原路退回多扣保费，并已修复扣费程序。',
        basis: '保险合同保费支付条款；本公司续期收费管理办法',
        remedies: [...REMEDIES],
      }),
    );
  }
  const history = [0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1];
  const made: Record<string, number> = Object.fromEntries(weeksBefore(week, history.length).map((w, i) => [w, history[i]]));
  made[week] = texts.length;
  const counts = {
    received: async (dim: string, weeks: readonly string[]) => (dim === 'category' ? weeks.filter((w) => made[w]).map((w) => ({ week: w, value: 'premium', count: made[w] })) : []),
  };
  await runEarlyWarningWeek({ counts, drill, alerts, clock: deps.clock, hash, policy: EARLY_WARNING_POLICY }, week);
  return true;
};
