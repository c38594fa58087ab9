import { builtInHolidayTable } from '../../core/calendar/chinaCalendar';
import { calendarFromTable } from '../../core/calendar/workingCalendar';
import fs from 'node:fs';
import path from 'node:path';
import { evaluateModule, holidayTableModule } from '../../scripts/bundlePlugins';

const ROOT = path.resolve(__dirname, '../..');

describe('bundle plugins (scripts/bundlePlugins.ts)', () => {
  it('finds every zod/mini import written as a namespace import, which is what lets esbuild keep only the members read', () => {
    // \`import { z } from 'zod/mini'\` binds zod's namespace object, and esbuild then keeps all of zod (about
    // 350 KB); \`import * as z\` is the same object to the code and tree-shakes to about 25 KB.
    const named: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && /import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+['"]zod\/(v4\/)?mini['"]/.test(fs.readFileSync(p, 'utf8'))) named.push(path.relative(ROOT, p));
      }
    };
    for (const dir of ['core', 'server', 'adapters', 'cloudfunctions', 'deploy', 'scripts']) walk(path.join(ROOT, dir));
    expect(named).toEqual([]);
  });

  it('rebuilds the built-in holiday table exactly (keys, order, values) from a module a sixth of its size', () => {
    const json = JSON.stringify(builtInHolidayTable);
    const source = holidayTableModule(builtInHolidayTable as never);
    expect(source.length).toBeLessThan(json.length / 5);
    const rebuilt = evaluateModule(source);
    expect(JSON.stringify(rebuilt)).toBe(json);
    // The calendar it makes answers as the original does, including the years it knows.
    const a = calendarFromTable(builtInHolidayTable);
    const b = calendarFromTable(rebuilt as typeof builtInHolidayTable);
    expect(b.knownYears).toEqual(a.knownYears);
    for (const day of ['2026-10-01', '2026-10-10', '2026-02-14', '2015-09-03', '2004-10-09', '2026-11-25']) expect(b.kindOf(day)).toBe(a.kindOf(day));
  });

  it('encodes runs across month, year and leap-day ends, and single days', () => {
    const table = {
      holidays: { '2030-12-31': 'a', '2031-01-01': 'a', '2031-01-02': 'b', '2031-03-01': 'a', '2028-02-28': 'd', '2028-02-29': 'd', '2028-03-01': 'd', '2100-02-28': 'e', '2100-03-01': 'e' },
      workdays: {},
      inLieuDays: { '2031-02-28': 'c' },
    };
    expect(evaluateModule(holidayTableModule(table))).toEqual(table);
    expect(JSON.stringify(evaluateModule(holidayTableModule(table)))).toBe(JSON.stringify(table));
  });
});
