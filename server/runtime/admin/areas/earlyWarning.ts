import * as z from 'zod/mini';
import { earlyWarningErrors } from '../../../../core/earlyWarning/errors';
import {
  alertToLedger,
  detailSchema,
  dismissAlert,
  dismissSchema,
  EARLY_WARNING_LABELS,
  earlyWarningDetail,
  earlyWarningList,
  earlyWarningWeeks,
  listSchema,
  toLedgerSchema,
  type EarlyWarningStaffDeps,
} from '../../../../core/earlyWarning/staffUseCases';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const need = (deps: AdminDeps): EarlyWarningStaffDeps => {
  if (!deps.earlyWarning) throw earlyWarningErrors.unavailable();
  return { alerts: deps.earlyWarning.alerts, clock: deps.clock };
};

/**
 * 风险预警: the weekly alerts (core/earlyWarning) — rises against each value's own history, repeat
 * complainants, clusters on a policy or seller — each with its series, test and masked evidence;
 * 排除 with a reason or 转入整改台账 (a ledger item linked to the complaints).
 */
export const earlyWarningArea: StaffArea<AdminDeps> = {
  weeks: defineStaffAction({
    permission: 'earlyWarning.read',
    input: z.strictObject({}),
    run: (deps: AdminDeps) => earlyWarningWeeks(need(deps)),
  }),
  list: defineStaffAction({
    permission: 'earlyWarning.read',
    input: listSchema,
    labels: EARLY_WARNING_LABELS,
    run: (deps: AdminDeps, _who, q) => earlyWarningList(need(deps), q),
  }),
  detail: defineStaffAction({
    permission: 'earlyWarning.read',
    input: detailSchema,
    labels: EARLY_WARNING_LABELS,
    run: (deps: AdminDeps, who, q) => earlyWarningDetail(need(deps), who, q.id),
  }),
  dismiss: defineStaffAction({
    permission: 'earlyWarning.handle',
    input: dismissSchema,
    labels: EARLY_WARNING_LABELS,
    run: (deps: AdminDeps, who, q) => dismissAlert(need(deps), who, q),
  }),
  toLedger: defineStaffAction({
    permission: 'earlyWarning.handle',
    input: toLedgerSchema,
    labels: EARLY_WARNING_LABELS,
    run: (deps: AdminDeps, who, q) => alertToLedger({ ...need(deps), ...(deps.ledger ? { ledger: deps.ledger } : {}) }, who, q),
  }),
};
