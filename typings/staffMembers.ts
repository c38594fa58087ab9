/**
 * The admin page's member screens (会员查询, 会员主页, 保单导入, 短信沙箱): what `members/<action>` answers.
 * Types only. Personal data arrives masked; `members/unmask` is the one way to a full value.
 */

export type MemberSearchBy = 'policyNo' | 'phone' | 'name';

/** 已绑定 (a member bound the policy), 访客 (a member with no policy), 未绑定 (a holder in the register only). */
export type MemberKind = 'bound' | 'visitor' | 'unbound';

export interface PolicyBrief {
  policyNo: string;
  productName: string;
  status: string;
  statusLabel: string;
  /** Bound to this row's member, to another member, or to no one yet. */
  binding: 'this' | 'other' | 'none';
}

/** One person a lookup found: a member (with the policies that matched) or a holder no one has bound yet. */
export interface MemberHit {
  /** Opens the member page; absent for a holder who has not bound (open by `policyNo` then). */
  memberId?: string;
  policyNo: string;
  kind: MemberKind;
  kindLabel: string;
  nameMasked: string;
  phoneMasked?: string;
  idNumberMasked?: string;
  tierLabel?: string;
  policies: PolicyBrief[];
}

export interface MemberSearchResult {
  items: MemberHit[];
  /** More policies matched than are shown: narrow the search. */
  truncated: boolean;
}

export interface StaffPolicyView extends PolicyBrief {
  productCode: string;
  effectiveDate: string;
  expiryDate: string;
  premiumText: string;
  salesChannel: string;
  sellerId: string;
  holderNameMasked: string;
  insured: { nameMasked: string; relationLabel: string }[];
  coverages: { name: string; sumInsuredText: string }[];
}

/** A record of any area, as one row of the member page. */
export interface MemberRecordItem {
  id: string;
  number: string;
  title: string;
  summary: string;
  statusLabel: string;
  atText: string;
  /** How it is linked to this person: their own, the phone they called from, or a policy of theirs. */
  linkLabel: string;
}

export interface MemberRecordGroup {
  /** The area's name (complaints, privacy …); the admin page opens records of areas it has a screen for. */
  area: string;
  areaLabel: string;
  items: MemberRecordItem[];
}

export type MaskedField = 'name' | 'phone' | 'idNumber';

export interface StaffMemberPage {
  memberId?: string;
  /** For a holder who has not bound: the policy the page was opened by (unmask by it). */
  policyNo?: string;
  kind: MemberKind;
  kindLabel: string;
  nameMasked: string;
  phoneMasked?: string;
  idNumberMasked?: string;
  tierLabel: string;
  /** The member record's version: an assisted unbind sends it back. */
  version?: number;
  sinceText?: string;
  /** Which masked fields exist to unmask. */
  fields: MaskedField[];
  policies: StaffPolicyView[];
  records: MemberRecordGroup[];
}

export interface UnmaskedField {
  field: MaskedField;
  value: string;
}

/** A register import job of the admin page (core/members/importJobs.ts). */
export interface RegisterImportJobView {
  jobId: string;
  fileName: string;
  sizeText: string;
  status: 'uploading' | 'validated' | 'applying' | 'done' | 'failed' | 'abandoned';
  statusLabel: string;
  full: boolean;
  validRowsOnly: boolean;
  version: number;
  /** Only the staff member who created a job may go on with it. */
  mine: boolean;
  createdByName: string;
  createdAtText: string;
  updatedAtText: string;
  upload: { received: number; total: number; receivedBytes: number; size: number };
  report?: {
    rows: number;
    valid: number;
    rejectedRows: number;
    issueCount: number;
    fileError: boolean;
    /** Every rejected row's issues (up to 2000), when one job is asked for; empty in the list. */
    issues: { line: number; policyNo?: string; field: string; message: string }[];
  };
  batchId?: string;
  progress?: { phaseLabel: string; staged: number; total: number; percent: number };
  counts?: { inserted: number; updated: number; lapsed: number };
  /** Why a job stopped, was abandoned or is waiting. */
  note?: string;
  finishedAtText?: string;
}

export interface RegisterImportJobList {
  items: RegisterImportJobView[];
  limits: { maxBytes: number; chunkBytes: number };
}

export interface SmsSandboxView {
  /** false in the cloud: codes go out by Tencent Cloud SMS and nothing is kept. */
  sandbox: boolean;
  items: { id: string; phoneMasked: string; text: string; sentAtText: string }[];
}
