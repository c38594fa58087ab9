import type { ComplaintListItem, ComplaintPage } from '../../../../../typings/api';
import { ApiCallError, callFunction } from '../../../../services/api';
import { ROUTES, complaintDetailUrl } from '../../../../utils/routes';

Component({
  data: {
    items: [] as ComplaintListItem[],
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
        this.setData({
          items: reset ? page.items : [...this.data.items, ...page.items],
          nextCursor: page.nextCursor ?? '',
          loaded: true,
        });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '加载失败，请下拉重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onReachBottom() {
      if (this.data.nextCursor) this.load(false);
    },
    onPullDownRefresh() {
      this.load(true).then(() => wx.stopPullDownRefresh());
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
