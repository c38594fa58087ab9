import { ApiCallError, callFunction } from '../../../../services/api';
import { momentText } from '../../../../utils/dates';
import { EDUCATION_ROUTES, imageSrc } from '../../routes';

type Block = { kind: 'text'; text: string } | { kind: 'image'; url: string; caption: string };
interface ArticleView {
  id: string;
  title: string;
  summary: string;
  publishedAt: string;
  coverUrl?: string;
  blocks: Block[];
}

/**
 * One article: cover, title, date, then its paragraphs and images in order. Opening it records the read on
 * the server (the member's first open; a bound member counts toward this month's publicity reach).
 */
Component({
  data: {
    id: '',
    article: null as (ArticleView & { dateText: string; cover: string }) | null,
    blocks: [] as { kind: string; text?: string; src?: string; caption?: string }[],
    loading: false,
    failure: '',
    /** Withdrawn or unknown: trying again cannot help, the list can. */
    gone: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const a = await callFunction<ArticleView>('members', 'article', { id: this.data.id });
        this.setData({
          article: { ...a, dateText: momentText(a.publishedAt, new Date()), cover: imageSrc(a.coverUrl) },
          blocks: a.blocks.map((b) => (b.kind === 'text' ? { kind: 'text', text: b.text } : { kind: 'image', src: imageSrc(b.url), caption: b.caption })),
        });
        wx.setNavigationBarTitle({ title: '权益宣传' });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '网络不稳定，请检查网络后重试', gone: e instanceof ApiCallError && e.code === 'EDUCATION.NOT_FOUND' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onRetry() {
      return this.load();
    },
    onAll() {
      wx.redirectTo({ url: EDUCATION_ROUTES.articles });
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const src = String(e.currentTarget.dataset.src);
      wx.previewImage({ current: src, urls: this.data.blocks.filter((b) => b.kind === 'image').map((b) => b.src ?? '') });
    },
  },
});
