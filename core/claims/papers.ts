/**
 * The claim papers a member keeps, as large insurers' claim apps give them: the electronic receipt of the
 * report (电子回单), the date of each step (报案 … 支付), and the assessment letter (理赔核定书) or the
 * refusal letter. Everything here is read from what the record holds — the receipt from the snapshot taken
 * at submit, the letter from the handler's recorded calculation — so a paper can never show a number
 * that was typed twice.
 */
import { formatShanghai, localDateOf } from '../shared/shanghaiTime';
import { calculate } from './calculation';
import { yuan } from './errors';
import type { Claim } from './model';
import { claimTypeOf, REFUSAL_REMEDIES } from './policy';

export interface PaperRow {
  label: string;
  value: string;
}

export interface ClaimReceipt {
  title: string;
  number: string;
  receivedAt: string;
  receivedText: string;
  rows: PaperRow[];
  /** What the checklist asked for at the report, and what was already in. */
  documents: { label: string; stateLabel: string }[];
  footer: string;
}

const ITEM_WORDS = { missing: '待提交', uploaded: '已随报案提交', waived: '无需提供' } as const;

/** The receipt of a submitted claim; none for a draft (nothing was received yet). */
export const receiptOf = (c: Claim, insuredName: string): ClaimReceipt | undefined => {
  if (!c.number || !c.firstReceivedAt) return undefined;
  const items = c.receipt?.items ?? c.checklist;
  return {
    title: '理赔报案电子回单',
    number: c.number,
    receivedAt: c.firstReceivedAt,
    receivedText: formatShanghai(new Date(c.firstReceivedAt)),
    rows: [
      { label: '报案号', value: c.number },
      { label: '保单号', value: c.policyNo },
      { label: '保险产品', value: c.productName },
      { label: '出险人', value: `${insuredName}（${c.insured.relation}）` },
      { label: '理赔类型', value: claimTypeOf(c.claimType)?.label ?? c.claimType },
      { label: '出险日期', value: c.incidentDate },
      ...(c.place ? [{ label: '出险地点', value: c.place }] : []),
      ...(c.claimedFen !== undefined ? [{ label: '申请金额', value: `${yuan(c.claimedFen)} 元` }] : []),
      { label: '事故经过', value: c.description },
    ],
    documents: items.map((i) => ({ label: i.label, stateLabel: ITEM_WORDS[i.state] })),
    footer: '本回单证明我公司已收到您的理赔申请，核定时限自受理时间起算（保险法第二十三条）。',
  };
};

export type StepState = 'done' | 'current' | 'pending' | 'notApplicable';

export interface ClaimStep {
  key: 'reported' | 'registered' | 'documentsComplete' | 'reviewed' | 'closed' | 'paid';
  label: string;
  at?: string;
  /** The Shanghai day it was reached (a payment: the day the money left). */
  day?: string;
  /** 11月26日 14:05, or the state in words when not reached. */
  text: string;
  state: StepState;
}

const STEP_LABELS: Record<ClaimStep['key'], string> = {
  reported: '报案',
  registered: '立案',
  documentsComplete: '材料齐全',
  reviewed: '审核',
  closed: '结案',
  paid: '支付',
};

/** The first staff work on the claim (a documents notice, an assessment, a waiver, a decision): the claim is taken on. */
const HANDLING = new Set(['assessment', 'itemWaived', 'decisionDrafted', 'refused', 'payment']);

/**
 * Each step's date, as the member reads them:
 * 报案 = received; 立案 = the handler's first work on it; 材料齐全 = the complete set in hand;
 * 审核 = the result reached the member (an amount offered, or the refusal); 结案 = the amount agreed
 * (a refusal is closed by its letter); 支付 = the final payment recorded (a refusal has none).
 */
export const stepsOf = (c: Claim): ClaimStep[] => {
  const d = c.decision;
  const firstNotice = c.notices[0]?.at;
  const firstWork = c.timeline.find((e) => e.actor.kind === 'staff' && HANDLING.has(e.type))?.at;
  const registered = [firstNotice, firstWork].filter((x): x is string => Boolean(x)).sort()[0];
  const refused = d?.kind === 'refuse';
  const reviewed = d?.kind === 'refuse' ? d.decidedAt : d?.offeredAt;
  const closed = d?.kind === 'refuse' ? d.decidedAt : d?.agreedAt;
  const finalPaid = c.payments.find((p) => p.kind === 'final');
  const dates: Record<ClaimStep['key'], string | undefined> = {
    reported: c.firstReceivedAt,
    // The complete set or a decision implies the claim was taken on, even if no staff entry says so.
    registered: registered ?? c.documentsCompleteAt ?? reviewed,
    documentsComplete: c.documentsCompleteAt,
    reviewed,
    closed,
    paid: finalPaid?.recordedAt,
  };
  const steps: ClaimStep[] = [];
  const keys = Object.keys(STEP_LABELS) as ClaimStep['key'][];
  // A step passed without its date (a decision before the last document): nothing is in progress there.
  const lastDone = Math.max(-1, ...keys.map((k, i) => (dates[k] ? i : -1)));
  let current = false;
  for (const [i, key] of keys.entries()) {
    const at = dates[key];
    if (key === 'paid' && refused) {
      steps.push({ key, label: STEP_LABELS[key], text: '不适用', state: 'notApplicable' });
      continue;
    }
    if (at) {
      const day = key === 'paid' && finalPaid ? finalPaid.paidOn : localDateOf(new Date(at));
      steps.push({ key, label: STEP_LABELS[key], at, day, text: key === 'paid' ? monthDay(day) : shortAt(at), state: 'done' });
      continue;
    }
    if (i < lastDone) {
      steps.push({ key, label: STEP_LABELS[key], text: '—', state: 'notApplicable' });
      continue;
    }
    // Withdrawn claims stop where they were; nothing is "in progress" after a withdrawal.
    const state: StepState = !current && c.status !== 'withdrawn' && c.status !== 'draft' ? 'current' : 'pending';
    current = current || state === 'current';
    steps.push({ key, label: STEP_LABELS[key], text: state === 'current' ? '进行中' : '—', state });
  }
  return steps;
};

