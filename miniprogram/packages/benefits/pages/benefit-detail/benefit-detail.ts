import { generated } from '../../../../config.generated';
import { ApiCallError, callFunction, failureMessage } from '../../../../services/api';
import { BENEFIT_ROUTES, BINDING_REQUIRED } from '../../routes';

interface Detail {
  id: string;
  name: string;
  kindLabel: string;
  description: string;
  eligible: boolean;
  eligibleTiersText: string;
  quotaText: string;
  granted: number;
  used: number;
  remaining: number;
  expiresText?: string;
  needsSlot: boolean;
  redemptionText: string;
  place: string;
  basisText: string;
  cancelRule: string;
  status: string;
  consentNeeded?: { partner: string; text: string };
  upcomingChanges: string[];
}
interface SlotItem {
  id: string;
  startsAt: string;
  timeText: string;
  left: number;
  open: boolean;
}
interface Day {
  day: string;
  label: string;
  slots: (SlotItem & { hour: string })[];
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
/** Slots grouped by their Shanghai day, for the picker (day chips, then that day's times). */
const byDay = (slots: SlotItem[]): Day[] => {
  const days: Day[] = [];
  for (const s of slots) {
    const day = s.timeText.slice(0, 10);
    let d = days.find((x) => x.day === day);
    if (!d) {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      d = { day, label: `${day.slice(5).replace('-', '/')} 周${WEEKDAYS[weekday]}`, slots: [] };
      days.push(d);
    }
    d.slots.push({ ...s, hour: s.timeText.slice(11, 16) });
  }
  return days;
};

/** One key per booking attempt: a retry on a flaky network returns the first booking, never a second. */
const newKey = () => `bk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`.padEnd(16, '0');

/** 权益详情: terms, what is left, upcoming changes; booking with the slot picker and the separate consent naming the partner. */
Component({
  data: {
    id: '',
    detail: null as Detail | null,
    days: [] as Day[],
    dayIndex: 0,
    slotId: '',
    consent: false,
    key: '',
    booking: false,
    booked: null as { number: string; timeText?: string } | null,
    formError: '',
    failure: '',
    needsBinding: false,
    loading: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', key: newKey() });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, failure: '' });
      try {
        const detail = await callFunction<Detail>('benefits', 'detail', { benefitId: this.data.id });
        const slots = detail.needsSlot && detail.eligible ? (await callFunction<{ items: SlotItem[] }>('benefits', 'slots', { benefitId: this.data.id })).items : [];
        const days = byDay(slots);
        const firstOpen = Math.max(0, days.findIndex((d) => d.slots.some((s) => s.open)));
        this.setData({ detail, days, dayIndex: firstOpen });
      } catch (e) {
        if (e instanceof ApiCallError && e.code === BINDING_REQUIRED) this.setData({ needsBinding: true });
        else this.setData({ failure: failureMessage(e) });
      } finally {
        this.setData({ loading: false });
      }
    },
    onRetry() {
      return this.load();
    },
    onDay(e: WechatMiniprogram.TouchEvent) {
      this.setData({ dayIndex: Number(e.currentTarget.dataset.index), slotId: '', formError: '' });
    },
    onSlot(e: WechatMiniprogram.TouchEvent) {
      if (!e.currentTarget.dataset.open) return;
      this.setData({ slotId: String(e.currentTarget.dataset.id), formError: '' });
    },
    onConsent() {
      this.setData({ consent: !this.data.consent, formError: '' });
    },
    /** Tap handler: the subscribe prompt (confirmation, day-before reminder, cancellation) opens inside the tap, before anything awaits. */
    onBook() {
      const d = this.data.detail;
      if (!d || this.data.booking) return undefined;
      if (d.needsSlot && !this.data.slotId) return this.setData({ formError: '请先选择预约时段' });
      if (d.consentNeeded && !this.data.consent) return this.setData({ formError: `请勾选同意向「${d.consentNeeded.partner}」提供信息` });
      const ids = generated.templateIds as Record<string, string>;
      const tmplIds = ['benefits.booked', 'benefits.reminder', 'benefits.cancelled'].map((k) => ids[k]).filter(Boolean);
      if (tmplIds.length && typeof wx.requestSubscribeMessage === 'function')
        wx.requestSubscribeMessage({
          tmplIds,
          success: (res) => {
            const results: Record<string, string> = {};
            for (const id of tmplIds) if (typeof res[id] === 'string') results[id] = res[id] as string;
            callFunction('members', 'reportSubscription', { results }).catch(() => undefined);
          },
        });
      return this.book();
    },
    async book() {
      const d = this.data.detail!;
      this.setData({ booking: true, formError: '' });
      try {
        const booked = await callFunction<{ number: string; timeText?: string }>('benefits', 'book', {
          benefitId: d.id,
          ...(d.needsSlot ? { slotId: this.data.slotId } : {}),
          idempotencyKey: this.data.key,
          ...(d.consentNeeded ? { partnerConsent: { partner: d.consentNeeded.partner, agree: true } } : {}),
        });
        this.setData({ booked, key: newKey() });
        // What is left of the benefit changed: read it again under the confirmation.
        await this.load();
      } catch (e) {
        this.setData({ formError: failureMessage(e) });
        // A full slot or a used-up quota changed what is on screen: read it again.
        if (e instanceof ApiCallError && /SLOT_FULL|QUOTA_USED|SLOT_PAST/.test(e.code)) await this.load();
      } finally {
        this.setData({ booking: false });
      }
      return undefined;
    },
    onMyBookings() {
      wx.navigateTo({ url: BENEFIT_ROUTES.myBookings });
    },
    onBind() {
      wx.navigateTo({ url: BENEFIT_ROUTES.bind });
    },
  },
});
