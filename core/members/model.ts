/** The member and the policy register. Personal data is held sealed (encrypted) with a mask beside it. */

export const POLICY_STATUSES = { inForce: '有效', lapsed: '失效', surrendered: '已退保', expired: '已满期' } as const;
export type PolicyStatus = keyof typeof POLICY_STATUSES;

export const RELATIONS = { self: '本人', spouse: '配偶', child: '子女', parent: '父母', other: '其他' } as const;
export type Relation = keyof typeof RELATIONS;

/** A value kept encrypted, with what staff may see and (for lookups) a keyed hash of it. */
export interface SealedField {
  sealed: string;
  masked: string;
  /** Blind index for exact-match lookup without decrypting. */
  index?: string;
}

export interface PersonOnPolicy {
  name: SealedField;
  idNumber: SealedField;
}

export interface Policy {
  policyNo: string;
  productCode: string;
  productName: string;
  /** 投保人: the person who binds the policy to their WeChat identity (v1 binds the holder). */
  holder: PersonOnPolicy & { phone: SealedField };
  insured: (PersonOnPolicy & { relation: Relation })[];
  coverages: { name: string; sumInsuredFen: number }[];
  effectiveDate: string;
  expiryDate: string;
  premiumFen: number;
  salesChannel: string;
  sellerId: string;
  status: PolicyStatus;
  /** The import that last wrote this policy. */
  batchId: string;
  /** The member (openid) the holder bound it to; one holder binds once. */
  boundTo?: string;
  updatedAt: string;
}

export const TIERS = { visitor: '访客', standard: '普通会员', silver: '银卡会员', gold: '金卡会员' } as const;
export type Tier = keyof typeof TIERS;

export interface Member {
  /** The WeChat openid: identity comes from the platform, never from a request body. */
  id: string;
  /** A visitor has not bound a policy: they may still complain and ask (the complaint channel is open to all). */
  kind: 'visitor' | 'bound';
  name?: SealedField;
  phone?: SealedField;
  idNumber?: SealedField;
  policyNos: string[];
  tier: Tier;
  tierReviewedAt?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
