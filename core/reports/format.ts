/** How the report writes its figures (the page, the print page and the XLSX share these). */
export const NA = '—';

export const pctText = (r: number | null | undefined, digits = 1) => (r === null || r === undefined ? NA : `${(r * 100).toFixed(digits)}%`);

/** A signed change in percent ("+12.0%", "−30.5%"). */
export const changeText = (r: number | null) => (r === null ? '无可比数据' : `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r * 100).toFixed(1)}%`);

/** A signed difference in percentage points. */
export const pointsText = (d: number | null) => (d === null ? '无可比数据' : `${d > 0 ? '+' : d < 0 ? '−' : ''}${Math.abs(d * 100).toFixed(1)} 个百分点`);

/** Minutes as days, hours and minutes ("2天3小时", "5小时12分", "40分钟"). */
export const durationText = (minutes: number | null | undefined): string => {
  if (minutes === null || minutes === undefined) return NA;
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d) return `${d}天${h ? `${h}小时` : ''}`;
  if (h) return `${h}小时${m ? `${m}分` : ''}`;
  return `${m}分钟`;
};

export const countText = (n: number | null | undefined) => (n === null || n === undefined ? NA : String(n));

export const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

/** Shanghai wall time of an instant, "2026-10-08 09:30". */
export const shanghaiText = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
