import {
  addSlot,
  benefitCatalogue,
  bookingCalendar,
  cancelChange,
  changeNotices,
  checkIn,
  createBenefit,
  findBooking,
  scheduleChange,
  setSlotCapacity,
  updateBenefit,
} from '../../../../core/benefits/staffUseCases';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 会员权益: the catalogue and tier rules with scheduled changes (and who was told of each), the booking
 * calendar per benefit with capacity, and check-in by code. Read: benefits admin and oversight roles;
 * change: the benefits admin; check-in: the benefits admin and partners, who see masked names only.
 * Every change and check-in is audited with its source address; wrong check-in codes are throttled per
 * account on the sign-in guard (AdminDeps.signIn). The records and their permissions live in core/benefits.
 */
export const benefitsArea: StaffArea<AdminDeps> = {
  catalogue: benefitCatalogue,
  create: createBenefit,
  update: updateBenefit,
  scheduleChange,
  cancelChange,
  notices: changeNotices,
  addSlot,
  setCapacity: setSlotCapacity,
  calendar: bookingCalendar,
  findBooking,
  checkIn,
};
