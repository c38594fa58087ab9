import { CHANNELS, COMPLAINT_CATEGORIES } from '../complaints/model';
import type { WarningDim } from './model';

/** A policy number masked like other staff lists: its start and its last three digits. */
export const maskPolicyNo = (policyNo: string): string => (policyNo.length > 8 ? `${policyNo.slice(0, 5)}****${policyNo.slice(-3)}` : '****');

/** A member told apart from others without being identified. */
export const maskMember = (memberId: string): string => `会员 ****${memberId.slice(-4)}`;

/** What an alert's value is called on the screen. Members and policies are masked. */
export const valueLabel = (dim: WarningDim, value: string): string => {
  switch (dim) {
    case 'category':
      return (COMPLAINT_CATEGORIES as Record<string, string>)[value] ?? value;
    case 'channel':
      return (CHANNELS as Record<string, string>)[value] ?? value;
    case 'member':
      return maskMember(value);
    case 'policy':
      return maskPolicyNo(value);
    case 'seller':
      return `销售人员 ${value}`;
    default:
      return value === '' ? '（无保单）' : value;
  }
};
