import type { MemberRecordSource } from '../members/staffMembers';
import { maskPersonalText } from '../shared/personalText';
import { formatShanghai } from '../shared/shanghaiTime';
import { CONSULTATION_STATUSES, CONSULTATION_TOPICS } from './model';
import type { ConsultationStore } from './ports';

/** A member's consultations on the staff member page (texts masked like every staff view). */
export const consultationRecordSource = (store: ConsultationStore): MemberRecordSource => ({
  area: 'consultations',
  areaLabel: '咨询',
  recordsOf: async (who) =>
    who.memberId
      ? (await store.listByMember(who.memberId, { limit: 50 })).items.map((c) => ({
          id: c.id,
          number: c.number,
          title: CONSULTATION_TOPICS[c.topic],
          summary: maskPersonalText(c.question.length > 40 ? `${c.question.slice(0, 40)}…` : c.question).text,
          statusLabel: CONSULTATION_STATUSES[c.status],
          atText: formatShanghai(new Date(c.receivedAt)),
          linkLabel: '本人咨询',
        }))
      : [],
});
