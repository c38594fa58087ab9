import type { HolidayTable } from './workingCalendar';
import { calendarFromTable } from './workingCalendar';

// chinese-days ships the published holiday and 调休 tables (2004 onwards) as JSON; we use the
// table directly so we also know which years it covers and can flag dates beyond them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const builtInHolidayTable: HolidayTable = require('chinese-days/dist/chinese-days.json');

/** The built-in years only. Running systems read `liveCalendar`, which adds the notices staff imported. */
export const chinaCalendar = calendarFromTable(builtInHolidayTable);
