import type { MemberProfile } from '../../../typings/api';
import { ApiCallError, callFunction } from '../../services/api';

/** The services that exist today; each new area adds its entry here. */
const SERVICES = [
  { key: 'complaints', title: '投诉与建议', hint: '专人负责，限时答复', url: '/pages/complaints/complaints' },
  { key: 'guide', title: '投诉指引', hint: '渠道、流程与时限', url: '/pages/complaint-guide/complaint-guide' },
];

/** 会员中心: who I am (card and tier), what I can do, what is new, and binding for visitors. */
Component({
  data: {
    profile: null as MemberProfile | null,
    services: SERVICES,
    unread: 0,
    loading: false,
    failure: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const [profile, messages] = await Promise.all([
          callFunction<MemberProfile>('members', 'me'),
          callFunction<{ unread: number }>('members', 'listMessages', { limit: 20 }),
        ]);
        // Names joined the way Chinese lists are written (、), not with the comma an array renders with.
        const policies = profile.policies.map((p) => ({ ...p, insuredText: p.insured.join('、') }));
        this.setData({ profile: { ...profile, policies }, unread: messages.unread });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '加载失败，请重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      this.load();
    },
    onService(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: String(e.currentTarget.dataset.url) });
    },
    onBind() {
      wx.navigateTo({ url: '/pages/bind/bind' });
    },
    onMessages() {
      wx.navigateTo({ url: '/pages/messages/messages' });
    },
  },
});
