/**
 * Content safety for member text (WeChat security.msgSecCheck, version 2, behind a port). A check
 * never refuses anything: `review` and `risky` become flags staff see beside the text, and a check
 * that could not run is recorded as `unchecked` so no one mistakes silence for a pass. A complaint
 * in particular is never refused for its words (RULES.md).
 */
export type ContentSuggestion = 'pass' | 'review' | 'risky';

/** msgSecCheck scenes: 1 profile, 2 comment, 3 forum, 4 social log. Member text to staff is a comment. */
export type ContentScene = 1 | 2 | 3 | 4;

export interface ContentCheck {
  /** Throws when the check cannot be made (network, permission, member not active in 2 hours). */
  check(input: { openid: string; scene: ContentScene; text: string }): Promise<{ suggest: ContentSuggestion; label?: number }>;
}

export interface ContentFlag {
  /** Which text: the field name in the record (description, information, review reason …). */
  field: string;
  verdict: 'review' | 'risky' | 'unchecked';
  label?: number;
  checkedAt: string;
  /** For `unchecked`: why (English, for operators). */
  note?: string;
}

/** WeChat's limit per call; longer text is checked in consecutive pieces and the worst answer kept. */
export const CONTENT_CHECK_MAX_CHARS = 2500;

/** A member's submit does not wait longer than this on the check; past it the text is recorded unchecked. */
export const CONTENT_CHECK_TIMEOUT_MS = 1500;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`content check took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};

const RANK: Record<ContentSuggestion, number> = { pass: 0, review: 1, risky: 2 };

const pieces = (text: string): string[] => {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += CONTENT_CHECK_MAX_CHARS) out.push(chars.slice(i, i + CONTENT_CHECK_MAX_CHARS).join(''));
  return out;
};

/**
 * Screens each named text and returns the flags to keep (none when everything passed). Never throws.
 * Members without a WeChat identity (cases staff log for phone or letter complaints) are not screened.
 */
export const screenTexts = async (
  check: ContentCheck,
  openid: string,
  texts: Record<string, string | undefined>,
  now: Date,
  timeoutMs = CONTENT_CHECK_TIMEOUT_MS,
): Promise<ContentFlag[]> => {
  if (openid.startsWith('offline-')) return [];
  const flags: ContentFlag[] = [];
  const checkedAt = now.toISOString();
  for (const [field, text] of Object.entries(texts)) {
    if (!text?.trim()) continue;
    try {
      let worst: { suggest: ContentSuggestion; label?: number } = { suggest: 'pass' };
      for (const piece of pieces(text)) {
        const answer = await withTimeout(check.check({ openid, scene: 2, text: piece }), timeoutMs);
        if (RANK[answer.suggest] > RANK[worst.suggest]) worst = answer;
      }
      if (worst.suggest !== 'pass') flags.push({ field, verdict: worst.suggest, label: worst.label, checkedAt });
    } catch (e) {
      flags.push({ field, verdict: 'unchecked', checkedAt, note: (e instanceof Error ? e.message : String(e)).slice(0, 200) });
    }
  }
  return flags;
};

/** For deployments or functions that take no member text: any call is recorded as unchecked. */
export const contentNotScreened: ContentCheck = {
  check: async () => {
    throw new Error('content safety is not configured for this function');
  },
};
