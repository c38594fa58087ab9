/** Privacy (个人信息) request/response types shared by the members function and the mini-program. */

export interface ConsentStateView {
  kind: 'general' | 'sensitive';
  label: string;
  inForce: boolean;
  lastAction?: 'given' | 'withdrawn' | 'declined';
  noticeVersion?: string;
  at?: string;
  atText?: string;
}

export interface PrivacyStatusView {
  notice: { version: string; effectiveDate: string; title: string; summary: string[] };
  needsConsent: boolean;
  noticeUpdated: boolean;
  general: ConsentStateView;
  sensitive: ConsentStateView;
}

export interface PrivacyNoticeView {
  version: string;
  effectiveDate: string;
  title: string;
  summary: string[];
  sections: { heading: string; body: string[] }[];
}

export interface FrozenRecordView {
  label: string;
  basis: string;
  period: string;
  confirmed: boolean;
}

export interface PrivacyRequestView {
  id: string;
  number: string;
  kind: 'export' | 'correction' | 'deletion';
  kindLabel: string;
  status: 'received' | 'completed' | 'refused';
  statusLabel: string;
  receivedAtText: string;
  dueText?: string;
  detail?: string;
  completedAtText?: string;
  resolutionNote?: string;
  refusalReason?: string;
  erased?: string[];
  frozen?: FrozenRecordView[];
}

export interface MemberDataView {
  title: string;
  generatedAt: string;
  noticeVersion: string;
  member: {
    openid: string;
    kind: 'visitor' | 'bound';
    kindLabel: string;
    name?: string;
    phone?: string;
    idNumber?: string;
    tier: string;
    policyNos: string[];
    createdAt?: string;
  };
  policies: {
    policyNo: string;
    productName: string;
    status: string;
    effectiveDate: string;
    expiryDate: string;
    premiumYuan: string;
    salesChannel: string;
    holder: { name: string; phone: string; idNumber: string };
    insured: { name: string; relation: string; idNumber: string }[];
    coverages: { name: string; sumInsuredYuan: string }[];
  }[];
  consents: { consent: string; action: string; noticeVersion: string; at: string }[];
  complaints: { number: string; category: string; status: string; receivedAt: string; description: string }[];
  messages: { title: string; body: string; at: string; read: boolean }[];
  requests: PrivacyRequestView[];
  retention: { recordType: string; label: string; onDeletion: string; basis: string; period: string; confirmed: boolean }[];
}

export interface MyDataReply extends MemberDataView {
  consentStatus: { general: ConsentStateView; sensitive: ConsentStateView; needsConsent: boolean };
  canExport: boolean;
}

export interface ExportReply {
  fileName: string;
  number: string;
  data: MemberDataView;
}
