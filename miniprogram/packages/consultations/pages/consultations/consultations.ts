import type { ConsultationListItem, ConsultationPage } from '../../../../../typings/api';
import { ApiCallError, callFunction } from '../../../../services/api';
import { CONSULTATION_ROUTES, consultationDetailUrl } from '../../routes';

type Card = ConsultationListItem & { tone: string };

/** Answered: the member has something to read; waiting: we owe them; ended: grey. */
const toneOf = (s: ConsultationListItem['status']) => (s === 'answered' ? 'done' : s === 'awaitingReply' || s === 'withAdvisor' ? 'warn' : '');

Component({
  data: {
    items: [] as Card[],
    nextCursor: '',
    loading: false,
    loaded: false,
    failure: '',
  },
  methods: {
    onShow() {
      return this.load(true);
    },
    async load(reset: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const page = await callFunction<ConsultationPage>('consultations', 'listMine', {
          limit: 10,
          ...(!reset && this.data.nextCursor ? { cursor: this.data.nextCursor } : {}),
        });
        const cards = page.items.map((i) => ({ ...i, tone: toneOf(i.status) }));
        this.setData({ items: reset ? cards : [...this.data.items, ...cards], nextCursor: page.nextCursor ?? '', loaded: true });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '网络不稳定，请检查网络后重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onReachBottom() {
      if (this.data.nextCursor) return this.load(false);
    },
    onPullDownRefresh() {
      return this.load(true).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: consultationDetailUrl(String(e.currentTarget.dataset.id)) });
    },
    onAsk() {
      wx.navigateTo({ url: CONSULTATION_ROUTES.ask });
    },
  },
});
