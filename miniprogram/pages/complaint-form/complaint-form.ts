import type { SubmitComplaintResponse, SubscribeResult } from '../../../typings/api';
import { config } from '../../config';
import { ApiCallError, callFunction, uploadImage } from '../../services/api';
import { CATEGORY_OPTIONS, COMPLAINT_LIMITS } from '../../services/complaintLimits';
import { clearDraft, loadDraft, saveDraft, type ComplaintDraft } from '../../utils/draft';

const TEXT = {
  chooseCategory: '请选择投诉类型',
  descriptionShort: `投诉内容至少${COMPLAINT_LIMITS.descriptionMin}个字`,
  tooManyPhotos: `最多上传${COMPLAINT_LIMITS.attachmentsMax}张图片`,
  submitFailed: '提交失败，内容已保存，请重试',
  submitted: '提交成功',
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
  },
  methods: {
    onLoad() {
      this.setData({ draft: loadDraft() });
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
    onChoosePhotos() {
      const room = COMPLAINT_LIMITS.attachmentsMax - this.data.draft.photos.length;
      if (room <= 0) {
        wx.showToast({ title: TEXT.tooManyPhotos, icon: 'none' });
        return;
      }
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        success: (res) => this.update({ photos: [...this.data.draft.photos, ...res.tempFiles.map((f) => ({ path: f.tempFilePath }))] }),
      });
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
          callFunction('members', 'reportSubscription', { results }).catch(() => undefined);
        },
      });
      this.submit();
    },
    async submit() {
      this.setData({ state: 'submitting', failure: '', errors: {} });
      try {
        const photos = [...this.data.draft.photos];
        for (const [i, p] of photos.entries()) {
          if (p.fileID) continue;
          photos[i] = { ...p, fileID: await uploadImage(p.path) };
          this.update({ photos }); // an uploaded photo is not sent twice after a failure
        }
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
        wx.showToast({ title: TEXT.submitted, icon: 'success' });
        wx.redirectTo({ url: `/pages/complaint-detail/complaint-detail?id=${res.complaint.id}` });
      } catch (e) {
        const err = e instanceof ApiCallError ? e : undefined;
        const errors: Record<string, string> = {};
        for (const issue of err?.issues ?? []) errors[issue.path.split('.')[0]] = issue.message;
        this.setData({ state: 'failed', errors, failure: err ? err.message : TEXT.submitFailed });
      }
    },
    onOpenGuide() {
      wx.navigateTo({ url: '/pages/complaint-guide/complaint-guide' });
    },
  },
});
