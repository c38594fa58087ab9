import type { ComplaintListItem, ComplaintPage } from '../../../../../typings/api';
import { ApiCallError, callFunction } from '../../../../services/api';
import { ROUTES, complaintDetailUrl } from '../../../../utils/routes';
import { listCardLine, statusTone } from '../../../../utils/complaintDisplay';
import { shanghaiTextToMoment } from '../../../../utils/dates';

/** A list card: the complaint plus its tag colour and the line that says what is next (to-do or date). */
type Card = ComplaintListItem & { tone: string; todoText: string; nextText: string; late: boolean };

const toCard = (item: ComplaintListItem, now: Date): Card => {
  const line = listCardLine(item, now);
  return { ...item, receivedAtText: shanghaiTextToMoment(item.receivedAtText, now), tone: statusTone(item.status), todoText: line.todo, nextText: line.next, late: line.overdue };
};

Component({
  data: {
    items: [] as Card[],
    nextCursor: '' as string,
    loading: false,
    loaded: false,
    failure: '',
  },
  methods: {
    onShow() {
      this.load(true);
    },
    async load(reset: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const page = await callFunction<ComplaintPage>('complaints', 'listMine', {
          limit: 10,
          ...(!reset && this.data.nextCursor ? { cursor: this.data.nextCursor } : {}),
        });
        const cards = page.items.map((item) => toCard(item, new Date()));
        this.setData({
          items: reset ? cards : [...this.data.items, ...cards],
          nextCursor: page.nextCursor ?? '',
          loaded: true,
        });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '网络不稳定，请检查网络后重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onReachBottom() {
      if (this.data.nextCursor) this.load(false);
    },
    onPullDownRefresh() {
      return this.load(true).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: complaintDetailUrl(String(e.currentTarget.dataset.id)) });
    },
    onNew() {
      wx.navigateTo({ url: ROUTES.complaintForm });
    },
    onMessages() {
      wx.navigateTo({ url: ROUTES.messages });
    },
    onGuide() {
      wx.navigateTo({ url: ROUTES.complaintGuide });
    },
  },
});
