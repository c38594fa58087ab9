import { DomainError } from '../shared/errors';

export const benefitErrors = {
  unavailable: () => new DomainError('BENEFITS.UNAVAILABLE', '会员权益服务暂不可用', 'benefit stores not configured here'),
  bindingRequired: () =>
    new DomainError('BENEFITS.BINDING_REQUIRED', '会员权益仅限已绑定保单的会员使用，请先在会员中心绑定保单', 'benefits need a bound member'),
  notFound: (id: string) => new DomainError('BENEFITS.NOT_FOUND', '未找到该权益', `benefit ${id} not found`),
  notEligible: (tier: string) =>
    new DomainError('BENEFITS.NOT_ELIGIBLE', `您当前的会员等级（${tier}）不能使用该权益`, 'member tier not eligible for this benefit'),
  retired: () => new DomainError('BENEFITS.RETIRED', '该权益已停止提供', 'benefit retired'),
  expired: () => new DomainError('BENEFITS.EXPIRED', '该权益已过有效期，无法使用', 'grant expired'),
  quotaUsed: () => new DomainError('BENEFITS.QUOTA_USED', '本期该权益的次数已用完', 'grant has no uses left'),
  slotNotFound: () => new DomainError('BENEFITS.SLOT_NOT_FOUND', '未找到该预约时段', 'slot not found'),
  slotRequired: () => new DomainError('BENEFITS.SLOT_REQUIRED', '该权益需要选择预约时段', 'benefit needs a slot'),
  slotNotApplicable: () => new DomainError('BENEFITS.SLOT_NOT_APPLICABLE', '该权益无需预约时段，请直接领取核销码', 'benefit takes no slot'),
  slotPast: () => new DomainError('BENEFITS.SLOT_PAST', '该时段已开始或已过去，请选择其他时段', 'slot already started'),
  slotTooFar: (days: number) => new DomainError('BENEFITS.SLOT_TOO_FAR', `只能预约${days}天内的时段`, 'slot beyond the booking horizon'),
  slotFull: () => new DomainError('BENEFITS.SLOT_FULL', '该时段已约满，请选择其他时段', 'slot full'),
  alreadyBooked: () => new DomainError('BENEFITS.ALREADY_BOOKED', '您已预约该时段，请勿重复预约', 'member already holds this slot'),
  keyReused: () =>
    new DomainError('BENEFITS.IDEMPOTENCY_KEY_REUSED', '该预约请求已提交过其他内容，请刷新后重试', 'idempotency key reused with different content'),
  consentRequired: (partner: string) =>
    new DomainError(
      'BENEFITS.PARTNER_CONSENT_REQUIRED',
      `预约需要将您的姓名和手机号提供给合作机构「${partner}」，请单独勾选同意后再预约`,
      'booking shares details with a partner: separate consent naming it required',
      { partner },
    ),
  consentWrongPartner: (partner: string) =>
    new DomainError('BENEFITS.PARTNER_CONSENT_MISMATCH', `同意书须写明合作机构「${partner}」，请刷新后重试`, 'consent names another partner'),
  bookingNotFound: () => new DomainError('BENEFITS.BOOKING_NOT_FOUND', '未找到该预约', 'booking not found or not the member’s'),
  notCancellable: (status: string) => new DomainError('BENEFITS.NOT_CANCELLABLE', `该预约${status}，不能取消`, `booking is ${status}`),
  cancelTooLate: (hours: number) =>
    new DomainError('BENEFITS.CANCEL_TOO_LATE', `开始前${hours}小时内不能在线取消，如需调整请联系客服`, 'past the cancellation cut-off'),
  bookingClosed: (status: string) => new DomainError('BENEFITS.BOOKING_CLOSED', `该预约${status}，无法出示核销码`, `booking is ${status}`),
  codeNotFound: () => new DomainError('BENEFITS.CODE_NOT_FOUND', '核销码无效，请会员刷新后重新出示', 'no booking with this code'),
  codeExpired: () => new DomainError('BENEFITS.CODE_EXPIRED', '核销码已过期，请会员刷新后重新出示', 'code expired'),
  codeUsed: () => new DomainError('BENEFITS.CODE_USED', '该核销码已使用，不能重复核销', 'booking already used'),
  /** What the member reads when asking for the code of a booking already checked in (the partner's wording is codeUsed). */
  alreadyUsed: () => new DomainError('BENEFITS.ALREADY_USED', '该预约已核销，无需再出示核销码', 'booking already used'),
  checkInNotDue: (day: string) =>
    new DomainError('BENEFITS.CHECKIN_NOT_DUE', `该预约在${day}，只能在预约当天核销`, 'check-in before the slot’s day'),
  checkInTooLate: (day: string) => new DomainError('BENEFITS.CHECKIN_TOO_LATE', `该预约在${day}，已过预约当天，不能核销`, 'check-in after the slot’s day'),
  checkInThrottled: (retryAfterMs: number) => {
    const s = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const wait = s < 60 ? `${s}秒` : `${Math.ceil(s / 60)}分钟`;
    // RATE.LIMITED: the one code the HTTP fronts answer with 429 besides AUTH.THROTTLED.
    return new DomainError('RATE.LIMITED', `核销码输错次数过多，请${wait}后再试`, `check-in throttled for ${s}s`, { retryAfterSeconds: s });
  },
  codeCancelled: () => new DomainError('BENEFITS.CODE_CANCELLED', '该预约已取消，不能核销', 'booking cancelled'),
  noticeTooShort: (days: number) =>
    new DomainError('BENEFITS.NOTICE_TOO_SHORT', `对会员不利的调整须至少提前${days}天公告，请推迟生效日期`, 'unfavourable change with less than the notice period'),
  effectiveInPast: () => new DomainError('BENEFITS.EFFECTIVE_IN_PAST', '生效时间须晚于当前时间', 'change effective in the past'),
  emptyChange: () => new DomainError('BENEFITS.EMPTY_CHANGE', '调整内容与现行条款相同，无需调整', 'change changes nothing'),
  changeNotOpen: () => new DomainError('BENEFITS.CHANGE_NOT_OPEN', '该调整已生效或已撤销', 'change no longer scheduled'),
  basisRequired: () =>
    new DomainError('BENEFITS.BASIS_REQUIRED', '合同外的增值服务须有审批依据（保险法第一百一十六条），请填写审批文号', 'outside-contract benefit without an approval basis'),
  duplicate: () => new DomainError('BENEFITS.DUPLICATE', '该权益编号已存在', 'benefit id exists'),
  slotExists: () => new DomainError('BENEFITS.SLOT_EXISTS', '该权益在这个时间已有预约时段，请调整名额或选择其他时间', 'slot id exists'),
  slotConflict: () => new DomainError('BENEFITS.SLOT_HAS_BOOKINGS', '容量不能少于已预约人数', 'capacity below the bookings held'),
};
