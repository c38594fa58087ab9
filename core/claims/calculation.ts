/**
 * 理算: how a paid amount is reached, recorded by the handler with the decision and read back unchanged by
 * the assessment letter (papers.ts) — the letter never carries a number the handler did not record.
 * Σ claimed − Σ excluded − deductible = the base; base × ratio (half-up to the 分) = payable; the sum
 * insured caps it. All money in integer 分.
 */
import { claimErrors } from './errors';

export interface CalculationLine {
  /** The covered item (住院医疗费, 门诊费 …). */
  item: string;
  claimedFen: number;
  /** Not covered: outside the contract's cover, self-paid drugs, unreasonable fees …, with the reason. */
  excludedFen: number;
  exclusionReason?: string;
}

export interface ClaimCalculation {
  lines: CalculationLine[];
  deductibleFen: number;
  /** 赔付比例, whole percent 1–100. */
  ratioPct: number;
}

export interface CalculationResult {
  claimedFen: number;
  excludedFen: number;
  deductibleFen: number;
  /** Σ claimed − Σ excluded − deductible, never below 0. */
  baseFen: number;
  /** base × ratio, half-up to the 分. */
  ratioFen: number;
  /** The sum insured cut the amount. */
  capped: boolean;
  amountFen: number;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Checks the handler's lines (each refusal has its own code) and works out the amount. */
export const calculate = (calc: ClaimCalculation, sumInsuredFen: number): CalculationResult => {
  for (const l of calc.lines) {
    if (l.claimedFen < 0 || l.excludedFen < 0) throw claimErrors.amountNegative();
    if (l.excludedFen > l.claimedFen) throw claimErrors.excludedOverClaimed(l.item);
    if (l.excludedFen > 0 && !l.exclusionReason?.trim()) throw claimErrors.exclusionNeedsReason(l.item);
  }
  if (calc.deductibleFen < 0) throw claimErrors.amountNegative();
  const claimedFen = sum(calc.lines.map((l) => l.claimedFen));
  const excludedFen = sum(calc.lines.map((l) => l.excludedFen));
  const baseFen = Math.max(0, claimedFen - excludedFen - calc.deductibleFen);
  // Integer arithmetic: base × pct is exact; adding 50 before dividing by 100 rounds half up.
  const ratioFen = Math.floor((baseFen * calc.ratioPct + 50) / 100);
  const capped = ratioFen > sumInsuredFen;
  return { claimedFen, excludedFen, deductibleFen: calc.deductibleFen, baseFen, ratioFen, capped, amountFen: capped ? sumInsuredFen : ratioFen };
};
