import { incidentActions } from '../../../../core/incidents/staffActions';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 信息安全事件: incidents the detector derived from the audit log and incidents staff record by hand;
 * list, detail with the (masked) audit entries behind a derived one, handling notes and closure. The
 * records, permissions and audit entries live in core/incidents.
 */
export const incidentsArea: StaffArea<AdminDeps> = incidentActions;
