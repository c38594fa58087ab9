import { commonErrors, DomainError } from '../shared/errors';
import { INCIDENT_STATUSES, type IncidentStatus } from './model';

/** Expected incident failures: stable code, Chinese message for staff, English for the log. */
export const incidentErrors = {
  notFound: (id: string) => new DomainError('INCIDENT.NOT_FOUND', '未找到该安全事件', `incident ${id} not found`),
  closed: (status: IncidentStatus) =>
    new DomainError('INCIDENT.CLOSED', `事件当前为“${INCIDENT_STATUSES[status]}”，不能再修改`, `incident is ${status}`, { status }),
  inFuture: () => new DomainError('INCIDENT.IN_FUTURE', '发生时间不能晚于现在', 'occurredAt in the future'),
  keyReused: () => new DomainError('INCIDENT.IDEMPOTENCY_KEY_REUSED', '请求编号已用于另一条事件，请刷新后重试', 'idempotency key reused with other content'),
  badPeriod: () => new DomainError('INCIDENT.BAD_PERIOD', '开始日期不能晚于结束日期', 'from after to'),
  versionConflict: (id: string) => commonErrors.versionConflict('INCIDENT', id),
  unavailable: () => new DomainError('INCIDENT.UNAVAILABLE', '安全事件功能未启用', 'incident store not configured'),
};
