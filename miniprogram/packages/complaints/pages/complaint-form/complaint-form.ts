import type { MemberProfile, SubmitComplaintResponse, SubscribeResult } from '../../../../../typings/api';
import { config } from '../../../../config';
import { ApiCallError, callFunction } from '../../../../services/api';
import { CATEGORY_OPTIONS, COMPLAINT_LIMITS } from '../../../../services/complaintLimits';
import { choosePdfs, choosePhotos, needsUpload, roomLeft, uploadPending, withAdded } from '../../../../utils/attachments';
import { clearDraft, loadDraft, saveDraft, type ComplaintDraft, type DraftFile } from '../../../../utils/draft';
import { ROUTES, complaintDetailUrl } from '../../../../utils/routes';

const TEXT = {
  chooseCategory: '请选择投诉类型',
  descriptionShort: `投诉内容至少${COMPLAINT_LIMITS.descriptionMin}个字`,
  submitFailed: '提交失败，内容已保存，请重试',
  submitted: '提交成功',
  otherPolicy: '其他/不涉及保单',
  subscribeReportFailed: '进度通知订阅未能保存，可能收不到提醒',
  submittedWithoutSubscription: '提交成功，但通知订阅未保存',
};

/** A bound member picks one of their own policies (their own data: the number is shown in full). */
interface PolicyOption {
  policyNo: string;
  label: string;
}

/** Which picker row the draft's policy number stands for: one of theirs, 其他 (any other number), or none yet. */
const policyChoice = (policies: PolicyOption[], policyNo: string) => {
  const index = policies.findIndex((p) => p.policyNo === policyNo);
  if (index >= 0) return { policyIndex: index, policyOther: false };
  if (policyNo) return { policyIndex: policies.length, policyOther: true };
  return { policyIndex: -1, policyOther: false };
};

type State = 'idle' | 'submitting' | 'failed';

