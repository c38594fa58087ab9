import { ApiCallError, callFunction, failureMessage } from '../../../../services/api';
import { BENEFIT_ROUTES, BINDING_REQUIRED } from '../../routes';

interface BookingItem {
  id: string;
  number: string;
  name: string;
  place: string;
  partner?: string;
  status: string;
  statusLabel: string;
  timeText?: string;
  bookedAtText: string;
  canCancel: boolean;
  canShowCode: boolean;
}
interface Code {
  bookingId: string;
  code: string;
  qr: string;
  expiresText: string;
}

const TONE: Record<string, string> = { booked: '', used: 'done', cancelled: 'warn' };
/** The code in two groups of four, easier to read out to the counter. */
const spaced = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

/** 我的预约: each booking with its time and place; a live one shows its single-use code (QR drawn on the server) and may be cancelled before the cut-off. */
Component({
  data: {
    items: [] as (BookingItem & { tone: string })[],
    code: null as (Code & { spaced: string }) | null,
    focus: '',
    loading: false,
    loaded: false,
    failure: '',
    needsBinding: false,
    actionError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ focus: query.id ?? '' });
    },
    onShow() {
      return this.load();
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const res = await callFunction<{ items: BookingItem[] }>('benefits', 'myBookings', {});
        this.setData({ items: res.items.map((b) => ({ ...b, tone: TONE[b.status] ?? '' })), loaded: true });
      } catch (e) {
        if (e instanceof ApiCallError && e.code === BINDING_REQUIRED) this.setData({ needsBinding: true });
        else this.setData({ failure: failureMessage(e) });
      } finally {
        this.setData({ loading: false });
      }
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load();
    },
    async onShowCode(e: WechatMiniprogram.TouchEvent) {
      const bookingId = String(e.currentTarget.dataset.id);
      this.setData({ actionError: '' });
      try {
        const code = await callFunction<Code>('benefits', 'redemptionCode', { bookingId });
        this.setData({ code: { ...code, spaced: spaced(code.code) } });
      } catch (err) {
        this.setData({ actionError: failureMessage(err), code: null });
        await this.load();
      }
    },
    onHideCode() {
      this.setData({ code: null });
    },
    async onCancel(e: WechatMiniprogram.TouchEvent) {
      const bookingId = String(e.currentTarget.dataset.id);
      const confirmed = await new Promise<boolean>((resolve) =>
        wx.showModal({ title: '取消预约', content: '取消后名额释放、次数退回，确定取消吗？', confirmText: '取消预约', cancelText: '再想想', success: (r) => resolve(r.confirm), fail: () => resolve(false) }),
      );
      if (!confirmed) return;
      this.setData({ actionError: '' });
      try {
        await callFunction('benefits', 'cancel', { bookingId });
        wx.showToast({ title: '已取消', icon: 'success' });
      } catch (err) {
        this.setData({ actionError: failureMessage(err) });
      }
      await this.load();
    },
    onBenefits() {
      wx.navigateTo({ url: BENEFIT_ROUTES.benefits });
    },
    onBind() {
      wx.navigateTo({ url: BENEFIT_ROUTES.bind });
    },
    noop() {
      return undefined;
    },
  },
});
