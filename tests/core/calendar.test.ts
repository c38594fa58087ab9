import { chinaCalendar } from '../../core/calendar/chinaCalendar';
import { addWorkingTime, calendarDaysAfter, workingDaysAfter, workingTimeBetween } from '../../core/calendar/periods';
import { calendarFromTable } from '../../core/calendar/workingCalendar';
import { DAY_MS } from '../../core/shared/shanghaiTime';

/** 14:00 Shanghai on a day, as an instant. */
const at = (day: string, time = '14:00') => new Date(`${day}T${time}:00+08:00`);
const endOf = (day: string) => new Date(`${day}T24:00:00+08:00`.replace('T24:00:00', 'T00:00:00')).getTime() + DAY_MS;

describe('the 2026 China calendar', () => {
  it('knows National Day as a holiday and the 10-10 make-up Saturday as a working day', () => {
    expect(chinaCalendar.kindOf('2026-10-01')).toBe('holiday');
    expect(chinaCalendar.kindOf('2026-10-07')).toBe('holiday');
    expect(chinaCalendar.kindOf('2026-10-10')).toBe('makeupWorkday');
    expect(chinaCalendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(chinaCalendar.kindOf('2026-10-11')).toBe('weekend');
  });
  it('counts the Spring Festival make-up days 02-14 and 02-28 as working days', () => {
    expect(chinaCalendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-02-16')).toBe(false);
  });
  it('reports years outside the published data as unknown', () => {
    expect(chinaCalendar.isKnown('2026-12-31')).toBe(true);
    expect(chinaCalendar.isKnown(`${chinaCalendar.knownYears.to + 1}-01-04`)).toBe(false);
  });
});

describe('regulatory period in calendar days (民法典 arts 201, 203)', () => {
  it('does not count the day of receipt and ends at 24:00 of the 15th day', () => {
    const d = calendarDaysAfter(chinaCalendar, at('2026-11-02'), 15);
    expect(d.dueAt.getTime()).toBe(endOf('2026-11-17'));
    expect(d.provisional).toBe(false);
  });
  it('moves a limit ending inside the National Day holiday to the day after it (RULES.md example)', () => {
    const d = calendarDaysAfter(chinaCalendar, at('2026-09-20'), 15);
    expect(d.dueAt.getTime()).toBe(endOf('2026-10-08'));
  });
  it('moves a limit ending on a Sunday to Monday', () => {
    // 2026-11-07 + 15 = 11-22, a Sunday
    expect(calendarDaysAfter(chinaCalendar, at('2026-11-07'), 15).dueAt.getTime()).toBe(endOf('2026-11-23'));
  });
  it('ends on a make-up Saturday, which is a working day', () => {
    // 2026-09-25 + 15 = 10-10, the 调休 Saturday
    expect(calendarDaysAfter(chinaCalendar, at('2026-09-25'), 15).dueAt.getTime()).toBe(endOf('2026-10-10'));
  });
  it('treats a receipt just before midnight Shanghai as that day, not the UTC day', () => {
    const lateNight = new Date('2026-11-02T23:30:00+08:00'); // 15:30Z on 11-02
    const earlyMorning = new Date('2026-11-03T00:30:00+08:00'); // 16:30Z on 11-02
    expect(calendarDaysAfter(chinaCalendar, lateNight, 15).dueAt.getTime()).toBe(endOf('2026-11-17'));
    expect(calendarDaysAfter(chinaCalendar, earlyMorning, 15).dueAt.getTime()).toBe(endOf('2026-11-18'));
  });
  it('flags a limit that runs past the known years as provisional, computed with weekends only', () => {
    const year = chinaCalendar.knownYears.to;
    const d = calendarDaysAfter(chinaCalendar, at(`${year}-12-25`), 15);
    expect(d.provisional).toBe(true);
    expect(d.dueAt.getTime()).toBeGreaterThanOrEqual(endOf(`${year + 1}-01-09`));
  });
});

describe('company target in working days', () => {
  it('skips the National Day holiday and counts the make-up Saturday', () => {
    // received Wed 09-30: working days 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休), 10-12..10-15
    const d = workingDaysAfter(chinaCalendar, at('2026-09-30'), 7);
    expect(d.dueAt.getTime()).toBe(endOf('2026-10-15'));
  });
  it('counts from the day after receipt across a weekend', () => {
    // received Fri 11-20: Mon 23 … Tue 12-01 is the 7th working day
    expect(workingDaysAfter(chinaCalendar, at('2026-11-20'), 7).dueAt.getTime()).toBe(endOf('2026-12-01'));
  });
});

describe('pauses on the working-day clock', () => {
  it('counts only working-day time spent waiting', () => {
    // Fri 12:00 → Mon 12:00: 12h Friday + 12h Monday
    const ms = workingTimeBetween(chinaCalendar, at('2026-11-20', '12:00'), at('2026-11-23', '12:00'));
    expect(ms).toBe(24 * 3600_000);
  });
  it('moves a due time later by the paused working time, skipping the weekend', () => {
    const due = { dueAt: new Date(endOf('2026-11-20')), provisional: false }; // Fri 24:00
    const moved = addWorkingTime(chinaCalendar, due, 1.5 * DAY_MS);
    expect(moved.dueAt.toISOString()).toBe(new Date('2026-11-24T12:00:00+08:00').toISOString());
  });
  it('uses the table it is given, so a test calendar can stand in', () => {
    const cal = calendarFromTable({ holidays: { '2030-01-01': 'x' }, workdays: {} });
    expect(cal.isWorkingDay('2030-01-01')).toBe(false);
    expect(cal.knownYears).toEqual({ from: 2030, to: 2030 });
  });
});
