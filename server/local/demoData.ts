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
