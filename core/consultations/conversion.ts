/**
 * A consultation that turns into a complaint is converted, not retyped (issue 11 item 7): the
 * complaint is opened through the complaints core with the member's own words and photos, received
 * when the member first expressed dissatisfaction — the message staff pick, with a reason, audited
 * (CLARIFICATIONS "Complaints") — and the consultation's history goes with it as an internal entry.
 * The complaint is created under a key of the consultation, so a retry after a lost reply finds the
 * same complaint instead of making a second one.
 */
import type { AuditDraft } from '../audit/chain';
import { lifecycleContext } from '../complaints/deps';
import * as complaintLife from '../complaints/lifecycle';
import { allocateNumber } from '../complaints/memberUseCases';
import type { Complaint, ComplaintCategory } from '../complaints/model';
import { sealComplaintTexts } from '../complaints/personalTexts';
import { outboxFromEvents } from '../notifications/outbox';
import { DomainError } from '../shared/errors';
import { maskPersonalText } from '../shared/personalText';
import { formatShanghai } from '../shared/shanghaiTime';
import type { StaffPrincipal } from '../staff/model';
import type { StaffConsultationDeps } from './deps';
import { consultationErrors } from './errors';
import { markConverted } from './lifecycle';
import { MEMBER_MESSAGE_TYPES, type Consultation } from './model';
import { contextOf, saveChange } from './persist';
import { openConsultationTexts } from './personalTexts';

/** The history a complaint handler reads: every entry of the consultation, texts masked, in order. */
export const historyOf = (c: Consultation) =>
  c.timeline.map((e) => ({
    at: e.at,
    type: e.type,
    from: e.actor.kind === 'member' ? 'member' : e.actor.kind === 'system' ? 'system' : e.actor.role === 'advisor' ? 'advisor' : 'customerService',
    visibility: e.visibility,
    ...(e.text !== undefined ? { text: maskPersonalText(e.text).text } : {}),
    ...(e.attachments?.length ? { attachments: e.attachments } : {}),
  }));

export const convertToComplaint = async (
  deps: StaffConsultationDeps,
  who: StaffPrincipal,
  before: Consultation,
  input: { messageId: string; reason: string; category: ComplaintCategory },
  audit: (action: string, detail: Record<string, unknown>) => AuditDraft,
  /** Where the request came from, for the complaint's own audit entry (as every staff write records it). */
  source = 'unknown',
): Promise<{ consultation: Consultation; complaint: Complaint }> => {
  if (before.complaint) throw consultationErrors.alreadyConverted(before.complaint.number);
  const picked = before.timeline.find((e) => e.id === input.messageId && e.actor.kind === 'member' && MEMBER_MESSAGE_TYPES.includes(e.type));
  if (!picked) throw consultationErrors.messageNotFound();
  const cdeps = deps.complaints;
  const cctx = lifecycleContext(cdeps);
  const receivedAt = new Date(picked.at);
  // The member's words in full (the complaints core seals them again its own way).
  const originals = openConsultationTexts(deps.box, before);
  const wordsOf = (id: string, text?: string) => originals[`timeline:${id}`] ?? text ?? '';
  const description = [before.timeline[0]?.id === picked.id ? '' : `${wordsOf(before.timeline[0].id, before.timeline[0].text)}\n——\n`, wordsOf(picked.id, picked.text)]
    .join('')
    .trim();
  const actor = { kind: 'staff' as const, id: who.id, role: who.role, name: who.name };
  const ch = complaintLife.openComplaint(cctx, {
    id: cdeps.ids.newId(),
    number: await allocateNumber(cdeps, receivedAt),
    memberId: before.memberId,
    channel: 'miniprogram',
    receivedAt,
    category: input.category,
    description: description.length >= 10 ? description : `${description}（由咨询 ${before.number} 转入）`,
    policyNo: before.policyNo,
    attachments: [...before.attachments],
    factors: { vulnerableMember: false, mediaInvolved: false, regulatorInvolved: false, repeatComplaint: false, urgent: false },
    recordedBy: actor,
  });
  const note = complaintLife.addInternalNote(
    cctx,
    ch.complaint,
    actor,
    `由咨询 ${before.number} 转为投诉：${input.reason}。受理时间取会员 ${formatShanghai(receivedAt)} 的留言（首次表达不满）`,
  );
  const complaint: Complaint = {
    ...note.complaint,
    timeline: note.complaint.timeline.map((e, i, all) =>
      i === all.length - 1
        ? { ...e, data: { source: 'consultation', consultationId: before.id, consultationNumber: before.number, messageId: picked.id, reason: input.reason, history: historyOf(before) } }
        : e,
    ),
  };
  const created = await cdeps.store.create({
    complaint: sealComplaintTexts(cdeps.box, complaint),
    idempotencyKey: `consultation:${before.id}`,
    requestHash: cdeps.hash(JSON.stringify({ messageId: picked.id, category: input.category })),
    outbox: outboxFromEvents([...ch.events, ...note.events], () => cdeps.ids.newId(), cctx.now),
    audit: [
      {
        actorId: who.id,
        actorRole: who.role,
        action: 'complaint.convertedFromConsultation',
        subjectType: 'complaint',
        subjectId: complaint.id,
        detail: { number: complaint.number, consultationNumber: before.number, receivedAt: picked.at, messageId: picked.id, reason: input.reason, source },
      },
    ],
  });
  if (!created.sameRequest)
    throw new DomainError('CONSULTATION.CONVERSION_DIFFERS', '该咨询已按另一条留言转为投诉，请刷新后查看', 'conversion retried with other content');
  const done = markConverted(contextOf(deps), before, actor, {
    id: created.complaint.id,
    number: created.complaint.number,
    messageId: picked.id,
    receivedAt: picked.at,
    reason: input.reason,
  });
  const consultation = await saveChange(deps, before, done, [
    audit('convertToComplaint', { complaintNumber: created.complaint.number, messageId: picked.id, receivedAt: picked.at, reason: input.reason, category: input.category }),
  ]);
  return { consultation, complaint: created.complaint };
};