Component({
  data: {
    categories: CATEGORY_OPTIONS.map((c) => c.label),
    limits: COMPLAINT_LIMITS,
    draft: loadDraft() as ComplaintDraft,
    state: 'idle' as State,
    errors: {} as Record<string, string>,
    failure: '',
    /** Set when the subscribe answer could not be reported: the complaint still goes in, the member is told. */
    subscribeFailure: '',
    policies: [] as PolicyOption[],
    policyLabels: [] as string[],
    policyIndex: -1,
    policyOther: false,
  },
  methods: {
    onLoad() {
      this.setData({ draft: loadDraft() });
      return this.loadPolicies();
    },
    /** Visitors, and anyone whose profile does not load, keep the free-text field: nobody is kept from complaining. */
    async loadPolicies() {
      try {
        const profile = await callFunction<MemberProfile>('members', 'me');
        if (profile.kind !== 'bound' || !profile.policies.length) return;
        const policies = profile.policies.map((p) => ({ policyNo: p.policyNo, label: `${p.productName} ${p.policyNo}` }));
        this.setData({ policies, policyLabels: [...policies.map((p) => p.label), TEXT.otherPolicy], ...policyChoice(policies, this.data.draft.policyNo) });
      } catch {
        // the free-text field stays
      }
    },
    update(patch: Partial<ComplaintDraft>) {
      const draft = { ...this.data.draft, ...patch };
      saveDraft(draft);
      this.setData({ draft, errors: {}, failure: this.data.state === 'failed' ? this.data.failure : '' });
    },
    onCategoryChange(e: WechatMiniprogram.PickerChange) {
      this.update({ categoryIndex: Number(e.detail.value) });
    },
    onDescriptionInput(e: WechatMiniprogram.Input) {
      this.update({ description: e.detail.value });
    },
    onPolicyInput(e: WechatMiniprogram.Input) {
      this.update({ policyNo: e.detail.value.trim() });
    },
    onPolicyPick(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value);
      const picked = this.data.policies[index];
      this.setData({ policyIndex: index, policyOther: !picked });
      this.update({ policyNo: picked ? picked.policyNo : '' });
    },
    /** Room left for photos and PDFs together (the server's attachment limit); a toast when there is none. */
    room(): number {
      return roomLeft(this.data.draft.photos);
    },
    /** Adds what fits within the count limit, telling the member about what does not. */
    addFiles(files: DraftFile[], tooLarge?: string) {
      const photos = withAdded(this.data.draft.photos, files, tooLarge);
      if (photos !== this.data.draft.photos) this.update({ photos });
    },
    onChoosePhotos() {
      const room = this.room();
      if (room > 0) choosePhotos(room, (files, tooLarge) => this.addFiles(files, tooLarge));
    },
    onChoosePdfs() {
      const room = this.room();
      if (room > 0) choosePdfs(room, (files, tooLarge) => this.addFiles(files, tooLarge));
    },
    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.update({ photos: this.data.draft.photos.filter((_, i) => i !== index) });
    },
    validate(): Record<string, string> {
      const d = this.data.draft;
      const errors: Record<string, string> = {};
      if (d.categoryIndex < 0) errors.category = TEXT.chooseCategory;
      if (d.description.trim().length < COMPLAINT_LIMITS.descriptionMin) errors.description = TEXT.descriptionShort;
      return errors;
    },
    /** Tap handler: the subscribe prompt must open synchronously inside the tap, before anything awaits. */
    onSubmit() {
      if (this.data.state === 'submitting') return;
      const errors = this.validate();
      if (Object.keys(errors).length) {
        this.setData({ errors });
        return;
      }
      const tmplIds = [config.subscribeTemplates.complaintProgress, config.subscribeTemplates.complaintResult];
      wx.requestSubscribeMessage({
        tmplIds,
        success: (res) => {
          const results: Record<string, SubscribeResult> = {};
          for (const id of tmplIds) if (typeof res[id] === 'string') results[id] = res[id] as SubscribeResult;
          // Never blocks the submit; a failure is shown, not swallowed (the member may get no pushes).
          callFunction('members', 'reportSubscription', { results }).catch(() => {
            this.setData({ subscribeFailure: TEXT.subscribeReportFailed });
            wx.showToast({ title: TEXT.subscribeReportFailed, icon: 'none', duration: 3000 });
          });
        },
      });
      this.submit();
    },
    async submit() {
      this.setData({ state: 'submitting', failure: '', errors: {}, subscribeFailure: '' });
      try {
        // An upload is not sent twice after a failure, unless it may have been swept meanwhile (or has no time: an older draft).
        // (No await when there is nothing to upload: the submit request then leaves first, as before.)
        const photos = this.data.draft.photos.some(needsUpload)
          ? await uploadPending(this.data.draft.photos, (uploaded) => this.update({ photos: uploaded }))
          : this.data.draft.photos;
        const d = this.data.draft;
        const res = await callFunction<SubmitComplaintResponse>('complaints', 'submit', {
          idempotencyKey: d.idempotencyKey,
          category: CATEGORY_OPTIONS[d.categoryIndex].key,
          description: d.description.trim(),
          ...(d.policyNo ? { policyNo: d.policyNo } : {}),
          attachments: photos.map((p) => p.fileID),
        });
        clearDraft();
        this.setData({ state: 'idle' });
        if (this.data.subscribeFailure) wx.showToast({ title: TEXT.submittedWithoutSubscription, icon: 'none', duration: 3000 });
        else wx.showToast({ title: TEXT.submitted, icon: 'success' });
        wx.redirectTo({ url: complaintDetailUrl(res.complaint.id) });
      } catch (e) {
        const err = e instanceof ApiCallError ? e : undefined;
        // A file the server no longer has (swept, or deleted as not allowed): upload them all again on retry.
        if (err?.code === 'ATTACHMENT.NOT_YOURS') this.update({ photos: this.data.draft.photos.map((f) => ({ ...f, fileID: undefined, uploadedAt: undefined })) });
        const errors: Record<string, string> = {};
        for (const issue of err?.issues ?? []) errors[issue.path.split('.')[0]] = issue.message;
        this.setData({ state: 'failed', errors, failure: err ? err.message : TEXT.submitFailed });
      }
    },
    onOpenGuide() {
      wx.navigateTo({ url: ROUTES.complaintGuide });
    },
  },
});
