import { generated } from '../../../../config.generated';
import { ApiCallError, callFunction } from '../../../../services/api';
import { momentText } from '../../../../utils/dates';
import { articleUrl, imageSrc } from '../../routes';

interface Card {
  id: string;
  title: string;
  summary: string;
  publishedAt: string;
  coverUrl?: string;
}

/** 权益宣传: every published article, newest first, a page at a time (anyone may read; binding is not needed). */
Component({
  data: {
    items: [] as (Card & { dateText: string; cover: string })[],
    nextCursor: '',
    loading: false,
    failure: '',
    subscribed: false,
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    async load(fresh: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const page = await callFunction<{ items: Card[]; nextCursor?: string }>('members', 'articles', { limit: 10, ...(fresh || !this.data.nextCursor ? {} : { cursor: this.data.nextCursor }) });
        const now = new Date();
        const items = page.items.map((a) => ({ ...a, dateText: momentText(a.publishedAt, now), cover: imageSrc(a.coverUrl) }));
        this.setData({ items: fresh ? items : [...this.data.items, ...items], nextCursor: page.nextCursor ?? '' });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '网络不稳定，请检查网络后重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onPullDownRefresh() {
      return this.load(true).then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.nextCursor) return this.load(false);
      return undefined;
    },
    onRetry() {
      return this.load(true);
    },
    /**
     * Tap handler: one credit for the article template (新文章提醒). New articles always reach the message centre;
     * a push goes only where the member holds such a credit, one per push, so the prompt may be tapped again.
     */
    onSubscribe() {
      const id = (generated.templateIds as Record<string, string>)['education.article'];
      if (!id || typeof wx.requestSubscribeMessage !== 'function') return;
      wx.requestSubscribeMessage({
        tmplIds: [id],
        success: (res) => {
          const answer = res[id];
          if (typeof answer !== 'string') return;
          callFunction('members', 'reportSubscription', { results: { [id]: answer } })
            .then(() => this.setData({ subscribed: answer === 'accept' }))
            .catch(() => undefined);
        },
      });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: articleUrl(String(e.currentTarget.dataset.id)) });
    },
  },
});
