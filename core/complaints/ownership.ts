import { ROLE_RANK, type StaffRole } from '../shared/actors';
import type { DomainError } from '../shared/errors';
import { complaintErrors } from './errors';
import type { ComplaintAction } from './lifecycle';
import type { Complaint } from './model';

/**
 * Case ownership (CLARIFICATIONS "Staff and roles"): once a case is assigned or escalated, only its
 * owner and those senior to the owner (agent < supervisor < head office) write to it; a case nobody
 * holds may be worked by any agent and above; compliance reads only. Taking over someone else's
 * case is its own, audited action (接手). Pure: the caller names the owner for the message.
 */
export interface CaseWorker {
  id: string;
  role: StaffRole;
}

export type OwnershipVerdict = { may: true } | { may: false; error: DomainError };

/**
 * The rule each staff action on a case answers to. Every lifecycle action staff can take is listed,
 * so a new one does not compile until someone decides which rule it follows:
 * - `work`: the owner, anyone senior to the owner, or anyone (agent and above) when nobody holds it;
 * - `assign`: the role check alone (客服主管 assigns any open case, as before; this is also how a
 *   supervisor hands a colleague's case to someone, themselves included);
 * - `takeOver`: 接手, see mayTakeOver.
 */
export type CaseRule = 'work' | 'assign' | 'takeOver';
export type StaffCaseAction = Exclude<ComplaintAction, 'rate' | 'requestReview'>;

export const CASE_RULES: Record<StaffCaseAction, CaseRule> = {
  acknowledge: 'work',
  assign: 'assign',
  escalate: 'work',
  takeOver: 'takeOver',
  confirmGrade: 'work',
  reply: 'work',
  internalNote: 'work',
  requestInformation: 'work',
  memberAddsInformation: 'work',
  extendRegulatory: 'work',
  restartRegulatory: 'work',
  appraisal: 'work',
  resolve: 'work',
  startReview: 'work',
  close: 'work',
  // A merge closes the duplicate as withdrawn: both cases are written.
  withdraw: 'work',
};

/** Senior in the case chain: compliance ranks high but stands outside it (it reads only). */
const outranks = (who: StaffRole, owner: StaffRole) => who !== 'compliance' && ROLE_RANK[who] > ROLE_RANK[owner];

const MAY: OwnershipVerdict = { may: true };
const refuse = (error: DomainError): OwnershipVerdict => ({ may: false, error });

/** May `who` write to case `c`? */
export const mayWork = (who: CaseWorker, c: Complaint, ownerName?: string): OwnershipVerdict => {
  if (who.role === 'compliance') return refuse(complaintErrors.readOnlyRole());
  if (!c.owner || c.owner.id === who.id || outranks(who.role, c.owner.role)) return MAY;
  return refuse(complaintErrors.notYourCase(ownerName, 'work'));
};

/**
 * Need to know, for unmasking a member's details or texts on a case: an agent on a case they may work
 * (theirs, or one nobody holds yet), a senior role on any case.
 */
export const mayViewPersonalData = (who: CaseWorker, c: Complaint, ownerName?: string): OwnershipVerdict =>
  who.role === 'agent' && c.owner && c.owner.id !== who.id ? refuse(complaintErrors.notYourCase(ownerName, 'personalData')) : MAY;

/**
 * 接手: a case nobody holds may be taken by any agent and above; someone else's only by a senior
 * (otherwise a supervisor assigns it). The owner has nothing to take.
 */
export const mayTakeOver = (who: CaseWorker, c: Complaint, ownerName?: string): OwnershipVerdict => {
  if (who.role === 'compliance') return refuse(complaintErrors.readOnlyRole());
  if (c.owner?.id === who.id) return refuse(complaintErrors.alreadyOwner());
  if (!c.owner || outranks(who.role, c.owner.role)) return MAY;
  return refuse(complaintErrors.notYourCase(ownerName, 'takeOver'));
};

export const ownershipVerdict = (action: StaffCaseAction, who: CaseWorker, c: Complaint, ownerName?: string): OwnershipVerdict => {
  const rule = CASE_RULES[action];
  if (rule === 'takeOver') return mayTakeOver(who, c, ownerName);
  if (rule === 'assign') return who.role === 'compliance' ? refuse(complaintErrors.readOnlyRole()) : MAY;
  return mayWork(who, c, ownerName);
};

/** The same verdict, as the refusal a staff write throws (nothing is written). */
export const assertOwnership = (action: StaffCaseAction, who: CaseWorker, c: Complaint, ownerName?: string) => {
  const verdict = ownershipVerdict(action, who, c, ownerName);
  if (!verdict.may) throw verdict.error;
};

export const isStaffCaseAction = (action: string): action is StaffCaseAction => action in CASE_RULES;
