import { DomainError } from '../shared/errors';

export const earlyWarningErrors = {
  notFound: (id: string) => new DomainError('EARLY_WARNING.NOT_FOUND', '预警不存在', `early-warning alert ${id} not found`),
  alreadyHandled: (id: string, status: string) =>
    new DomainError('EARLY_WARNING.ALREADY_HANDLED', '该预警已处理（已排除或已转整改），不能再次处理', `early-warning alert ${id} is already ${status}`),
  ledgerUnavailable: () => new DomainError('EARLY_WARNING.LEDGER_UNAVAILABLE', '整改台账暂不可用', 'no ledger deps configured for early warning'),
  unavailable: () => new DomainError('EARLY_WARNING.UNAVAILABLE', '风险预警暂不可用', 'early warning is not configured on this deployment'),
};
