import { z } from 'zod';
import { commonErrors } from './errors';

export interface FieldIssue {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Text people type: no control characters but tab and line breaks, no zero-width characters and no
 * bidirectional overrides, which make a text shown to staff read differently from what it is.
 */
export const PLAIN_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*$/;

/** A trimmed free-text field of min..max characters, refused if it hides control characters. */
export const plainText = (min: number, max: number) => z.string().trim().min(min).max(max).regex(PLAIN_TEXT);

/** One Chinese sentence per issue, named by the field's label: what the member reads under the field. */
const describe = (issue: Issue, label: string): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `请填写${label}` : `${label}格式不正确`;
    case 'too_small':
      if (issue.origin === 'string') return `${label}至少${issue.minimum}个字`;
      if (issue.origin === 'array') return `${label}至少${issue.minimum}项`;
      return `${label}不能小于${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${label}不能超过${issue.maximum}个字`;
      if (issue.origin === 'array') return `${label}最多${issue.maximum}项`;
      return `${label}不能大于${issue.maximum}`;
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`;
    case 'invalid_value':
      return `${label}不在可选范围内`;
    case 'invalid_format':
      return 'pattern' in issue && String(issue.pattern) === String(PLAIN_TEXT) ? `${label}含有不支持的控制字符` : `${label}格式不正确`;
    default:
      return `${label}不正确`;
  }
};

/**
 * Parse untrusted input at a boundary. Failure is a REQUEST.INVALID error listing every field issue
 * in Chinese; nothing downstream runs, so bad input changes nothing.
 */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, labels: Record<string, string> = {}): z.output<S> => {
  // reportInput: tells a missing field (请填写…) from one of the wrong type (…格式不正确); the
  // input itself never leaves this function.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const pathOf = (issue: Issue) => issue.path.map(String).join('.');
  // A value of the wrong type also fails the checks after it (an array "at least 10 characters" long):
  // say only that its type is wrong.
  const wrongType = new Set(result.error.issues.filter((i) => i.code === 'invalid_type').map(pathOf));
  const issues: FieldIssue[] = result.error.issues
    .filter((issue) => issue.code === 'invalid_type' || !wrongType.has(pathOf(issue)))
    .map((issue) => {
      const path = pathOf(issue);
      const label = labels[String(issue.path[0] ?? '')] ?? labels[path] ?? (path ? '输入' : '请求内容');
      return { path, message: describe(issue, label) };
    });
  throw commonErrors.invalidInput(issues);
};

const NO_INPUT = z.strictObject({});

/** For actions that take nothing: anything sent is refused rather than silently ignored. */
export const parseNoInput = (input: unknown): void => {
  parseInput(NO_INPUT, input ?? {});
};
