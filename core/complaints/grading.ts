import type { ComplaintCategory, Grade, GradingFactors } from './model';
import type { ComplaintPolicy } from './policy';

const ORDER: Grade[] = ['ordinary', 'significant', 'major'];
const atLeast = (g: Grade, floor: Grade): Grade => (ORDER.indexOf(g) >= ORDER.indexOf(floor) ? g : floor);
const oneUp = (g: Grade): Grade => ORDER[Math.min(ORDER.indexOf(g) + 1, ORDER.length - 1)];

export interface GradeResult {
  grade: Grade;
  greenChannel: boolean;
  reasons: string[];
}

/**
 * 分级 by nature and impact. Intake gives a provisional grade; staff confirm it.
 * Thresholds come from the policy table, so compliance can tune them without code.
 */
export const gradeComplaint = (
  policy: ComplaintPolicy,
  category: ComplaintCategory,
  f: GradingFactors,
): GradeResult => {
  const reasons: string[] = [];
  let grade = policy.grading.categoryBaseGrade[category];
  if (grade !== 'ordinary') reasons.push(`category ${category} starts at ${grade}`);

  const amount = f.amountAtStake ?? 0;
  if (amount >= policy.grading.majorAmount) {
    grade = 'major';
    reasons.push(`amount ${amount} ≥ ${policy.grading.majorAmount}`);
  } else if (amount >= policy.grading.significantAmount) {
    grade = atLeast(grade, 'significant');
    reasons.push(`amount ${amount} ≥ ${policy.grading.significantAmount}`);
  }
  if (f.regulatorInvolved || f.mediaInvolved) {
    grade = 'major';
    reasons.push(f.regulatorInvolved ? 'regulator involved' : 'media involved');
  }
  if (f.vulnerableMember) {
    grade = atLeast(grade, 'significant');
    reasons.push('vulnerable member');
  }
  if (f.repeatComplaint) {
    grade = oneUp(grade);
    reasons.push('repeat complaint');
  }
  const greenChannel = grade === 'major' || f.urgent;
  if (f.urgent) reasons.push('marked urgent');
  return { grade, greenChannel, reasons };
};
