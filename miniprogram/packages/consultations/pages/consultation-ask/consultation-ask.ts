import type { AskConsultationResponse, SubscribeResult } from '../../../../../typings/api';
import { generated } from '../../../../config.generated';
import { ApiCallError, callFunction, uploadFile } from '../../../../services/api';
import { choosePhotos, needsUpload } from '../../../../utils/attachments';
import type { DraftFile } from '../../../../utils/draft';
import { clearAskDraft, loadAskDraft, saveAskDraft, type AskDraft } from '../../askDraft';
import { ASK_LIMITS, TOPIC_OPTIONS, consultationDetailUrl } from '../../routes';

const TEXT = {
  chooseTopic: '请选择咨询类型',
  questionShort: `咨询内容至少${ASK_LIMITS.questionMin}个字`,
  tooManyPhotos: `图片最多${ASK_LIMITS.photosMax}张`,
  failed: '提交失败，内容已保存，请重试',
  submitted: '已提交',
};

/** The three consultation templates (answer, hand-off, plan): asked for together, at most 3 per prompt. */
const templateIds = (): string[] => {
  const ids = generated.templateIds as Record<string, string>;
  return ['consultations.answered', 'consultations.handedToAdvisor', 'consultations.planProposed'].map((k) => ids[k]).filter(Boolean);
};

type State = 'idle' | 'submitting' | 'failed';

Component({
  data: {
    topics: TOPIC_OPTIONS.map((t) => t.label),
    topicHints: TOPIC_OPTIONS.map((t) => t.hint),
    limits: ASK_LIMITS,
    draft: loadAskDraft() as AskDraft,
    state: 'idle' as State,
    errors: {} as Record<string, string>,
    failure: '',
  },
  methods: {
    onLoad() {
      this.setData({ draft: loadAskDraft() });
    },
    update(patch: Partial<AskDraft>) {
      const draft = { ...this.data.draft, ...patch };
      saveAskDraft(draft);
      this.setData({ draft, errors: {} });
    },
    onTopic(e: WechatMiniprogram.TouchEvent) {
      this.update({ topicIndex: Number(e.currentTarget.dataset.index) });
    },
    onQuestionInput(e: WechatMiniprogram.Input) {
      this.update({ question: e.detail.value });
    },
    onPolicyInput(e: WechatMiniprogram.Input) {
      this.update({ policyNo: e.detail.value.trim() });
    },
    onChoosePhotos() {
      const room = ASK_LIMITS.photosMax - this.data.draft.photos.length;
      if (room <= 0) {
        wx.showToast({ title: TEXT.tooManyPhotos, icon: 'none' });
        return;
      }
      choosePhotos(room, (files, tooLarge) => {
        if (tooLarge) wx.showToast({ title: tooLarge, icon: 'none', duration: 3000 });
        if (files.length) this.update({ photos: [...this.data.draft.photos, ...files].slice(0, ASK_LIMITS.photosMax) });
      });
    },
    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.update({ photos: this.data.draft.photos.filter((_, i) => i !== index) });
    },
    validate(): Record<string, string> {
      const errors: Record<string, string> = {};
      if (this.data.draft.topicIndex < 0) errors.topic = TEXT.chooseTopic;
      if (this.data.draft.question.trim().length < ASK_LIMITS.questionMin) errors.question = TEXT.questionShort;
      return errors;
    },
    /** Tap handler: the subscribe prompt opens synchronously inside the tap, before anything awaits. */
    onSubmit() {
      if (this.data.state === 'submitting') return;
      const errors = this.validate();
      if (Object.keys(errors).length) {
        this.setData({ errors });
        return;
      }
      const tmplIds = templateIds();
      if (tmplIds.length)
        wx.requestSubscribeMessage({
          tmplIds,
          success: (res) => {
            const results: Record<string, SubscribeResult> = {};
            for (const id of tmplIds) if (typeof res[id] === 'string') results[id] = res[id] as SubscribeResult;
            callFunction('members', 'reportSubscription', { results }).catch(() => undefined);
          },
        });
      return this.submit();
    },
    async submit() {
      this.setData({ state: 'submitting', failure: '', errors: {} });
      try {
        const photos: DraftFile[] = [...this.data.draft.photos];
        for (const [i, p] of photos.entries()) {
          if (!needsUpload(p)) continue;
          photos[i] = { ...p, fileID: await uploadFile(p.path, undefined, 'consultations'), uploadedAt: Date.now() };
          this.update({ photos: [...photos] });
        }
        const d = this.data.draft;
        const res = await callFunction<AskConsultationResponse>('consultations', 'ask', {
          idempotencyKey: d.idempotencyKey,
          topic: TOPIC_OPTIONS[d.topicIndex].key,
          question: d.question.trim(),
          ...(d.policyNo ? { policyNo: d.policyNo } : {}),
          attachments: photos.map((p) => p.fileID),
        });
        clearAskDraft();
        this.setData({ state: 'idle' });
        wx.showToast({ title: TEXT.submitted, icon: 'success' });
        wx.redirectTo({ url: consultationDetailUrl(res.consultation.id) });
      } catch (e) {
        const err = e instanceof ApiCallError ? e : undefined;
        if (err?.code === 'ATTACHMENT.NOT_YOURS') this.update({ photos: this.data.draft.photos.map((f) => ({ ...f, fileID: undefined, uploadedAt: undefined })) });
        const errors: Record<string, string> = {};
        for (const issue of err?.issues ?? []) errors[issue.path.split('.')[0]] = issue.message;
        // Also said under the field it is about.
        if (err?.code === 'CONSULTATION.POLICY_NOT_YOURS') errors.policyNo = err.message;
        this.setData({ state: 'failed', errors, failure: err ? err.message : TEXT.failed });
      }
    },
  },
});
