import { useEffect, useState } from 'react';
import { Alert, Button, Input, InputNumber, Tag, Textarea } from 'tdesign-react';
import { StackedTable } from './StackedTable';
import type { HolidayImportResult } from '../../core/calendar/importNotice';
import { AdminApiError, api, messageOf } from './api';

interface Version {
  year: number;
  version: number;
  source: string;
  inForce: boolean;
  importedAt: string;
  importedBy: { name: string };
  holidays: { name: string; from: string; to: string }[];
  makeupWorkdays: { date: string }[];
  recompute?: { done: boolean; examined: number; changed: number; told: number };
}
type Preview = HolidayImportResult;

const TEMPLATE = '节日,放假开始,放假结束,调休上班日\n元旦,,,\n春节,,,\n清明节,,,\n劳动节,,,\n端午节,,,\n中秋节,,,\n国庆节,,,\n';
const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * 节假日日历: the State Council publishes each year's holidays and make-up workdays; until a year is
 * entered here its deadlines are 暂定. Checking first (校验预览) shows exactly what would be imported.
 */
export const CalendarPanel = ({ canImport }: { canImport: boolean }) => {
  const [data, setData] = useState<{ builtInThrough: number; versions: Version[] }>();
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [source, setSource] = useState('');
  const [csv, setCsv] = useState(TEMPLATE);
  const [preview, setPreview] = useState<Preview>();
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = () => api<typeof data>('calendar/notices').then(setData).catch((e) => setError(messageOf(e)));
  useEffect(() => {
    load();
  }, []);

  const send = async (dryRun: boolean) => {
    setError('');
    setIssues([]);
    setDone('');
    try {
      const out = await api<Preview>('calendar/import', { year, source, csv, dryRun });
      setPreview(out);
      if (out.unchanged) setDone(`与当前生效的第${out.replacesVersion}版内容相同，未重复导入`);
      else if (out.imported)
        setDone(
          `已导入${out.year}年第${out.version}版：重算 ${out.recompute?.changed ?? 0} 件投诉的时限，通知 ${out.recompute?.told ?? 0} 位时限有变动的会员${out.recompute?.done ? '' : '（其余由定时任务继续）'}`,
        );
      if (out.imported) load();
    } catch (e) {
      setPreview(undefined);
      setError(messageOf(e));
      if (e instanceof AdminApiError) setIssues(e.error.issues ?? []);
    }
  };
  const readFile = async (file?: File) => {
    if (file) setCsv(await file.text());
  };

  return (
    <>
      <div className="panel">
        <h3>节假日日历</h3>
        <p className="muted">
          内置日历已包含至 {data?.builtInThrough ?? '—'} 年的法定节假日和调休安排。之后年份的时限仅按周末计算并标注“暂定”，
          国务院办公厅公布当年节假日安排后，请在此录入；录入后所有未办结案件的时限自动重算，时限有变动的会员会收到通知。
        </p>
        <StackedTable
          rowKey="version"
          data={data?.versions ?? []}
          empty="尚未录入任何年份"
          columns={[
            { colKey: 'year', title: '年份', width: 80 },
            { colKey: 'version', title: '版本', width: 80, cell: ({ row }) => <>第{row.version}版 {row.inForce && <Tag theme="success" size="small">生效中</Tag>}</> },
            { colKey: 'source', title: '文号/来源' },
            { colKey: 'summary', title: '内容', cell: ({ row }) => `${row.holidays.length} 个节日，调休上班 ${row.makeupWorkdays.length} 天` },
            { colKey: 'importedAt', title: '录入', width: 220, cell: ({ row }) => `${shanghai(row.importedAt)} ${row.importedBy.name}` },
            {
              colKey: 'recompute',
              title: '时限重算',
              width: 220,
              cell: ({ row }) =>
                row.recompute ? `${row.recompute.done ? '已完成' : '进行中'}：重算 ${row.recompute.changed} 件，通知 ${row.recompute.told} 人` : '—',
            },
          ]}
        />
      </div>
      {canImport && (
        <div className="panel calendar-import">
          <h3>录入节假日安排</h3>
          <div className="filters">
            <span>年份</span>
            <InputNumber value={year} onChange={(v) => setYear(Number(v))} min={2000} max={2100} theme="normal" style={{ width: 120 }} />
            <Input value={source} onChange={(v) => setSource(String(v))} placeholder="通知文号或标题，如 国办发明电〔2026〕X号" style={{ width: 'min(420px, 100%)' }} />
            <label className="t-button t-button--variant-outline t-button--theme-default calendar-file">
              从文件读取（CSV）
              <input type="file" accept=".csv,text/csv,text/plain" hidden onChange={(e) => readFile(e.target.files?.[0])} />
            </label>
          </div>
          <p className="muted">每个节日一行：节日,放假开始,放假结束,调休上班日（日期格式 2027-01-01；多个调休上班日用空格或顿号分隔，没有可留空）。以 # 开头的行为注释。</p>
          <Textarea value={csv} onChange={(v) => setCsv(String(v))} autosize={{ minRows: 9, maxRows: 16 }} className="calendar-csv" />
          <div className="actions">
            <Button variant="outline" onClick={() => send(true)} className="calendar-check">
              校验预览
            </Button>
            <Button theme="primary" onClick={() => send(false)} disabled={!preview || preview.imported || preview.unchanged} className="calendar-import-confirm">
              确认导入
            </Button>
          </div>
          {error && (
            <Alert theme="error" className="calendar-error" message={<div>{error}{issues.map((i) => <div key={i.path + i.message}>· {i.path}：{i.message}</div>)}</div>} />
          )}
          {done && <Alert theme="success" className="calendar-done" message={done} />}
          {preview && !preview.imported && !preview.unchanged && (
            <div style={{ marginTop: 12 }}>
              <Alert
                theme="info"
                message={`校验通过：${preview.year}年 ${preview.holidays.length} 个节日，共放假 ${preview.holidayDays} 天，调休上班 ${preview.makeupWorkdays.length} 天${preview.replacesVersion ? `；导入后将替换第${preview.replacesVersion}版` : ''}。请核对无误后点击“确认导入”。`}
              />
              <StackedTable
                rowKey="name"
                size="small"
                data={preview.holidays.map((h) => ({ ...h, makeup: preview.makeupWorkdays.filter((m) => m.name === h.name).map((m) => m.date).join('、') }))}
                columns={[
                  { colKey: 'name', title: '节日' },
                  { colKey: 'range', title: '放假', cell: ({ row }) => `${row.from} 至 ${row.to}（${row.days}天）` },
                  { colKey: 'makeup', title: '调休上班日' },
                ]}
              />
            </div>
          )}
        </div>
      )}
    </>
  );
};
