import { z } from 'zod';
import { commonErrors } from './errors';

export interface FieldIssue {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

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
      return `${label}格式不正确`;
    default:
      return `${label}不正确`;
  }
};

/**
 * Parse untrusted input at a boundary. Failure is a REQUEST.INVALID error listing every field issue
 * in Chinese; nothing downstream runs, so bad input changes nothing.
 */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, labels: Record<string, string> = {}): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const label = labels[String(issue.path[0] ?? '')] ?? labels[path] ?? '输入';
    return { path, message: describe(issue, label) };
  });
  throw commonErrors.invalidInput(issues);
};

const NO_INPUT = z.strictObject({});

/** For actions that take nothing: anything sent is refused rather than silently ignored. */
export const parseNoInput = (input: unknown): void => {
  parseInput(NO_INPUT, input ?? {});
};
