import * as z from 'zod/mini';
import { DomainError, commonErrors } from './errors';

/**
 * Why a field was refused, stable for clients and tests (the message is for people). The character
 * faults each have their own: control characters (NUL, BEL, ESC of an ANSI escape…), bidirectional
 * controls (U+202E…), invisible zero-width characters, lone UTF-16 surrogates, and a text whose
 * visible characters fall short of the minimum (20 × U+200B is not a ten-character description).
 */
export type IssueReason =
  | 'required'
  | 'wrong_type'
  | 'too_short'
  | 'too_short_visible'
  | 'too_long'
  | 'too_few'
  | 'too_many'
  | 'too_small'
  | 'too_big'
  | 'unknown_field'
  | 'not_allowed'
  | 'bad_format'
  | 'control_characters'
  | 'bidi_controls'
  | 'invisible_characters'
  | 'lone_surrogate'
  | 'noncharacters'
  | 'not_json'
  | 'invalid';

export interface FieldIssue {
  path: string;
  message: string;
  reason: IssueReason;
  /** For `not_allowed`: the values the field takes (codes, for whoever calls the API; people read `message`). */
  allowed?: string[];
}

type Issue = z.core.$ZodIssue;

/**
 * Text people type: no control characters but tab and line breaks, no zero-width characters and no
 * bidirectional overrides, which make a text shown to staff read differently from what it is.
 * (Kept for callers that want one pattern; `plainText` tells the kinds apart.)
 */
export const PLAIN_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff]*$/;

/** C0 controls but tab, LF and CR; DEL; C1 controls (ESC starts every ANSI escape). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Bidirectional marks, embeddings, overrides and isolates (U+202E reverses what staff read). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/**
 * Zero-width and invisible format characters: they pad a text without showing anything. U+FFF9–FFFB
 * (interlinear annotation anchors) are format controls that hide the text between them in some renderers.
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff\ufff9-\ufffb]/;
/**
 * Tag characters (U+E0000–E007F) draw nothing and can carry a whole hidden ASCII text after a visible one.
 * Their one visible use is the subdivision flag emoji (🏴 + tag letters + cancel tag), which stays allowed.
 */
const TAG_FLAG = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,7}\u{E007F}/gu;
const TAG = /[\u{E0000}-\u{E007F}]/u;
const hidesTags = (text: string) => TAG.test(text) && TAG.test(text.replace(TAG_FLAG, ''));
/**
 * Noncharacters (U+FDD0–FDEF and the last two code points of every plane, U+FFFE/FFFF…U+10FFFF): reserved
 * for a program's internal use, never for interchange; a U+FFFE in a text is a byte-order accident or a probe.
 */
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/** Half of a surrogate pair with no other half: not a character, and not encodable as UTF-8. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * What a reader does not see as a character: whitespace, controls, format characters, combining marks
 * (they decorate a character, they are not one), lone surrogates, the blank "filler" letters, and
 * private-use characters (U+E000–F8FF, planes 15–16): no standard font draws them, so on a staff screen
 * they are blanks or boxes. They are still allowed (a font for rare name characters may map them there).
 */
const NOT_VISIBLE = /^[\s\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{M}\u115f\u1160\u2800\u3164\uffa0]$/u;

/** Characters a reader sees, counted as characters (code points), not UTF-16 units. */
export const visibleLength = (text: string): number => {
  let n = 0;
  for (const ch of text) if (!NOT_VISIBLE.test(ch)) n++;
  return n;
};

/** The character faults of a text, each once, in a fixed order. */
type TextFault = 'control_characters' | 'bidi_controls' | 'invisible_characters' | 'lone_surrogate' | 'noncharacters';
export const textFaults = (text: string): TextFault[] => {
  const out: TextFault[] = [];
  if (CONTROL.test(text)) out.push('control_characters');
  if (BIDI.test(text)) out.push('bidi_controls');
  if (INVISIBLE.test(text) || hidesTags(text)) out.push('invisible_characters');
  if (LONE_SURROGATE.test(text)) out.push('lone_surrogate');
  if (NONCHARACTER.test(text)) out.push('noncharacters');
  return out;
};

/**
 * A trimmed free-text field of min..max characters, refused if it hides control, bidirectional or
 * invisible characters or a lone surrogate; the minimum counts visible characters only.
 */
