import { useEffect, useState } from 'react';
import { Button, Radio, Select, Tag } from 'tdesign-react';
import type { PeriodFigures, SatisfactionFigures, SatisfactionLine, SlaLine } from '../../core/rollups/figures';
import { api, messageOf } from './api';
import { StackedTable } from './StackedTable';
import { LedgerOpenDialog, type LedgerOpenPreset } from './LedgerOpenDialog';

type Report = SatisfactionFigures & { months: string[] };
type Query = { period: 'month' | 'quarter'; from: string; to: string };

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
/** Resolve time as people say it: 2小时5分, 3天4小时. */
const duration = (m: number | null) => {
  if (m === null) return '—';
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  if (d) return h ? `${d}天${h}小时` : `${d}天`;
  return h ? (m % 60 ? `${h}小时${m % 60}分` : `${h}小时`) : `${m}分钟`;
};

/** The last 36 months (Shanghai), newest first, as the range pickers offer them. */
const recentMonths = (): string[] => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  let y = now.getUTCFullYear();
  let m = now.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < 36; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (!m) [y, m] = [y - 1, 12];
  }
  return out;
};
const MONTHS = recentMonths();
const MONTH_OPTIONS = MONTHS.map((v) => ({ value: v, label: `${v.slice(0, 4)}年${Number(v.slice(5))}月` }));

