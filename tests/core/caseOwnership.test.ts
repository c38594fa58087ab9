import { CASE_RULES, mayTakeOver, mayWork, ownershipVerdict } from '../../core/complaints/ownership';
import type { Complaint } from '../../core/complaints/model';
import type { StaffRole } from '../../core/shared/actors';

/** Only the owner field matters to the rule. */
const held = (owner?: { id: string; role: StaffRole }) => ({ owner }) as Complaint;
const staff = (id: string, role: StaffRole) => ({ id, role });
const verdict = (v: ReturnType<typeof mayWork>) => (v.may ? 'may' : v.error.code);

describe('case ownership rule (core/complaints/ownership.ts)', () => {
  const agentsCase = held({ id: 'a1', role: 'agent' });
  const supervisorsCase = held({ id: 's1', role: 'supervisor' });

  it('lets anyone but compliance work a case nobody holds', () => {
    expect((['agent', 'supervisor', 'headOffice', 'compliance'] as const).map((r) => verdict(mayWork(staff('x', r), held())))).toEqual([
      'may', 'may', 'may', 'COMPLAINT.READ_ONLY_ROLE',
    ]);
  });

  it('lets the owner and those senior to the owner write, nobody else (compliance outranks no one here)', () => {
    expect(verdict(mayWork(staff('a1', 'agent'), agentsCase))).toBe('may');
    expect(verdict(mayWork(staff('a2', 'agent'), agentsCase))).toBe('COMPLAINT.NOT_YOUR_CASE');
    expect(verdict(mayWork(staff('s1', 'supervisor'), agentsCase))).toBe('may');
    expect(verdict(mayWork(staff('s2', 'supervisor'), supervisorsCase))).toBe('COMPLAINT.NOT_YOUR_CASE');
    expect(verdict(mayWork(staff('h1', 'headOffice'), supervisorsCase))).toBe('may');
    expect(verdict(mayWork(staff('c1', 'compliance'), agentsCase))).toBe('COMPLAINT.READ_ONLY_ROLE');
  });

  it("names who holds the case in the refusal, or 其他同事 when the name is unknown", () => {
    const refused = mayWork(staff('a2', 'agent'), agentsCase, '王小丽');
    expect(!refused.may && refused.error.memberMessage).toBe('该案件由王小丽负责，仅负责人及其上级可以处理；如需处理，请由主管分派给您');
    const unnamed = mayWork(staff('a2', 'agent'), agentsCase);
    expect(!unnamed.may && unnamed.error.memberMessage).toMatch(/^该案件由其他同事负责/);
  });

  it('takes over a case nobody holds or a junior holds; not a peer\'s, not one\'s own', () => {
    expect(verdict(mayTakeOver(staff('a2', 'agent'), held()))).toBe('may');
    expect(verdict(mayTakeOver(staff('a2', 'agent'), agentsCase))).toBe('COMPLAINT.NOT_YOUR_CASE');
    expect(verdict(mayTakeOver(staff('s1', 'supervisor'), agentsCase))).toBe('may');
    expect(verdict(mayTakeOver(staff('s2', 'supervisor'), supervisorsCase))).toBe('COMPLAINT.NOT_YOUR_CASE');
    expect(verdict(mayTakeOver(staff('a1', 'agent'), agentsCase))).toBe('COMPLAINT.ALREADY_OWNER');
    expect(verdict(mayTakeOver(staff('c1', 'compliance'), held()))).toBe('COMPLAINT.READ_ONLY_ROLE');
  });

  it('leaves assigning to the role check (a supervisor assigns any open case); every other staff action is owner-ruled', () => {
    expect(verdict(ownershipVerdict('assign', staff('s2', 'supervisor'), supervisorsCase))).toBe('may');
    expect(Object.entries(CASE_RULES).filter(([, rule]) => rule !== 'work')).toEqual([['assign', 'assign'], ['takeOver', 'takeOver']]);
  });
});
