import type { ClaimPolicyOption, ClaimTypeOption, MemberClaimView, SaveClaimDraftResponse } from '../../../../../typings/api';
import { ApiCallError, callFunction } from '../../../../services/api';
import { newIdempotencyKey } from '../../../../utils/draft';
import { ROUTES } from '../../../../utils/routes';
import { CLAIM_KEY_STORAGE, claimDetailUrl, fenOf, REPORT_LIMITS } from '../../routes';

const TEXT = {
  loadFailed: '网络不稳定，请检查网络后重试',
  choosePolicy: '请选择保单',
  chooseInsured: '请选择出险人（被保险人）',
  chooseType: '请选择理赔类型',
  chooseDate: '请选择出险日期',
  place: '请填写出险地点',
  description: `请描述事故经过（至少${REPORT_LIMITS.descriptionMin}个字）`,
  amount: '申请金额请填写数字，最多两位小数',
  saved: '草稿已保存',
};

interface Form {
  policyIndex: number;
  insuredIndex: number;
  typeIndex: number;
  incidentDate: string;
  place: string;
  description: string;
  amount: string;
}

const today = () => {
  const d = new Date(Date.now() + 8 * 3600_000);
  return d.toISOString().slice(0, 10);
};

/**
 * 报案: one of the member's bound policies in force and a person insured on it, the claim type (its
 * document list shown at once), date, place and what happened. Saved as a draft (kept on the server,
 * resumed from 我的理赔), then submitted once: the idempotency key survives retries and restarts.
 */
