import { ApiCallError, callFunction } from '../../../../services/api';
import { BENEFIT_ROUTES, BINDING_REQUIRED, benefitDetailUrl } from '../../routes';

interface TierCard {
  tier: string;
  tierLabel: string;
  sinceText: string;
  reviewedAtText: string;
  nextReviewText: string;
  nextTier?: { label: string; needs: string };
  downgrade?: { label: string; effectiveText: string };
}
interface BenefitItem {
  id: string;
  name: string;
  kindLabel: string;
  description: string;
  eligible: boolean;
  eligibleTiersText: string;
  quotaText: string;
  granted: number;
  remaining: number;
  expiresText?: string;
  upcomingChanges: string[];
}

/** 会员中心 › 会员权益: the tier card (tier, what the next one needs, when reviewed) and every benefit with what is left of it. */
Component({
  data: {
    tier: null as TierCard | null,
    items: [] as BenefitItem[],
    loading: false,
    needsBinding: false,
    failure: '',
  },
  methods: {
    onShow() {
      return this.load();
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const [tier, list] = await Promise.all([callFunction<TierCard>('benefits', 'myTier', {}), callFunction<{ items: BenefitItem[] }>('benefits', 'list', {})]);
        this.setData({ tier, items: list.items, needsBinding: false });
      } catch (e) {
        if (e instanceof ApiCallError && e.code === BINDING_REQUIRED) this.setData({ needsBinding: true, tier: null, items: [] });
        else this.setData({ failure: e instanceof ApiCallError ? e.message : '网络不稳定，请检查网络后重试' });
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
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: benefitDetailUrl(String(e.currentTarget.dataset.id)) });
    },
    onMyBookings() {
      wx.navigateTo({ url: BENEFIT_ROUTES.myBookings });
    },
    onBind() {
      wx.navigateTo({ url: BENEFIT_ROUTES.bind });
    },
  },
});
