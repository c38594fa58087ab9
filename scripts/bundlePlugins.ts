/**
 * esbuild plugins that keep the cloud function bundles small (≤ 150 KB for member-facing and timer
 * functions, tests/build/functionBundles.test.ts) without changing what the code does.
 */
import type esbuild from 'esbuild';
import fs from 'node:fs';

// ——— The built-in holiday table ———

type DayTable = Record<string, string>;
type HolidayJson = Record<string, DayTable>;

const DAY_MS = 86_400_000;
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * chinese-days' table (core/calendar/chinaCalendar.ts) as runs of consecutive days with the same value:
 * `start,days,valueIndex` joined by `;`, per map, values listed once. 37 KB of JSON become about 6 KB.
 */
export const encodeHolidayTable = (table: HolidayJson): { values: string[]; runs: Record<string, string> } => {
  const values: string[] = [];
  const indexOf = (v: string) => (values.includes(v) ? values.indexOf(v) : values.push(v) - 1);
  const runs: Record<string, string> = {};
  for (const [map, days] of Object.entries(table)) {
    const out: { start: string; days: number; value: number; end: string }[] = [];
    for (const [day, value] of Object.entries(days)) {
      const last = out[out.length - 1];
      const v = indexOf(value);
      if (last && last.value === v && nextDay(last.end) === day) {
        last.days++;
        last.end = day;
      } else out.push({ start: day, days: 1, value: v, end: day });
    }
    runs[map] = out.map((r) => `${r.start.replace(/-/g, '')},${r.days},${r.value}`).join(';');
  }
  return { values, runs };
};

/** The module the bundle gets instead of the JSON: it rebuilds the same object (same keys, order and values) when loaded. */
export const holidayTableModule = (table: HolidayJson): string => {
  const { values, runs } = encodeHolidayTable(table);
  // Dates stepped as numbers, not Date objects: the table is rebuilt on every cold start.
  return `"use strict";
const V = ${JSON.stringify(values)};
const R = ${JSON.stringify(runs)};
const t = {};
const p2 = (n) => (n < 10 ? "0" : "") + n;
const last = (y, m) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
for (const map of Object.keys(R)) {
  const days = (t[map] = {});
  if (!R[map]) continue;
  for (const run of R[map].split(";")) {
    const [s, n, v] = run.split(",");
    let y = +s.slice(0, 4), m = +s.slice(4, 6), d = +s.slice(6, 8);
    for (let i = 0; i < +n; i++) {
      days[y + "-" + p2(m) + "-" + p2(d)] = V[+v];
      if (++d > last(y, m)) { d = 1; if (++m > 12) { m = 1; y++; } }
    }
  }
}
module.exports = t;
`;
};

/** chinese-days' JSON, encoded as above; the build fails if the encoded table would read differently. */
export const compactHolidayTable: esbuild.Plugin = {
  name: 'compact-holiday-table',
  setup(build) {
    build.onLoad({ filter: /chinese-days[\\/]dist[\\/]chinese-days\.json$/ }, async (args) => {
      const table = JSON.parse(await fs.promises.readFile(args.path, 'utf8')) as HolidayJson;
      const contents = holidayTableModule(table);
      if (JSON.stringify(evaluateModule(contents)) !== JSON.stringify(table)) throw new Error('compact holiday table differs from chinese-days.json');
      return { contents, loader: 'js' };
    });
  },
};

/** Runs a CommonJS module's text and returns its exports (for the build's own check and the tests). */
export const evaluateModule = (source: string): unknown => {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return module.exports;
};
