import type { DeadlineKind } from './model';

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  acknowledge: '受理时限',
  resolve: '处理时限',
  regulatory: '监管答复时限',
  review: '核查时限',
};

export const REMEDIES = ['申请核查', '调解', '仲裁', '诉讼'] as const;
