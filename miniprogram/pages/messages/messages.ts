import { ApiCallError, callFunction } from '../../services/api';
import { currentRoute } from '../../utils/routes';
import { shanghaiTextToMoment } from '../../utils/dates';

interface MessageItem {
  id: string;
  title: string;
  body: string;
  page: string;
  createdAtText: string;
  read: boolean;
}

/** A title is `<what happened> · <number>` (older entries: `投诉 <number>`): the event leads, the number is secondary. */
const shown = (m: MessageItem) => {
  const cut = m.title.lastIndexOf(' · ');
  return cut < 0 ? { ...m, headline: m.title, ref: '' } : { ...m, headline: m.title.slice(0, cut), ref: m.title.slice(cut + 3) };
};

/** 消息中心: every notification lands here, whether or not a WeChat push could be sent. */
Component({
  data: { items: [] as (MessageItem & { headline: string; ref: string })[], unread: 0, loaded: false, loading: false, failure: '', markingAll: false },
  methods: {
    onShow() {
      return this.load();
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true });
      try {
        const res = await callFunction<{ items: MessageItem[]; unread: number }>('members', 'listMessages', { limit: 20 });
        const now = new Date();
        this.setData({ items: res.items.map((m) => shown({ ...m, createdAtText: shanghaiTextToMoment(m.createdAtText, now) })), unread: res.unread, loaded: true, failure: '' });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '加载失败，请稍后重试' });
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
    /** 全部已读: marked on the server first, so the list never shows read what the server still counts. */
    async onMarkAllRead() {
      if (this.data.markingAll || !this.data.unread) return;
      this.setData({ markingAll: true });
      try {
        const res = await callFunction<{ unread: number }>('members', 'markAllRead');
        this.setData({ items: this.data.items.map((m) => ({ ...m, read: true })), unread: res.unread });
      } catch (e) {
        wx.showToast({ title: e instanceof ApiCallError ? e.message : '操作失败，请稍后重试', icon: 'none' });
      } finally {
        this.setData({ markingAll: false });
      }
    },
    async onOpen(e: WechatMiniprogram.TouchEvent) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)];
      if (!item) return;
      if (!item.read) {
        callFunction('members', 'markRead', { id: item.id }).catch(() => undefined);
        this.setData({ [`items[${e.currentTarget.dataset.index}].read`]: true, unread: Math.max(0, this.data.unread - 1) });
      }
      wx.navigateTo({ url: currentRoute(item.page) }); // entries filed before the subpackages keep their old path
    },
  },
});
