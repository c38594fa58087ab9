import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Progress, Select, Tag, Textarea } from 'tdesign-react';
import { correctionLabel, correctionValueText, type MetricLine, type QuarterReport } from '../../core/reports/report';
import { countText, durationText, pctText, shanghaiText } from '../../core/reports/format';
import type { QuarterCommentary } from '../../core/reports/model';
import { api, messageOf } from './api';
import { QuarterlyReportPrint } from './QuarterlyReportPrint';
import { ReportTargetDialog, SetTargetButton } from './ReportTargetDialog';
import { StackedTable } from './StackedTable';

interface JobView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  error: { code: string; message: string } | null;
  fileName: string | null;
  quarter: string;
}

/** The ended quarters (Shanghai), newest first: only those can be reported. */
const pastQuarters = (n = 20): string[] => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  let y = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    q -= 1;
    if (!q) [y, q] = [y - 1, 4];
    out.push(`${y}-Q${q}`);
  }
  return out;
};
const QUARTERS = pastQuarters();
const quarterOptions = QUARTERS.map((v) => ({ value: v, label: `${v.slice(0, 4)}年第${v.slice(6)}季度` }));

const MeetsTag = ({ m }: { m: MetricLine }) =>
  m.meets === null ? (
    <span className="muted">{m.target && !m.target.confirmed ? '目标待确认' : '—'}</span>
  ) : (
    <Tag theme={m.meets ? 'success' : 'danger'} variant="light" size="small">
      {m.meets ? '达标' : '未达标'}
    </Tag>
  );

/** A target compliance may number: one the seed left open (unconfirmed, or confirmed by compliance). */
const settable = (t: MetricLine['target']) => Boolean(t && (!t.confirmed || t.confirmation));

const metricColumns = (targetAction: (row: MetricLine) => ReactNode) => [
  { colKey: 'label', title: '指标', cell: ({ row }: { row: MetricLine }) => <strong>{row.label}</strong> },
  {
    colKey: 'text',
    title: '本季度',
    cell: ({ row }: { row: MetricLine }) => (
      <div className="qr-figure">
        <span className={row.connected ? 'qr-value' : 'qr-unconnected'}>{row.text}</span>
        {row.corrected ? (
          <Tag theme="warning" variant="light" size="small" className="qr-correction-tag">
            已更正为 {row.corrected.text}
          </Tag>
        ) : null}
        {row.detail ? <div className="muted qr-detail">{row.detail}</div> : null}
      </div>
    ),
  },
  { colKey: 'previous', title: '上季度', cell: ({ row }: { row: MetricLine }) => row.previous.text },
  { colKey: 'lastYear', title: '上年同季度', cell: ({ row }: { row: MetricLine }) => row.lastYear.text },
  { colKey: 'changeText', title: '同比', cell: ({ row }: { row: MetricLine }) => row.changeText },
  {
    colKey: 'target',
    title: '年度目标',
    cell: ({ row }: { row: MetricLine }) =>
      row.target ? (
        <div className="qr-target">
          <div>{row.target.wording}</div>
          <div className="muted qr-target-text">{row.target.text}</div>
          {targetAction(row)}
        </div>
      ) : (
        '—'
      ),
  },
  { colKey: 'meets', title: '达标', cell: ({ row }: { row: MetricLine }) => <MeetsTag m={row} /> },
];

type Category = QuarterReport['categories'][number];
const categoryColumns = (received: boolean) => [
  { colKey: 'label', title: '投诉类别' },
  { colKey: 'received', title: '受理数', cell: ({ row }: { row: Category }) => (received ? countText(row.received) : '未接入') },
  { colKey: 'resolved', title: '办结数', cell: ({ row }: { row: Category }) => `${countText(row.resolved)}（${pctText(row.share)}）` },
  { colKey: 'previousResolved', title: '上季度/上年同季度办结', cell: ({ row }: { row: Category }) => `${countText(row.previousResolved)} / ${countText(row.lastYearResolved)}` },
  { colKey: 'median', title: '时长中位数', cell: ({ row }: { row: Category }) => durationText(row.medianResolveMinutes) },
  { colKey: 'satisfaction', title: '满意度', cell: ({ row }: { row: Category }) => pctText(row.satisfactionRate) },
];

