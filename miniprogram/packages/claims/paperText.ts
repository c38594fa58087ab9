import type { ClaimLetter, ClaimReceipt } from '../../../typings/api';

/** A claim paper as the page and its shareable image both lay it out: a title, then sections of lines. */
export interface PaperLayout {
  title: string;
  subtitle: string;
  sections: { heading?: string; lines: { label: string; value: string }[] }[];
  notes: string[];
}

export const receiptLayout = (r: ClaimReceipt): PaperLayout => ({
  title: r.title,
  subtitle: `受理时间 ${r.receivedText}`,
  sections: [
    { lines: r.rows },
    { heading: '报案时列明的所需材料', lines: r.documents.map((d) => ({ label: d.label, value: d.stateLabel })) },
  ],
  notes: [r.footer],
});

export const letterLayout = (l: ClaimLetter): PaperLayout => ({
  title: l.title,
  subtitle: `${l.kind === 'pay' ? '核定' : '通知'}日期 ${l.date}`,
  sections: [{ lines: l.rows }, ...(l.calculation.length ? [{ heading: '理算明细', lines: l.calculation }] : [])],
  notes: [l.conclusion, '如您对本决定有异议，可以：', ...l.remedies.map((r, i) => `${i + 1}. ${r}`)],
});

/** The paper as plain text: what is copied when an image cannot be made, one line per row. */
export const paperAsText = (p: PaperLayout): string =>
  [p.title, p.subtitle, ...p.sections.flatMap((s) => [...(s.heading ? [`【${s.heading}】`] : []), ...s.lines.map((l) => `${l.label}：${l.value}`)]), ...p.notes].join('\n');