/** 11月26日 from YYYY-MM-DD. */
const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** 11月26日 14:05 in Shanghai. */
const shortAt = (iso: string) => `${monthDay(localDateOf(new Date(iso)))} ${formatShanghai(new Date(iso)).slice(-5)}`;

export interface AssessmentLetter {
  kind: 'pay' | 'refuse';
  title: string;
  number: string;
  date: string;
  rows: PaperRow[];
  /** The calculation line by line (pay), in the order the amount was reached. */
  calculation: PaperRow[];
  conclusion: string;
  remedies: string[];
}

/**
 * 理赔核定书 (an amount) or 拒赔通知书 (a refusal), once the result has reached the member; the numbers
 * are the handler's recorded calculation, worked out by the same function that set the amount.
 */
export const letterOf = (c: Claim, insuredName: string): AssessmentLetter | undefined => {
  const d = c.decision;
  if (!d || !c.number) return undefined;
  const rows: PaperRow[] = [
    { label: '案件号', value: c.number },
    { label: '保单号', value: c.policyNo },
    { label: '保险产品', value: c.productName },
    { label: '出险人', value: `${insuredName}（${c.insured.relation}）` },
    { label: '理赔类型', value: claimTypeOf(c.claimType)?.label ?? c.claimType },
    { label: '出险日期', value: c.incidentDate },
    ...(c.claimedFen !== undefined ? [{ label: '申请金额', value: `${yuan(c.claimedFen)} 元` }] : []),
  ];
  const remedies = [...REFUSAL_REMEDIES];
  if (d.kind === 'refuse') {
    return { kind: 'refuse', title: '拒赔通知书', number: c.number, date: localDateOf(new Date(d.decidedAt)), rows, calculation: [], conclusion: `经审核，我公司决定不予赔付。理由：${d.reasons}`, remedies };
  }
  if (!d.offeredAt) return undefined;
  const paidSoFar = c.payments.filter((p) => p.kind === 'advance').reduce((s, p) => s + p.amountFen, 0);
  const calculation: PaperRow[] = [];
  if (d.calculation) {
    const r = calculate(d.calculation, c.sumInsuredFen);
    for (const l of d.calculation.lines) {
      calculation.push({ label: l.item, value: `申请 ${yuan(l.claimedFen)} 元${l.excludedFen ? `，扣除 ${yuan(l.excludedFen)} 元（${l.exclusionReason}）` : ''}` });
    }
    calculation.push(
      { label: '申请合计', value: `${yuan(r.claimedFen)} 元` },
      { label: '减：扣除费用', value: `${yuan(r.excludedFen)} 元` },
      { label: '减：免赔额', value: `${yuan(r.deductibleFen)} 元` },
      { label: '理算基数', value: `${yuan(r.claimedFen)} − ${yuan(r.excludedFen)} − ${yuan(r.deductibleFen)} = ${yuan(r.baseFen)} 元` },
      { label: '赔付比例', value: `${yuan(r.baseFen)} × ${d.calculation.ratioPct}% = ${yuan(r.ratioFen)} 元` },
    );
    if (r.capped) calculation.push({ label: '保额上限', value: `超过保额，按保额 ${yuan(c.sumInsuredFen)} 元赔付` });
  }
  calculation.push({ label: '核定赔付金额', value: `${yuan(d.amountFen)} 元` });
  if (paidSoFar) calculation.push({ label: '减：已预付', value: `${yuan(paidSoFar)} 元` }, { label: '尚应支付', value: `${yuan(d.amountFen - paidSoFar)} 元` });
  return {
    kind: 'pay',
    title: '理赔核定书',
    number: c.number,
    date: localDateOf(new Date(d.offeredAt)),
    rows: [...rows, { label: '核定依据', value: d.basis }],
    calculation,
    conclusion: d.agreedAt
      ? `经审核，我公司核定赔付 ${yuan(d.amountFen)} 元，您已于 ${localDateOf(new Date(d.agreedAt))} 确认，我公司将在确认后十日内支付（保险法第二十三条）。`
      : `经审核，我公司核定赔付 ${yuan(d.amountFen)} 元。请在小程序中确认金额；确认后十日内支付（保险法第二十三条）。`,
    remedies,
  };
};