Component({
  data: {
    id: '',
    key: '',
    policies: [] as ClaimPolicyOption[],
    policyNames: [] as string[],
    insuredNames: [] as string[],
    types: [] as ClaimTypeOption[],
    typeNames: [] as string[],
    checklist: [] as ClaimTypeOption['checklist'],
    form: { policyIndex: -1, insuredIndex: -1, typeIndex: -1, incidentDate: '', place: '', description: '', amount: '' } as Form,
    today: today(),
    limits: REPORT_LIMITS,
    errors: {} as Record<string, string>,
    needsBinding: false,
    loading: true,
    busy: false,
    failure: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const key = (wx.getStorageSync(CLAIM_KEY_STORAGE) as string) || newIdempotencyKey();
      wx.setStorageSync(CLAIM_KEY_STORAGE, key);
      this.setData({ id: query.id ?? '', key });
      try {
        const [{ types }, { policies }] = await Promise.all([
          callFunction<{ types: ClaimTypeOption[] }>('claims', 'types'),
          callFunction<{ policies: ClaimPolicyOption[] }>('claims', 'myPolicies'),
        ]);
        this.setData({ types, typeNames: types.map((t) => t.label), policies, policyNames: policies.map((p) => `${p.productName}（${p.policyNo}）`) });
        if (this.data.id) this.resume(await callFunction<MemberClaimView>('claims', 'detail', { id: this.data.id }));
      } catch (e) {
        if (e instanceof ApiCallError && e.code === 'CLAIM.NEEDS_BINDING') this.setData({ needsBinding: true });
        else this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      } finally {
        this.setData({ loading: false });
      }
    },
    /** A saved draft back into the form. */
    resume(c: MemberClaimView) {
      const policyIndex = this.data.policies.findIndex((p) => p.policyNo === c.policyNo);
      const typeIndex = this.data.types.findIndex((t) => t.key === c.claimType);
      this.setData({
        form: {
          policyIndex,
          insuredIndex: c.insured.index,
          typeIndex,
          incidentDate: c.incidentDate,
          place: c.place,
          description: c.description,
          amount: c.claimedYuan ? c.claimedYuan.replace(/,/g, '') : '',
        },
      });
      this.refreshChoices();
    },
    refreshChoices() {
      const p = this.data.policies[this.data.form.policyIndex];
      const t = this.data.types[this.data.form.typeIndex];
      this.setData({
        insuredNames: p ? p.insured.map((i) => `${i.name}（${i.relation}）`) : [],
        checklist: t ? t.checklist : [],
        // Types this policy does not pay stay listed (the picker's indexes stay put) but say so.
        typeNames: this.data.types.map((x) => (p && !p.claimTypes.includes(x.key) ? `${x.label}（本保单不保障）` : x.label)),
      });
    },
    onPolicy(e: WechatMiniprogram.PickerChange) {
      this.setData({ 'form.policyIndex': Number(e.detail.value), 'form.insuredIndex': -1, errors: {} });
      this.refreshChoices();
    },
    onInsured(e: WechatMiniprogram.PickerChange) {
      this.setData({ 'form.insuredIndex': Number(e.detail.value), errors: {} });
    },
    onType(e: WechatMiniprogram.PickerChange) {
      this.setData({ 'form.typeIndex': Number(e.detail.value), errors: {} });
      this.refreshChoices();
    },
    onDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ 'form.incidentDate': String(e.detail.value), errors: {} });
    },
    onPlace(e: WechatMiniprogram.Input) {
      this.setData({ 'form.place': e.detail.value });
    },
    onDescription(e: WechatMiniprogram.Input) {
      this.setData({ 'form.description': e.detail.value });
    },
    onAmount(e: WechatMiniprogram.Input) {
      this.setData({ 'form.amount': e.detail.value });
    },
    /** What the page can tell before asking; `forSubmit` adds what a draft may still lack. */
    check(forSubmit: boolean): Record<string, string> {
      const f = this.data.form;
      const errors: Record<string, string> = {};
      if (f.policyIndex < 0) errors.policy = TEXT.choosePolicy;
      if (f.insuredIndex < 0) errors.insured = TEXT.chooseInsured;
      if (f.typeIndex < 0) errors.type = TEXT.chooseType;
      const p = this.data.policies[f.policyIndex];
      const t = this.data.types[f.typeIndex];
      if (p && t && !p.claimTypes.includes(t.key)) errors.type = `该保单不保障“${t.label}”，请选择保单保障范围内的理赔类型`;
      if (!f.incidentDate) errors.date = TEXT.chooseDate;
      if (Number.isNaN(fenOf(f.amount))) errors.amount = TEXT.amount;
      if (forSubmit && !f.place.trim()) errors.place = TEXT.place;
      if (forSubmit && f.description.trim().length < REPORT_LIMITS.descriptionMin) errors.description = TEXT.description;
      return errors;
    },
    async save(): Promise<MemberClaimView | undefined> {
      const f = this.data.form;
      const fen = fenOf(f.amount);
      const res = await callFunction<SaveClaimDraftResponse>('claims', 'saveDraft', {
        idempotencyKey: this.data.key,
        ...(this.data.id ? { id: this.data.id } : {}),
        policyNo: this.data.policies[f.policyIndex].policyNo,
        insuredIndex: f.insuredIndex,
        claimType: this.data.types[f.typeIndex].key,
        incidentDate: f.incidentDate,
        place: f.place.trim(),
        description: f.description.trim(),
        ...(fen !== undefined ? { claimedFen: fen } : {}),
      });
      this.setData({ id: res.claim.id });
      return res.claim;
    },
    async onSaveDraft() {
      const errors = this.check(false);
      this.setData({ errors, failure: '' });
      if (Object.keys(errors).length) return;
      this.setData({ busy: true });
      try {
        await this.save();
        wx.showToast({ title: TEXT.saved, icon: 'success' });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? (e.issues[0]?.message ?? e.message) : TEXT.loadFailed });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onSubmit() {
      const errors = this.check(true);
      this.setData({ errors, failure: '' });
      if (Object.keys(errors).length) return;
      this.setData({ busy: true });
      try {
        const draft = await this.save();
        const { claim } = await callFunction<SaveClaimDraftResponse>('claims', 'submit', { id: draft!.id, idempotencyKey: this.data.key });
        wx.removeStorageSync(CLAIM_KEY_STORAGE);
        wx.redirectTo({ url: claimDetailUrl(claim.id) });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? (e.issues[0]?.message ?? e.message) : TEXT.loadFailed });
      } finally {
        this.setData({ busy: false });
      }
    },
    onBind() {
      wx.navigateTo({ url: ROUTES.bind });
    },
  },
});
