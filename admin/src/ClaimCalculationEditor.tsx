import { Button, Input } from 'tdesign-react';
import { calculate, type ClaimCalculation } from '../../core/claims/calculation';
import { yuan } from '../../core/claims/errors';

/** The form's text fields for one 理算 line, in 元 as typed. */
export interface LineDraft {
  item: string;
  claimed: string;
  excluded: string;
  reason: string;
}

export interface CalculationDraft {
  lines: LineDraft[];
  deductible: string;
  ratio: string;
}

export const emptyCalculation = (): CalculationDraft => ({ lines: [{ item: '', claimed: '', excluded: '', reason: '' }], deductible: '', ratio: '100' });

const fen = (yuanText: string) => (yuanText.trim() === '' ? 0 : /^\d{1,10}(\.\d{1,2})?$/.test(yuanText.trim()) ? Math.round(Number(yuanText.trim()) * 100) : Number.NaN);

/** The draft as the decide route takes it; amounts that are not amounts go as NaN so the server names the field. */
export const calculationOf = (d: CalculationDraft): ClaimCalculation => ({
  lines: d.lines.map((l) => ({ item: l.item.trim(), claimedFen: fen(l.claimed), excludedFen: fen(l.excluded), ...(l.reason.trim() ? { exclusionReason: l.reason.trim() } : {}) })),
  deductibleFen: fen(d.deductible),
  ratioPct: Number(d.ratio),
});

/** The amount the server will work out from these lines (the same function), or why it cannot yet. */
const preview = (d: CalculationDraft, sumInsuredFen: number): string => {
  const calc = calculationOf(d);
  const numbers = [...calc.lines.flatMap((l) => [l.claimedFen, l.excludedFen]), calc.deductibleFen];
  if (numbers.some(Number.isNaN) || !Number.isInteger(calc.ratioPct) || calc.ratioPct < 1 || calc.ratioPct > 100) return '请填写有效的金额和比例';
  try {
    const r = calculate(calc, sumInsuredFen);
    return `(${yuan(r.claimedFen)} − ${yuan(r.excludedFen)} − ${yuan(r.deductibleFen)}) × ${calc.ratioPct}% = ${yuan(r.ratioFen)} 元${r.capped ? `，超过保额按 ${yuan(r.amountFen)} 元` : ''} → 核定 ${yuan(r.amountFen)} 元`;
  } catch (e) {
    return (e as { memberMessage?: string }).memberMessage ?? '明细有误';
  }
};

/** The decide route's path of each box (core/claims/schemas.ts decideSchema). */
const LINE_PATHS: Record<keyof LineDraft, string> = { item: 'item', claimed: 'claimedFen', excluded: 'excludedFen', reason: 'exclusionReason' };

/**
 * 理算明细: the covered items with what is claimed and excluded (with reasons), the deductible and the ratio.
 * The member's 理赔核定书 prints these lines as recorded, and the amount is worked out from them.
 */
export function ClaimCalculationEditor(props: { value: CalculationDraft; onChange(v: CalculationDraft): void; sumInsuredFen: number; issues?: { path: string; message: string }[] }) {
  const d = props.value;
  /** The server's refusal under the box it is about (the message also names the line for the list below the button). */
  const at = (path: string) => {
    const issue = props.issues?.find((i) => i.path === `calculation.${path}`);
    return issue ? { status: 'error' as const, tips: issue.message } : {};
  };
  const line = (i: number, k: keyof LineDraft) => at(`lines.${i}.${LINE_PATHS[k]}`);
  const setLine = (i: number, k: keyof LineDraft) => (v: unknown) =>
    props.onChange({ ...d, lines: d.lines.map((l, j) => (j === i ? { ...l, [k]: String(v) } : l)) });
  return (
    <div className="lp-calc">
      {d.lines.map((l, i) => (
        <div key={i} className="lp-calc-line">
          <Input label="项目" placeholder="费用项目（如 住院医疗费）" value={l.item} onChange={setLine(i, 'item')} {...line(i, 'item')} />
          <Input label="申请" suffix="元" placeholder="申请金额（元）" value={l.claimed} onChange={setLine(i, 'claimed')} {...line(i, 'claimed')} />
          <Input label="扣除" suffix="元" placeholder="扣除金额（元）" value={l.excluded} onChange={setLine(i, 'excluded')} {...line(i, 'excluded')} />
          <Input label="原因" placeholder="扣除原因" value={l.reason} onChange={setLine(i, 'reason')} {...line(i, 'reason')} />
          {d.lines.length > 1 && (
            <Button variant="text" theme="danger" onClick={() => props.onChange({ ...d, lines: d.lines.filter((_, j) => j !== i) })}>
              删除
            </Button>
          )}
        </div>
      ))}
      <Button variant="text" onClick={() => props.onChange({ ...d, lines: [...d.lines, { item: '', claimed: '', excluded: '', reason: '' }] })}>
        ＋ 添加费用项目
      </Button>
      <div className="lp-calc-line">
        <Input label="免赔额" suffix="元" placeholder="免赔额（元）" value={d.deductible} onChange={(v) => props.onChange({ ...d, deductible: String(v) })} {...at('deductibleFen')} />
        <Input label="赔付比例" suffix="%" placeholder="赔付比例（%）" value={d.ratio} onChange={(v) => props.onChange({ ...d, ratio: String(v) })} {...at('ratioPct')} />
      </div>
      <div className="lp-calc-result">{preview(d, props.sumInsuredFen)}</div>
    </div>
  );
}