const download = (fileName: string, csv: string) => {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

const RateTag = ({ line }: { line: SatisfactionLine }) =>
  line.meetsGoal === null ? (
    <span className="muted">暂无评价</span>
  ) : (
    <Tag theme={line.meetsGoal ? 'success' : 'danger'} variant="light" size="small">
      {line.meetsGoal ? '达标' : '未达标'}
    </Tag>
  );

/** `improve`: a line below goal can become a 整改事项 (整改台账), for those who may open one. */
const satisfactionColumns = (first: string, improve?: (line: SatisfactionLine) => void) => [
  { colKey: 'label', title: first, ellipsis: true },
  { colKey: 'satisfactionRate', title: '满意率', cell: ({ row }: { row: SatisfactionLine }) => <span className="sat-rate">{pct(row.satisfactionRate)}</span> },
  {
    colKey: 'goal',
    title: '目标',
    cell: ({ row }: { row: SatisfactionLine }) => (
      <>
        <RateTag line={row} />
        {improve && row.meetsGoal === false && (
          <Button size="small" variant="text" theme="primary" className="sat-improve" onClick={() => improve(row)}>
            登记整改
          </Button>
        )}
      </>
    ),
  },
  {
    colKey: 'responseRate',
    title: '评价率',
    cell: ({ row }: { row: SatisfactionLine }) => (
      <span className="sat-response">
        {pct(row.responseRate)} <span className="muted">{row.rated}/{row.resolved}件</span>
      </span>
    ),
  },
  { colKey: 'median', title: '时长中位数', cell: ({ row }: { row: SatisfactionLine }) => duration(row.medianResolveMinutes) },
];

const slaColumns = (first: string) => [
  { colKey: 'label', title: first, ellipsis: true },
  { colKey: 'complianceRate', title: '时限达成率', cell: ({ row }: { row: SlaLine }) => <span className="sat-rate">{pct(row.complianceRate)}</span> },
  { colKey: 'met', title: '按时/到期', cell: ({ row }: { row: SlaLine }) => `${row.met}/${row.due}` },
];

const Summary = ({ p, goal }: { p: PeriodFigures; goal: number }) => (
  <div className="sat-cards">
    <div className={`sat-card ${p.overall.meetsGoal === false ? 'sat-card-below' : ''}`}>
      <div className="sat-card-label">满意率（4–5星 ÷ 已评价）</div>
      <div className="sat-card-value">{pct(p.overall.satisfactionRate)}</div>
      <div className="sat-card-note">
        目标 {pct(goal)} <RateTag line={p.overall} />
      </div>
    </div>
    <div className="sat-card">
      <div className="sat-card-label">评价率（已评价 ÷ 已答复）</div>
      <div className="sat-card-value">{pct(p.overall.responseRate)}</div>
      <div className="sat-card-note">
        {p.overall.rated} / {p.overall.resolved} 件
      </div>
    </div>
    <div className="sat-card">
      <div className="sat-card-label">时限达成率（按时 ÷ 到期）</div>
      <div className="sat-card-value">{pct(p.sla.overall.complianceRate)}</div>
      <div className="sat-card-note">
        {p.sla.overall.met} / {p.sla.overall.due} 个时限
      </div>
    </div>
    <div className="sat-card">
      <div className="sat-card-label">处理时长</div>
      <div className="sat-card-value">{duration(p.overall.medianResolveMinutes)}</div>
      <div className="sat-card-note">中位数；90% 在 {duration(p.overall.p90ResolveMinutes)} 内</div>
    </div>
  </div>
);

/**
 * 满意度与时限: the satisfaction rate per period, handler and category against the goal, the response
 * rate beside it, and SLA compliance per handler and team; read from the rollups the timer keeps.
 */
export const SatisfactionPanel = ({ canOpenLedger = false }: { canOpenLedger?: boolean }) => {
  const [improving, setImproving] = useState<LedgerOpenPreset>();
  const [query, setQuery] = useState<Query>({ period: 'month', from: MONTHS[5], to: MONTHS[0] });
  const [report, setReport] = useState<Report>();
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = (q: Query) => {
    setError('');
    api<Report>('satisfaction/report', q)
      .then((r) => {
        setReport(r);
        setSelected(r.periods[r.periods.length - 1]?.period);
      })
      .catch((e) => setError(messageOf(e)));
  };
  useEffect(() => load(query), []);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const r = await api<{ fileName: string; csv: string }>('satisfaction/export', query);
      download(r.fileName, r.csv);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const period = report?.periods.find((p) => p.period === selected);
  const improve = (dim: '处理人' | '类别') =>
    canOpenLedger && period
      ? (line: SatisfactionLine) =>
          setImproving({
            source: { kind: 'satisfaction', ref: `${dim === '处理人' ? 'handler' : 'category'}:${line.key}|${period.period}`, label: `${period.label} ${dim}“${line.label}”满意率 ${pct(line.satisfactionRate)}` },
            title: `提升满意度：${line.label}`.slice(0, 80),
            description: `${period.label}${dim}“${line.label}”满意率 ${pct(line.satisfactionRate)}，低于目标 ${pct(report?.goalRate ?? null)}。请分析原因并整改。`,
            kind: 'complaints',
          })
      : undefined;
  return (
    <div className="sat-panel">
      <div className="panel">
        <div className="sat-controls">
          <Radio.Group variant="default-filled" value={query.period} onChange={(v) => setQuery({ ...query, period: v as Query['period'] })}>
            <Radio.Button value="month">按月</Radio.Button>
            <Radio.Button value="quarter">按季度</Radio.Button>
          </Radio.Group>
          <span className="sat-range">
            <Select className="sat-from" value={query.from} options={MONTH_OPTIONS} onChange={(v) => setQuery({ ...query, from: String(v) })} />
            <span className="muted">至</span>
            <Select className="sat-to" value={query.to} options={MONTH_OPTIONS} onChange={(v) => setQuery({ ...query, to: String(v) })} />
          </span>
          <Button className="sat-search" onClick={() => load(query)}>
            查询
          </Button>
          <Button className="sat-export" variant="outline" disabled={busy} onClick={exportCsv}>
            导出CSV
          </Button>
        </div>
        <div className="muted sat-explain">
          满意率按答复日期归属；评价率 = 已评价 ÷ 已答复；时限含受理、处理、监管答复和核查时限。数据由定时任务汇总，约每 5 分钟更新。
        </div>
        {error && <div className="error-text">{error}</div>}
      </div>
      {report && (
        <div className="panel">
          <h3>各期满意率（目标 {pct(report.goalRate)}）</h3>
          <div className="sat-periods">
            {report.periods.map((p) => (
              <button key={p.period} className={`sat-period ${p.period === selected ? 'is-selected' : ''}`} onClick={() => setSelected(p.period)}>
                <span className="sat-period-label">{p.label}</span>
                <span className={`sat-period-rate ${p.overall.meetsGoal === false ? 'is-below' : p.overall.meetsGoal === null ? 'is-empty' : ''}`}>{pct(p.overall.satisfactionRate)}</span>
                <span className="sat-period-note">
                  评价率 {pct(p.overall.responseRate)} · 时限 {pct(p.sla.overall.complianceRate)}
                </span>
              </button>
            ))}
          </div>
        </div>
      )}
      {report && period && !period.overall.resolved && !period.sla.overall.due && (
        <div className="panel sat-empty">
          <h3>{period.label}</h3>
          <div className="muted">本期没有已答复的投诉，也没有到期的时限。新的答复和评价约 5 分钟后计入。</div>
        </div>
      )}
      {report && period && (period.overall.resolved > 0 || period.sla.overall.due > 0) && (
        <>
          <div className="panel">
            <h3>{period.label}</h3>
            <Summary p={period} goal={report.goalRate} />
          </div>
          <div className="sat-grid">
            <div className="panel">
              <h3>按处理人</h3>
              <StackedTable className="sat-table sat-by-handler" rowKey="key" data={period.byHandler} columns={satisfactionColumns('处理人', improve('处理人'))} empty="本期没有答复" />
            </div>
            <div className="panel">
              <h3>按投诉类别</h3>
              <StackedTable className="sat-table sat-by-category" rowKey="key" data={period.byCategory} columns={satisfactionColumns('类别', improve('类别'))} empty="本期没有答复" />
            </div>
            <div className="panel">
              <h3>时限达成 · 按处理人</h3>
              <StackedTable className="sat-table sat-sla-handler" rowKey="key" data={period.sla.byHandler} columns={slaColumns('处理人')} empty="本期没有到期的时限" />
            </div>
            <div className="panel">
              <h3>时限达成 · 按团队</h3>
              <StackedTable className="sat-table sat-sla-team" rowKey="key" data={period.sla.byTeam} columns={slaColumns('团队')} empty="本期没有到期的时限" />
            </div>
          </div>
        </>
      )}
      {improving && <LedgerOpenDialog visible preset={improving} onClose={() => setImproving(undefined)} onOpened={() => setImproving(undefined)} />}
    </div>
  );
};
