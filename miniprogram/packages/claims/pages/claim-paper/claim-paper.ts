import type { MemberClaimView } from '../../../../../typings/api';
import { ApiCallError, callFunction } from '../../../../services/api';
import { drawPaper } from '../../paperImage';
import { letterLayout, paperAsText, receiptLayout, type PaperLayout } from '../../paperText';

const TEXT = {
  loadFailed: '网络不稳定，请检查网络后重试',
  notYet: '该单证尚未生成',
  copied: '已复制单证文字，可粘贴发送',
};

/**
 * One claim paper: the report's electronic receipt (电子回单) or the assessment / refusal letter. Read from
 * the claim as the server gives it (the same numbers the handler recorded); 保存图片并分享 draws it on a
 * canvas with the phone's fonts and opens WeChat's share sheet for the image.
 */
Component({
  data: {
    id: '',
    kind: 'receipt' as 'receipt' | 'letter',
    paper: null as PaperLayout | null,
    loading: false,
    failure: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', kind: query.kind === 'letter' ? 'letter' : 'receipt' });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, failure: '' });
      try {
        const c = await callFunction<MemberClaimView>('claims', 'detail', { id: this.data.id });
        const paper = this.data.kind === 'letter' ? (c.letter ? letterLayout(c.letter) : null) : c.receipt ? receiptLayout(c.receipt) : null;
        if (!paper) this.setData({ failure: TEXT.notYet });
        else {
          this.setData({ paper });
          wx.setNavigationBarTitle({ title: paper.title });
        }
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      } finally {
        this.setData({ loading: false });
      }
    },
    onRetry() {
      return this.load();
    },
    /** The image of the paper to a chat; where the phone cannot draw it, the text is copied instead. */
    async onShare() {
      const paper = this.data.paper;
      if (!paper) return;
      this.setData({ busy: true });
      try {
        const canvas = await new Promise<WechatMiniprogram.Canvas>((resolve, reject) =>
          this.createSelectorQuery()
            .select('#paper-canvas')
            .fields({ node: true, size: true }, (r) => (r && r.node ? resolve(r.node as WechatMiniprogram.Canvas) : reject(new Error('no canvas'))))
            .exec(),
        );
        const path = await drawPaper(canvas, paper, wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2);
        wx.showShareImageMenu({ path });
      } catch {
        wx.setClipboardData({ data: paperAsText(paper), success: () => wx.showToast({ title: TEXT.copied, icon: 'none' }) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