export const plainText = (min: number, max: number) =>
  z.string().check(
    z.trim(),
    z.maxLength(max),
    z.superRefine((text: string, ctx) => {
      for (const reason of textFaults(text)) ctx.addIssue({ code: 'custom', message: reason, params: { reason }, input: text });
      if (min > 0 && visibleLength(text) < min)
        ctx.addIssue({ code: 'custom', message: 'too_short', params: { reason: [...text].length < min ? 'too_short' : 'too_short_visible', minimum: min }, input: text });
    }),
  );

/** A field name as sent, safe to echo: hidden characters shown as U+FFFD, at most 40 characters. */
const shownKey = (key: string) =>
  [...key.replace(new RegExp(`${CONTROL.source}|${BIDI.source}|${INVISIBLE.source}|${LONE_SURROGATE.source}`, 'g'), '\ufffd').replace(new RegExp(NONCHARACTER.source, 'gu'), '\ufffd')]
    .slice(0, 40)
    .join('');

/** One Chinese sentence and a reason per issue, named by the field's label: what the member reads under the field. */
const describe = (issue: Issue, label: string): { message: string; reason: IssueReason } => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { message: `请填写${label}`, reason: 'required' } : { message: `${label}格式不正确`, reason: 'wrong_type' };
    case 'too_small':
      if (issue.origin === 'string') return { message: `${label}至少${issue.minimum}个字`, reason: 'too_short' };
      if (issue.origin === 'array') return { message: `${label}至少${issue.minimum}项`, reason: 'too_few' };
      return { message: `${label}不能小于${issue.minimum}`, reason: 'too_small' };
    case 'too_big':
      if (issue.origin === 'string') return { message: `${label}不能超过${issue.maximum}个字`, reason: 'too_long' };
      if (issue.origin === 'array') return { message: `${label}最多${issue.maximum}项`, reason: 'too_many' };
      return { message: `${label}不能大于${issue.maximum}`, reason: 'too_big' };
    case 'unrecognized_keys':
      return { message: `不支持的字段：${issue.keys.map(shownKey).join('、')}`, reason: 'unknown_field' };
    case 'invalid_value':
      return { message: `${label}不在可选范围内`, reason: 'not_allowed' };
    case 'invalid_format':
      return 'pattern' in issue && String(issue.pattern) === String(PLAIN_TEXT)
        ? { message: `${label}含有不支持的控制字符`, reason: 'control_characters' }
        : { message: `${label}格式不正确`, reason: 'bad_format' };
    case 'custom': {
      const reason = (issue.params as { reason?: IssueReason } | undefined)?.reason;
      switch (reason) {
        case 'control_characters':
        case 'bidi_controls':
        case 'invisible_characters':
          return { message: `${label}含有不支持的控制字符`, reason };
        case 'lone_surrogate':
          return { message: `${label}含有无法识别的字符`, reason };
        case 'noncharacters':
          return { message: `${label}含有不能使用的保留字符（如 U+FFFE、U+FFFF）`, reason };
        case 'too_short':
          return { message: `${label}至少${(issue.params as { minimum: number }).minimum}个字`, reason };
        case 'too_short_visible':
          return { message: `${label}至少${(issue.params as { minimum: number }).minimum}个字（空格和不可见字符不计）`, reason };
        default:
          // Another module's refine: its own message when it wrote one in Chinese.
          return { message: /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : `${label}不正确`, reason: 'invalid' };
      }
    }
    default:
      return { message: `${label}不正确`, reason: 'invalid' };
  }
};

const isIndex = (segment: PropertyKey) => typeof segment === 'number';

/**
 * The label of the field an issue is about. Flat maps label by the first path segment, as always. A
 * map may also label nested fields by their dotted path with `*` for an array position
 * (`'calculation.lines.*.claimedFen': '申请金额'`, or without the `*`: `'products.name'`): then the innermost
 * labelled field names the issue, with the position inside its list counted from 1
 * (`理算明细第3项 · 申请金额`), so a refusal deep inside a form says which field to correct.
 */
