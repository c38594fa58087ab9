import { ApiCallError, callFunction } from '../../services/api';
import { currentRoute } from '../../utils/routes';

interface MessageItem {
  id: string;
  title: string;
  body: string;
  page: string;
  createdAtText: string;
  read: boolean;
}

/** 消息中心: every notification lands here, whether or not a WeChat push could be sent. */
Component({
  data: { items: [] as MessageItem[], unread: 0, loaded: false, failure: '' },
  methods: {
    onShow() {
      return this.load();
    },
    async load() {
      try {
        const res = await callFunction<{ items: MessageItem[]; unread: number }>('members', 'listMessages', { limit: 20 });
        this.setData({ items: res.items, unread: res.unread, loaded: true, failure: '' });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '加载失败，请稍后重试' });
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
