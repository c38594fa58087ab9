import type { ClaimListItem, ClaimPage } from '../../../../../typings/api';
import { ApiCallError, callFunction } from '../../../../services/api';
import { dueDateText } from '../../../../utils/dates';
import { CLAIM_ROUTES, claimDetailUrl, claimReportUrl } from '../../routes';

type Card = ClaimListItem & { tone: string; dueLine: string };

/** Needs the member: orange; done: green; drafts and ended ones grey. */
const toneOf = (c: ClaimListItem) => (c.status === 'documentsPending' || c.awaitingAcceptance ? 'warn' : c.status === 'paid' ? 'done' : c.status === 'draft' || c.status === 'withdrawn' ? '' : 'info');

Component({
  data: { items: [] as Card[], nextCursor: '', loading: false, loaded: false, failure: '' },
  methods: {
    onShow() {
      return this.load(true);
    },
    async load(reset: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const page = await callFunction<ClaimPage>('claims', 'listMine', { limit: 10, ...(!reset && this.data.nextCursor ? { cursor: this.data.nextCursor } : {}) });
        const now = new Date();
        const cards = page.items.map((i) => ({
          ...i,
          tone: toneOf(i),
          dueLine: i.status === 'documentsPending' ? `待您补充${i.needed}项材料` : i.awaitingAcceptance ? '请确认赔付金额' : i.dueAt && i.status !== 'draft' ? `下一时限：${dueDateText(i.dueAt, now)}` : i.status === 'draft' ? '草稿，尚未提交' : '',
        }));
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
      const { id, status } = e.currentTarget.dataset as { id: string; status: string };
      wx.navigateTo({ url: status === 'draft' ? claimReportUrl(id) : claimDetailUrl(id) });
    },
    onReport() {
      wx.navigateTo({ url: CLAIM_ROUTES.report });
    },
  },
});
