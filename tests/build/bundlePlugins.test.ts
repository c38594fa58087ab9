import { builtInHolidayTable } from '../../core/calendar/chinaCalendar';
import { calendarFromTable } from '../../core/calendar/workingCalendar';
import { evaluateModule, holidayTableModule, namespaceZodImports } from '../../scripts/bundlePlugins';

describe('bundle plugins (scripts/bundlePlugins.ts)', () => {
  it('reads `import { z } from zod/mini` as a namespace import, keeping any other names', () => {
    expect(namespaceZodImports("import { z } from 'zod/mini';\nz.string();")).toBe("import * as z from 'zod/mini';\nz.string();");
    expect(namespaceZodImports('import {z} from "zod/v4/mini"')).toBe('import * as z from "zod/v4/mini";');
    expect(namespaceZodImports("import { z, type ZodMiniType } from 'zod/mini';")).toBe("import * as z from 'zod/mini'; import { type ZodMiniType } from 'zod/mini';");
    // Other modules and imports without z are left as written.
    expect(namespaceZodImports("import { z } from 'zod';")).toBe("import { z } from 'zod';");
    expect(namespaceZodImports("import { minLength } from 'zod/mini';")).toBe("import { minLength } from 'zod/mini';");
    expect(namespaceZodImports("import type { z } from 'zod/mini';")).toBe("import type { z } from 'zod/mini';");
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