export const labelOf = (labels: Readonly<Record<string, string>>, path: readonly PropertyKey[]): string => {
  const dotted = path.map(String).join('.');
  const prefix = (n: number) => path.slice(0, n);
  const starred = (n: number) => prefix(n).map((seg) => (isIndex(seg) ? '*' : String(seg))).join('.');
  const named = (n: number) => prefix(n).filter((seg) => !isIndex(seg)).map(String).join('.');
  /** The innermost labelled prefix no longer than `n` segments, past the first one. */
  const nestedWithin = (n: number): { at: number; label: string } | undefined => {
    for (let k = n; k >= 2; k--) {
      if (isIndex(path[k - 1])) continue;
      const label = labels[starred(k)] ?? labels[named(k)];
      if (label !== undefined) return { at: k, label };
    }
    return undefined;
  };
  const flat = labels[String(path[0] ?? '')] ?? labels[dotted] ?? (dotted ? '输入' : '请求内容');
  const inner = nestedWithin(path.length);
  if (!inner) return flat;
  // The list the field sits in: its last position before the field, named by the nearest label above it.
  let position = -1;
  for (let k = inner.at - 1; k >= 0; k--) if (isIndex(path[k])) { position = k; break; }
  if (position < 0) return inner.label;
  const list = nestedWithin(position)?.label ?? (position >= 1 ? labels[String(path[0])] : undefined) ?? '';
  return `${list}第${Number(path[position]) + 1}项 · ${inner.label}`;
};

/**
 * Parse untrusted input at a boundary. Failure is a REQUEST.INVALID error listing every field issue
 * in Chinese; nothing downstream runs, so bad input changes nothing. Labels: see `labelOf`.
 */
export const parseInput = <S extends z.core.$ZodType>(schema: S, input: unknown, labels: Readonly<Record<string, string>> = {}): z.output<S> => {
  // reportInput: tells a missing field (请填写…) from one of the wrong type (…格式不正确); the
  // input itself never leaves this function. The functional form takes zod and zod/mini schemas alike.
  const result = z.safeParse(schema, input, { reportInput: true });
  if (result.success) return result.data;
  const pathOf = (issue: Issue) => issue.path.map(String).join('.');
  // A value of the wrong type also fails the checks after it (an array "at least 10 characters" long):
  // say only that its type is wrong.
  const wrongType = new Set(result.error.issues.filter((i) => i.code === 'invalid_type').map(pathOf));
  const issues: FieldIssue[] = result.error.issues
    .filter((issue) => issue.code === 'invalid_type' || !wrongType.has(pathOf(issue)))
    .map((issue) => {
      const path = pathOf(issue);
      const allowed = issue.code === 'invalid_value' ? issue.values.slice(0, 50).map(String) : undefined;
      return { path, ...describe(issue, labelOf(labels, issue.path)), ...(allowed?.length ? { allowed } : {}) };
    });
  throw commonErrors.invalidInput(issues);
};

const NO_INPUT = z.strictObject({});

/** For actions that take nothing: anything sent is refused rather than silently ignored. */
export const parseNoInput = (input: unknown): void => {
  parseInput(NO_INPUT, input ?? {});
};

// ——— Request bodies, before any schema: media type, encoding, nesting, surrogates ———

/** No request of this service nests deeper than a handful of levels; 32 leaves room and stops a 10,000-deep body. */
export const MAX_JSON_DEPTH = 32;
/** A tree walk stops here: more values than any body within 100 KB can hold (a cyclic object never ends). */
const MAX_TREE_NODES = 200_000;

/** `application/json`, optionally with `charset=utf-8`: the only body the APIs read. */
export const isJsonContentType = (header: string | string[] | undefined): boolean => {
  if (typeof header !== 'string') return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-?8"?$/.test(p));
};

/**
 * UTF-8 by the standard's rules (no overlong forms, no encoded surrogates, nothing past U+10FFFF), for
 * a runtime without TextDecoder (jsdom, where the page tests run the gateway). Undefined when invalid.
 */
