import type { HolidayTable } from './workingCalendar';
import { calendarFromTable } from './workingCalendar';

// chinese-days ships the published holiday and 调休 tables (2004 onwards) as JSON; we use the
// table directly so we also know which years it covers and can flag dates beyond them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const table: HolidayTable = require('chinese-days/dist/chinese-days.json');

export const chinaCalendar = calendarFromTable(table);
