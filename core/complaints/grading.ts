import { COMPLAINT_CATEGORIES, GRADES, type ComplaintCategory, type Grade, type GradingFactors } from './model';
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
  // Reasons are read by staff (the green-channel alert, the grade on the case): in Chinese.
  if (grade !== 'ordinary') reasons.push(`${COMPLAINT_CATEGORIES[category]}类投诉起评为${GRADES[grade]}`);

  const amount = f.amountAtStake ?? 0;
  if (amount >= policy.grading.majorAmount) {
    grade = 'major';
    reasons.push(`涉及金额${amount}元，达到${policy.grading.majorAmount}元`);
  } else if (amount >= policy.grading.significantAmount) {
    grade = atLeast(grade, 'significant');
    reasons.push(`涉及金额${amount}元，达到${policy.grading.significantAmount}元`);
  }
  if (f.regulatorInvolved || f.mediaInvolved) {
    grade = 'major';
    reasons.push(f.regulatorInvolved ? '监管部门介入' : '媒体关注');
  }
  if (f.vulnerableMember) {
    grade = atLeast(grade, 'significant');
    reasons.push('特殊群体会员');
  }
  if (f.repeatComplaint) {
    grade = oneUp(grade);
    reasons.push('重复投诉');
  }
  const greenChannel = grade === 'major' || f.urgent;
  if (f.urgent) reasons.push('会员标记紧急');
  return { grade, greenChannel, reasons };
};
