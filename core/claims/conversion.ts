/**
 * A claim dispute becomes a complaint in one action (issue 12 item 5), linked both ways: the complaint
 * carries the claim number and a timeline entry pointing back; the claim records the complaint. It is
 * received when the member first expressed dissatisfaction — the member entry staff pick, with a reason,
 * audited (CLARIFICATIONS "Complaints"). Created under a key of the claim, so a retry finds the same complaint.
 */
import type { AuditDraft } from '../audit/chain';
import { lifecycleContext } from '../complaints/deps';
import * as complaintLife from '../complaints/lifecycle';
import { allocateNumber } from '../complaints/memberUseCases';
import type { Complaint } from '../complaints/model';
import { sealComplaintTexts } from '../complaints/personalTexts';
import { outboxFromEvents } from '../notifications/outbox';
import { DomainError } from '../shared/errors';
import { formatShanghai } from '../shared/shanghaiTime';
import type { StaffPrincipal } from '../staff/model';
import type { StaffClaimDeps } from './deps';
import { claimErrors } from './errors';
import { markConverted } from './lifecycle';
import type { Claim } from './model';
import { contextOf, saveChange } from './persist';

export const convertClaimToComplaint = async (
  deps: StaffClaimDeps,
  who: StaffPrincipal,
  before: Claim,
  input: { entryId: string; reason: string },
  audit: (action: string, detail: Record<string, unknown>) => AuditDraft,
): Promise<{ claim: Claim; complaint: Complaint }> => {
  if (before.complaint) throw claimErrors.alreadyConverted(before.complaint.number);
  if (!before.number) throw claimErrors.wrongStatus(before.status, 'convertToComplaint');
  const picked = before.timeline.find((e) => e.id === input.entryId && e.actor.kind === 'member');
  if (!picked) throw claimErrors.entryNotFound();
  const cdeps = deps.complaints;
  const cctx = lifecycleContext(cdeps);
  const receivedAt = new Date(picked.at);
  const words = (picked.text ?? '').trim();
  const actor = { kind: 'staff' as const, id: who.id, role: who.role, name: who.name };
  const ch = complaintLife.openComplaint(cctx, {
    id: cdeps.ids.newId(),
    number: await allocateNumber(cdeps, receivedAt),
    memberId: before.memberId,
    channel: 'miniprogram',
    receivedAt,
    category: 'claims',
    description: words.length >= 10 ? words : `${words}（由理赔案件 ${before.number} 转入）`,
    policyNo: before.policyNo,
    claimNo: before.number,
    attachments: [],
    factors: { vulnerableMember: false, mediaInvolved: false, regulatorInvolved: false, repeatComplaint: false, urgent: false },
    recordedBy: actor,
  });
  const note = complaintLife.addInternalNote(
    cctx,
    ch.complaint,
    actor,
    `由理赔案件 ${before.number} 转为投诉：${input.reason}。受理时间取会员 ${formatShanghai(receivedAt)} 的留言（首次表达不满）`,
  );
  const complaint: Complaint = {
    ...note.complaint,
    timeline: note.complaint.timeline.map((e, i, all) =>
      i === all.length - 1 ? { ...e, data: { source: 'claim', claimId: before.id, claimNumber: before.number, entryId: picked.id, reason: input.reason } } : e,
    ),
  };
  const created = await cdeps.store.create({
    complaint: sealComplaintTexts(cdeps.box, complaint),
    idempotencyKey: `claim:${before.id}`,
    requestHash: cdeps.hash(JSON.stringify({ entryId: picked.id })),
    outbox: outboxFromEvents([...ch.events, ...note.events], () => cdeps.ids.newId(), cctx.now),
    audit: [
      {
        actorId: who.id,
        actorRole: who.role,
        action: 'complaint.convertedFromClaim',
        subjectType: 'complaint',
        subjectId: complaint.id,
        detail: { number: complaint.number, claimNumber: before.number, receivedAt: picked.at, entryId: picked.id, reason: input.reason },
      },
    ],
  });
  if (!created.sameRequest) throw new DomainError('CLAIM.CONVERSION_DIFFERS', '该案件已按另一条留言转为投诉，请刷新后查看', 'conversion retried with other content');
  const done = markConverted(contextOf(deps), before, { id: who.id, name: who.name, role: who.role }, {
    id: created.complaint.id,
    number: created.complaint.number,
    reason: input.reason,
    receivedAt: picked.at,
  });
  const claim = await saveChange(deps, before, done, [audit('convertToComplaint', { complaintNumber: created.complaint.number, entryId: picked.id, receivedAt: picked.at, reason: input.reason })]);
  return { claim, complaint: created.complaint };
};
