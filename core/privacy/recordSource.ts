import type { MemberRecordSource } from '../members/staffMembers';
import { REQUEST_KINDS, REQUEST_STATUSES } from './model';
import type { PrivacyStore } from './ports';
import { formatShanghai } from '../shared/shanghaiTime';

/** A member's privacy requests on the staff member page (masked like every staff view: no request text beyond its kind). */
export const privacyRecordSource = (records: PrivacyStore): MemberRecordSource => ({
  area: 'privacy',
  areaLabel: '个人信息申请',
  recordsOf: async (who) =>
    who.memberId
      ? (await records.requestsOf(who.memberId, 50)).map((r) => ({
          id: r.id,
          number: r.number,
          title: r.closeAccount ? '注销账号' : REQUEST_KINDS[r.kind],
          summary: r.status === 'received' ? `答复期限 ${formatShanghai(new Date(r.dueAt))}` : r.completedAt ? `办结于 ${formatShanghai(new Date(r.completedAt))}` : '',
          statusLabel: REQUEST_STATUSES[r.status],
          atText: formatShanghai(new Date(r.receivedAt)),
          linkLabel: '本人申请',
        }))
      : [],
});
