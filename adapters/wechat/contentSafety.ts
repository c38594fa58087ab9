import type { ContentCheck, ContentSuggestion } from '../../core/shared/contentSafety';
import { callOpenApi, type OpenApiApp } from './openApi';


/**
 * security.msgSecCheck (version 2) through CloudBase's open API. The function that calls it declares
 * the permission in its config.json (applied on upload from WeChat DevTools only; see RULES.md).
 */
export const cloudbaseContentCheck = (app: OpenApiApp): ContentCheck => ({
  async check({ openid, scene, text }) {
    const answer = await callOpenApi<{ errcode?: number; errmsg?: string; result?: { suggest?: ContentSuggestion; label?: number } }>(
      app,
      'security.msgSecCheck',
      { version: 2, openid, scene, content: text },
    );
    if (answer.errcode) throw new Error(`msgSecCheck ${answer.errcode} ${answer.errmsg ?? ''}`.trim());
    const suggest = answer.result?.suggest;
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new Error('msgSecCheck answered without a suggestion');
    return { suggest, label: answer.result?.label };
  },
});

/**
 * LABELLED FAKE of msgSecCheck for the local gateway and tests: WeChat's classifier cannot run here.
 * It flags text containing one of a few marker phrases, so the flag path can be tried by hand
 * (write 【测试风险】 or 【测试复核】 in a complaint) and in tests; everything else passes.
 */
export const FAKE_CONTENT_MARKERS = { risky: '【测试风险】', review: '【测试复核】', unavailable: '【测试不可用】' } as const;

export const fakeContentCheck: ContentCheck = {
  async check({ text }) {
    if (text.includes(FAKE_CONTENT_MARKERS.unavailable)) throw new Error('fake: content check unavailable');
    if (text.includes(FAKE_CONTENT_MARKERS.risky)) return { suggest: 'risky', label: 20001 };
    if (text.includes(FAKE_CONTENT_MARKERS.review)) return { suggest: 'review', label: 21000 };
    return { suggest: 'pass', label: 100 };
  },
};