const decodeUtf8Portable = (bytes: Uint8Array): string | undefined => {
  const units: number[] = [];
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let cp: number;
    let need: number;
    let min: number;
    if (b < 0x80) [cp, need, min] = [b, 0, 0];
    else if (b >= 0xc2 && b <= 0xdf) [cp, need, min] = [b & 0x1f, 1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [cp, need, min] = [b & 0x0f, 2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [cp, need, min] = [b & 0x07, 3, 0x10000];
    else return undefined;
    if (i + need >= bytes.length + (need ? 0 : 1)) return undefined;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    if (units.length > 8192) out += String.fromCharCode(...units.splice(0));
    i += need + 1;
  }
  out += String.fromCharCode(...units);
  return out.charCodeAt(0) === 0xfeff ? out.slice(1) : out; // a leading BOM is dropped, as TextDecoder does
};

let strictDecoder: { decode(bytes: Uint8Array): string } | undefined;

/** Bytes to text, refusing anything that is not UTF-8 (instead of storing U+FFFD in its place). */
export const decodeUtf8 = (bytes: Uint8Array): string => {
  if (typeof TextDecoder === 'undefined') {
    const text = decodeUtf8Portable(bytes);
    if (text === undefined) throw commonErrors.badEncoding();
    return text;
  }
  strictDecoder ??= new TextDecoder('utf-8', { fatal: true });
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw commonErrors.badEncoding();
  }
};

/**
 * The deepest bracket nesting of JSON text, scanned without parsing (brackets inside strings do not
 * count); stops counting once past `limit`, so a 10,000-deep body costs one pass and no recursion.
 */
export const jsonTextDepth = (text: string, limit = MAX_JSON_DEPTH): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next unit is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
};

export interface TreeReport {
  /** The value nests deeper than the limit (or never ends). */
  tooDeep: boolean;
  /** The path (a.b.0) of the first string or key holding a lone surrogate. */
  loneSurrogateAt?: string;
}

/**
 * Walks a parsed value without recursion: its nesting depth (containers within containers) and any
 * lone surrogate in a string or a key. For events the platform already parsed, and for parsed bodies.
 */
export const inspectTree = (value: unknown, maxDepth = MAX_JSON_DEPTH): TreeReport => {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  let seen = 0;
  let loneSurrogateAt: string | undefined;
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (++seen > MAX_TREE_NODES) return { tooDeep: true, loneSurrogateAt };
    if (typeof v === 'string') {
      if (loneSurrogateAt === undefined && LONE_SURROGATE.test(v)) loneSurrogateAt = path;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > maxDepth) return { tooDeep: true, loneSurrogateAt };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: join(path, String(i)) });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        if (loneSurrogateAt === undefined && LONE_SURROGATE.test(key)) loneSurrogateAt = join(path, key.replace(LONE_SURROGATE, '\ufffd'));
        stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1, path: join(path, key) });
      }
    }
  }
  return { tooDeep: false, loneSurrogateAt };
};

/** REQUEST.INVALID naming the value that holds a lone surrogate. */
export const loneSurrogateError = (path: string): DomainError =>
  commonErrors.invalidInput([{ path: path.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd'), message: '提交的文字含有无法识别的字符', reason: 'lone_surrogate' }]);

/**
 * A request body to a value: UTF-8 only (REQUEST.BAD_ENCODING), nesting checked on the text before
 * JSON.parse goes deep (REQUEST.TOO_DEEP), JSON only (REQUEST.INVALID, reason not_json), no lone
 * surrogates in what it holds (`\ud800` is valid JSON). An empty body is `{}`.
 */
export const parseJsonBody = (raw: Uint8Array | string): unknown => {
  const text = typeof raw === 'string' ? raw : decodeUtf8(raw);
  if (!text) return {};
  if (jsonTextDepth(text) > MAX_JSON_DEPTH) throw commonErrors.tooDeep(MAX_JSON_DEPTH);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw commonErrors.invalidInput([{ path: '', message: '请求内容不是有效的 JSON', reason: 'not_json' }]);
  }
  const report = inspectTree(value);
  if (report.tooDeep) throw commonErrors.tooDeep(MAX_JSON_DEPTH);
  if (report.loneSurrogateAt !== undefined) throw loneSurrogateError(report.loneSurrogateAt);
  return value;
};

/**
 * A request body an API takes as JSON: the content type is checked before a byte is parsed, so a form
 * post (`username=x`) is REQUEST.NOT_JSON (415) on every front, not a parse failure (400).
 */
export const parseJsonRequest = (contentType: string | undefined, raw: Uint8Array | string): unknown => {
  if (!isJsonContentType(contentType)) throw commonErrors.notJson();
  return parseJsonBody(raw);
};