/** 导出 XLSX: a job the `jobs` timer runs; the page polls its progress, and a reload finds it again. */
const ExportXlsx = ({ quarter }: { quarter: string }) => {
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const follow = (j: JobView | null) => {
    setJob(j);
    clearTimeout(timer.current);
    if (j && (j.status === 'queued' || j.status === 'running'))
      timer.current = setTimeout(() => api<JobView>('reports/exportStatus', { jobId: j.id }).then(follow).catch((e) => setError(messageOf(e))), 1500);
  };
  useEffect(() => {
    setError('');
    api<JobView | null>('reports/exportStatus', { quarter }).then(follow).catch(() => follow(null));
    return () => clearTimeout(timer.current);
  }, [quarter]);
  const start = () => {
    setError('');
    api<JobView>('reports/exportXlsx', { quarter }).then(follow).catch((e) => setError(messageOf(e)));
  };
  const download = async () => {
    // The window opens inside the click (no popup blocker); the short-lived link follows.
    const w = window.open('about:blank', '_blank');
    try {
      const link = await api<{ url: string }>('reports/exportLink', { jobId: job!.id });
      if (w) w.location.href = link.url;
      else window.location.href = link.url;
    } catch (e) {
      w?.close();
      setError(messageOf(e));
    }
  };
  const running = job && (job.status === 'queued' || job.status === 'running');
  const percent = job && job.progress.total ? Math.round((job.progress.done / job.progress.total) * 100) : 0;
  return (
    <div className="qr-export">
      <Button className="qr-export-start" onClick={start} loading={!!running} disabled={!!running}>
        导出 XLSX
      </Button>
      {job && (
        <div className="qr-export-status">
          {running && (
            <>
              <span className="muted">{job.status === 'queued' ? '排队中，后台生成…' : `生成中（${job.progress.done}/${job.progress.total}）`}</span>
              <Progress className="qr-progress" percentage={percent} theme="line" status="active" />
            </>
          )}
          {job.status === 'done' && (
            <Button variant="text" theme="primary" className="qr-download" onClick={download}>
              下载 {job.fileName}
            </Button>
          )}
          {job.status === 'failed' && <span className="qr-error">导出失败：{job.error?.message ?? '请重试'}</span>}
        </div>
      )}
      {error && <span className="qr-error">{error}</span>}
    </div>
  );
};

