import {
  ledgerAddEvidence,
  ledgerCreateFinding,
  ledgerCreateInspection,
  ledgerEvidenceUrl,
  ledgerInspection,
  ledgerInspections,
  ledgerItem,
  ledgerItems,
  ledgerOpen,
  ledgerOwners,
  ledgerSearch,
  ledgerWrites,
} from '../../../../core/ledger/staffActions';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 整改台账: inspections and their findings, ledger items from any source (findings, alerts, satisfaction,
 * complaint root causes), their progress, evidence, verification by someone other than the owner, and
 * the deadline timer's warnings, breaches and escalations. The records and permissions live in core/ledger.
 */
export const ledgerArea: StaffArea<AdminDeps> = {
  inspections: ledgerInspections,
  inspection: ledgerInspection,
  createInspection: ledgerCreateInspection,
  createFinding: ledgerCreateFinding,
  items: ledgerItems,
  search: ledgerSearch,
  item: ledgerItem,
  owners: ledgerOwners,
  open: ledgerOpen,
  evidence: ledgerAddEvidence,
  evidenceUrl: ledgerEvidenceUrl,
  ...ledgerWrites,
};
