import ExcelJS from 'exceljs';
import type { JobKind } from '../jobs/runner';
import { quarterlyReport, type QuarterlyReportDeps } from './quarterly';
import type { QuarterReport } from './report';
import { reportFileName, SHEET_BUILDERS, type SheetRows } from './sheets';

/*
 * Job kind 1: the quarterly report as XLSX. exceljs is imported here only, and this file only by the
 * `jobs` function (and the local system's jobs tick): the admin function never loads it.
 * Steps: 0 the report (frozen figures; freezing the quarter if first asked), 1–4 one sheet's rows
 * each, 5 the workbook written and stored. Each step's result is kept on the job's cursor.
 */
export const QUARTERLY_XLSX = 'quarterlyReportXlsx';

interface State {
  report: QuarterReport;
  sheets: SheetRows[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Zip entries carry their write time; pinning it to the snapshot's makes one report one file, byte for byte. */
export const pinZipTimes = (buf: Uint8Array, at: Date): Uint8Array => {
  const out = Buffer.from(buf);
  const local = new Date(at.getTime() + 8 * 3600_000);
  const time = (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | Math.floor(local.getUTCSeconds() / 2);
  const date = ((local.getUTCFullYear() - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate();
  let eocd = out.length - 22;
  while (eocd >= 0 && out.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  if (eocd < 0) return out;
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries && out.readUInt32LE(p) === 0x02014b50; i += 1) {
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const localAt = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(localAt) === 0x04034b50) {
      out.writeUInt16LE(time, localAt + 10);
      out.writeUInt16LE(date, localAt + 12);
    }
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
};

export const writeReportXlsx = async (report: QuarterReport, sheets: SheetRows[]): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  const at = new Date(report.generatedAt);
  wb.creator = '会员服务 季度报告';
  wb.created = at;
  wb.modified = at;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.columns = s.widths.map((width) => ({ width }));
    for (const row of s.rows) {
      const r = ws.addRow(row.map((c) => (c === null ? null : c)));
      for (const [col, f] of Object.entries(s.formats ?? {})) {
        const cell = r.getCell(Number(col) + 1);
        if (typeof cell.value === 'number') cell.numFmt = f === 'pct' ? '0.0%' : '0';
      }
    }
    const header = s.name === '指标汇总' ? 6 : 1;
    ws.getRow(header).font = { bold: true };
    if (s.name === '指标汇总') {
      // The rate metrics' numbers are fractions: percent format on their figure cells.
      report.metrics.forEach((m, i) => {
        if (m.unit !== 'rate') return;
        for (const col of [2, 4, 5]) {
          const cell = ws.getRow(header + 1 + i).getCell(col);
          if (typeof cell.value === 'number') cell.numFmt = '0.0%';
        }
      });
      ws.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  const buf = await wb.xlsx.writeBuffer();
  return pinZipTimes(new Uint8Array(buf as ArrayBuffer), new Date(report.snapshot.frozenAt));
};

export const quarterlyXlsxKind: JobKind<QuarterlyReportDeps> = {
  steps: () => SHEET_BUILDERS.length + 2,
  step: async (deps, job, i, raw) => {
    const state = raw as State | undefined;
    if (i === 0) return { state: { report: await quarterlyReport(deps, { quarter: job.params.quarter ?? '' }), sheets: [] } satisfies State };
    if (!state) throw new Error(`job ${job.id} lost its state at step ${i}`);
    if (i <= SHEET_BUILDERS.length) return { state: { ...state, sheets: [...state.sheets.slice(0, i - 1), SHEET_BUILDERS[i - 1](state.report)] } satisfies State };
    return { file: { name: reportFileName(state.report), bytes: await writeReportXlsx(state.report, state.sheets), contentType: XLSX_TYPE } };
  },
};