const Commentary = ({ report, canComment, onSaved }: { report: QuarterReport; canComment: boolean; onSaved: () => void }) => {
  const [text, setText] = useState(report.commentary?.text ?? '');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(report.commentary?.text ?? ''), [report.quarter, report.commentary?.version]);
  const save = async () => {
    setSaving(true);
    setError('');
    try {
      await api<QuarterCommentary>('reports/comment', { quarter: report.quarter, text, expectedVersion: report.commentary?.version ?? 0 });
      onSaved();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  const c = report.commentary;
  const [history, setHistory] = useState<QuarterCommentary[]>();
  useEffect(() => setHistory(undefined), [report.quarter, c?.version]);
  const showHistory = () =>
    api<QuarterCommentary[]>('reports/commentaryHistory', { quarter: report.quarter })
      .then((h) => setHistory([...h].reverse()))
      .catch((e) => setError(messageOf(e)));
  return (
    <div className="panel qr-commentary">
      <h3>管理层评述</h3>
      {c ? (
        <div className="muted qr-detail">
          第 {c.version} 版 · {c.updatedBy.name} · {shanghaiText(c.updatedAt)}
        </div>
      ) : (
        <div className="muted qr-detail">暂无评述</div>
      )}
      {canComment ? (
        <>
          <Textarea className="qr-comment-input" value={text} onChange={(v) => setText(String(v))} autosize={{ minRows: 3, maxRows: 10 }} maxlength={4000} placeholder="本季度情况说明、原因分析与改进措施" />
          <div className="qr-comment-actions">
            <Button onClick={save} loading={saving} disabled={!text.trim() || text === (c?.text ?? '')}>
              保存评述
            </Button>
            {error && <span className="qr-error">{error}</span>}
          </div>
        </>
      ) : (
        c && <p className="qr-comment-text">{c.text}</p>
      )}
      {c && c.version > 1 && !history && (
        <Button variant="text" size="small" className="qr-history-open" onClick={showHistory}>
          查看历史版本
        </Button>
      )}
      {history && (
        <ol className="qr-history">
          {history.map((h) => (
            <li key={h.version}>
              <div className="muted qr-detail">
                第 {h.version} 版 · {h.updatedBy.name} · {shanghaiText(h.updatedAt)}
              </div>
              <div className="qr-comment-text">{h.text}</div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
};

/**
 * 季度报告: a past quarter's seed-000 metrics from frozen figures, with the previous quarter, the same
 * quarter a year earlier, the year's targets, corrections and the manager's commentary; the XLSX runs
 * as a job, and 打印 opens the print-ready page the browser saves as PDF.
 */
export const QuarterlyReportPanel = ({ canComment, canSetTarget }: { canComment: boolean; canSetTarget: boolean }) => {
  const [editing, setEditing] = useState<MetricLine>();
  const [quarter, setQuarter] = useState(QUARTERS[0]);
  const [report, setReport] = useState<QuarterReport>();
  const [error, setError] = useState('');
  const [printing, setPrinting] = useState(false);
  const load = (q: string) => {
    setError('');
    api<QuarterReport>('reports/quarterly', { quarter: q })
      .then(setReport)
      .catch((e) => (setReport(undefined), setError(messageOf(e))));
  };
  useEffect(() => load(quarter), [quarter]);
  const labels = Object.fromEntries((report?.categories ?? []).map((c) => [`cat.${c.code}`, c.label]));
  return (
    <div className="qr-panel">
      <div className="panel qr-controls">
        <Select className="qr-quarter" value={quarter} options={quarterOptions} onChange={(v) => setQuarter(String(v))} />
        <ExportXlsx quarter={quarter} />
        <Button variant="outline" className="qr-print-open" disabled={!report} onClick={() => setPrinting(true)}>
          打印
        </Button>
      </div>
      {error && <Alert theme="error" message={error} />}
      {report && (
        <>
          <div className="panel">
            <div className="qr-heading">
              <h3>{report.label}</h3>
              <span className="muted">
                <Tag variant="light" size="small">
                  已冻结
                </Tag>{' '}
                {shanghaiText(report.snapshot.frozenAt)} 冻结{report.snapshot.trigger === 'timer' ? '（季度结算后自动）' : '（首次出具时）'} · 校验值 {report.snapshot.hash.slice(0, 12)}…
              </span>
            </div>
            <StackedTable
              className="qr-metrics"
              rowKey="key"
              data={report.metrics}
              columns={metricColumns((row) => (settable(row.target) ? <SetTargetButton target={row.target!} canSet={canSetTarget} onOpen={() => setEditing(row)} /> : null))}
              size="small"
            />
          </div>
          <div className="panel">
            <h3>投诉分类</h3>
            <StackedTable className="qr-categories" rowKey="code" data={report.categories} columns={categoryColumns(report.connected.received)} size="small" empty="本季度无投诉" />
          </div>
          {report.corrections.length > 0 && (
            <div className="panel qr-corrections">
              <h3>更正记录</h3>
              <p className="muted">冻结后数据源发生的变化（如补充评价、案件重开），按发现日期记录一次；报告数字保持冻结值。</p>
              <ul>
                {report.corrections.map((c) => (
                  <li key={c.id}>
                    {shanghaiText(c.at).slice(0, 10)} {correctionLabel(c.metric, labels)}：{correctionValueText(c.metric, c.frozen)} → <strong>{correctionValueText(c.metric, c.corrected)}</strong>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <Commentary report={report} canComment={canComment} onSaved={() => load(quarter)} />
          {editing?.target && (
            <ReportTargetDialog
              year={Number(report.quarter.slice(0, 4))}
              target={editing.target}
              onClose={() => setEditing(undefined)}
              onSaved={() => {
                setEditing(undefined);
                load(quarter);
              }}
            />
          )}
          {printing && <QuarterlyReportPrint report={report} onClose={() => setPrinting(false)} />}
        </>
      )}
    </div>
  );
};
