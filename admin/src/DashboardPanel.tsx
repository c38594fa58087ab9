import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { QualityLine, QualitySummary } from '../../core/quality/summary';
import { Button, Radio, Select, Tag } from 'tdesign-react';
import type { ComplianceLine, CountLine, DashboardFigures, DashboardQuery, Distribution, DrillSpec } from '../../core/rollups/dashboard';
import type { DrillPage, DrillRow } from '../../core/dashboard/drill';
import { api, messageOf } from './api';
import { DashboardChart, type ChartItem } from './DashboardChart';
import { CATEGORY_OPTIONS, CHANNEL_OPTIONS, GRADE_OPTIONS } from './format';
import { StackedTable } from './StackedTable';

type FilterKey = 'category' | 'grade' | 'channel' | 'product' | 'handler' | 'team';
type Quick = 'thisMonth' | 'thisQuarter' | 'lastQuarter' | 'last12' | 'custom';

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
/** Minutes as people say them: 45分钟, 2小时5分, 3天4小时. */
const duration = (m: number | null) => {
  if (m === null) return '—';
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  if (d) return h ? `${d}天${h}小时` : `${d}天`;
  return h ? (m % 60 ? `${h}小时${m % 60}分` : `${h}小时`) : `${m}分钟`;
};
/** An instant as Shanghai wall time, 2026-11-22 20:49. */
const shanghaiText = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;

/** The month now in Shanghai, and months counted back from it. */
const shanghaiMonth = (): [number, number] => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return [now.getUTCFullYear(), now.getUTCMonth() + 1];
};
const ym = (y: number, m: number) => {
  const i = y * 12 + (m - 1);
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const rangeOf = (q: Exclude<Quick, 'custom'>): { from: string; to: string } => {
  const [y, m] = shanghaiMonth();
  const qStart = m - ((m - 1) % 3);
  switch (q) {
    case 'thisMonth':
      return { from: ym(y, m), to: ym(y, m) };
    case 'thisQuarter':
      return { from: ym(y, qStart), to: ym(y, m) };
    case 'lastQuarter':
      return { from: ym(y, qStart - 3), to: ym(y, qStart - 1) };
    case 'last12':
      return { from: ym(y, m - 11), to: ym(y, m) };
  }
};
const MONTH_OPTIONS = (() => {
  const [y, m] = shanghaiMonth();
  return Array.from({ length: 36 }, (_, i) => ym(y, m - i)).map((v) => ({ value: v, label: monthLabel(v) }));
})();

const QUICK: { value: Exclude<Quick, 'custom'>; label: string }[] = [
  { value: 'thisMonth', label: '本月' },
  { value: 'thisQuarter', label: '本季度' },
  { value: 'lastQuarter', label: '上季度' },
  { value: 'last12', label: '近12个月' },
];

/** An open drill list: the figure it came from, and the rows read so far. */
interface Drill {
  title: string;
  count: number;
  spec: DrillSpec;
  rows: DrillRow[];
  cursor?: string;
  loading: boolean;
  error: string;
}

interface State {
  quick: Quick;
  query: DashboardQuery;
  figures?: DashboardFigures;
  /** 服务质检 scores of the same months (core/quality/summary.ts), beside satisfaction and SLA; absent if not readable. */
  quality?: QualitySummary;
  /** Filter choices seen on this screen (handlers, teams, products come from the figures). */
  seen: Record<'product' | 'handler' | 'team', Map<string, string>>;
  drill?: Drill;
}

/** Kept while the page is open, so coming back from a complaint opened from a list finds it as it was. */
let kept: State | undefined;

const initialState = (): State => ({ quick: 'thisQuarter', query: rangeOf('thisQuarter'), seen: { product: new Map(), handler: new Map(), team: new Map() } });

const filtersOf = (q: DashboardQuery): Record<string, string> =>
  Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'from' && k !== 'to' && v !== undefined)) as Record<string, string>;

const countItems = (lines: CountLine[]): ChartItem[] => lines.map((l) => ({ label: l.label, value: l.count }));
const rateItems = (lines: ComplianceLine[]): ChartItem[] =>
  lines.map((l) => ({ label: l.label, value: l.rate === null ? 0 : Math.round(l.rate * 1000) / 10, text: `${pct(l.rate)}（${l.met}/${l.due}）` }));

/** Quality lines: the average score as the bar, the pass rate and count beside it. */
const qualityItems = (lines: QualityLine[]): ChartItem[] =>
  lines.map((l) => ({ label: l.label, value: l.average ?? 0, text: `均分 ${l.average ?? '—'} · 合格率 ${pct(l.passRate)}（${l.passed}/${l.scored}）` }));

const Card = ({
  label,
  value,
  note,
  warn,
  onClick,
  name,
}: {
  label: string;
  value: string;
  note?: ReactNode;
  warn?: boolean;
  onClick?: () => void;
  name: string;
}) => (
  <button type="button" className={`db-card ${warn ? 'db-card-warn' : ''}`} data-figure={name} onClick={onClick} disabled={!onClick}>
    <span className="db-card-label">{label}</span>
    <span className="db-card-value">{value}</span>
    {note && <span className="db-card-note">{note}</span>}
  </button>
);

const DistNote = ({ d }: { d: Distribution }) => (
  <>
    中位数；90% 在 {duration(d.p90Minutes)} 内 · {d.count}件
  </>
);

const ChartPanel = ({ title, empty, children, className }: { title: string; empty: boolean; children: ReactNode; className?: string }) => (
  <div className={['panel', 'db-chart-panel', className].filter(Boolean).join(' ')}>
    <h3>{title}</h3>
    {empty ? <div className="muted db-empty">本期没有数据</div> : children}
    {!empty && <div className="muted db-hint">点击图形查看明细</div>}
  </div>
);

/**
 * 经营看板: every figure of a period (and the complaint filters) from the rollups, as cards and ECharts
 * charts; a click on any of them lists the records behind it under the charts, page by page.
 */
export const DashboardPanel = ({ onOpenComplaint }: { onOpenComplaint: (id: string) => void }) => {
  const [state, setState] = useState<State>(() => kept ?? initialState());
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const drillBox = useRef<HTMLDivElement>(null);
  kept = state;
  const { query, figures, drill } = state;

  const load = async (q: DashboardQuery) => {
    setLoading(true);
    setError('');
    try {
      const [f, quality] = await Promise.all([
        api<DashboardFigures>('dashboard/figures', q),
        api<QualitySummary>('quality/summary', { from: q.from, to: q.to }).catch(() => undefined),
      ]);
      setState((s) => {
        const seen = { product: new Map(s.seen.product), handler: new Map(s.seen.handler), team: new Map(s.seen.team) };
        for (const l of f.complaints.byProduct) seen.product.set(l.key, l.label);
        for (const l of f.complaints.slaByHandler) seen.handler.set(l.key, l.label);
        for (const l of f.complaints.slaByTeam) seen.team.set(l.key, l.label);
        return { ...s, query: q, figures: f, quality, seen, drill: undefined };
      });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    if (!state.figures) load(state.query);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const readDrill = async (d: Drill, more: boolean) => {
    setState((s) => ({ ...s, drill: { ...d, loading: true, error: '' } }));
    try {
      const page = await api<DrillPage>('dashboard/drill', { ...d.spec, limit: 20, ...(more && d.cursor ? { cursor: d.cursor } : {}) });
      setState((s) => (s.drill?.spec !== d.spec ? s : { ...s, drill: { ...d, rows: more ? [...d.rows, ...page.rows] : page.rows, cursor: page.nextCursor, loading: false, error: '' } }));
    } catch (e) {
      setState((s) => (s.drill?.spec !== d.spec ? s : { ...s, drill: { ...d, loading: false, error: messageOf(e) } }));
    }
  };
  const open = (title: string, count: number, spec: DrillSpec) => {
    readDrill({ title, count, spec, rows: [], loading: true, error: '' }, false);
    requestAnimationFrame(() => drillBox.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };
  /** A drill for a figure the answer carries no spec for: the query the figures were read with, not what the pickers show now. */
  const spec = (area: DrillSpec['area'], measure: string): DrillSpec => {
    const q = figures?.query ?? query;
    return { area, from: q.from, to: q.to, measure, filters: filtersOf(q) };
  };

  const setQuick = (quick: Quick) => {
    if (quick === 'custom') return setState((s) => ({ ...s, quick }));
    const q = { ...query, ...rangeOf(quick) };
    setState((s) => ({ ...s, quick, query: q }));
    load(q);
  };
  const setFilter = (k: FilterKey, v: string | undefined) => setState((s) => ({ ...s, query: { ...s.query, [k]: v } }));
  const options = (m: Map<string, string>) => [...m].map(([value, label]) => ({ value, label }));
  const filterSelect = (k: FilterKey, placeholder: string, opts: { value: string; label: string }[]) => (
    <Select
      key={k}
      className={`db-filter db-filter-${k}`}
      clearable
      placeholder={placeholder}
      options={opts}
      value={query[k]}
      onChange={(v) => setFilter(k, v === undefined || v === null || v === '' ? undefined : String(v))}
    />
  );

  const f = figures;
  const c = f?.complaints;
  const slaTotal = c ? c.slaByHandler.reduce((a, l) => ({ due: a.due + l.due, met: a.met + l.met }), { due: 0, met: 0 }) : { due: 0, met: 0 };
  // Every kind comes with its count, zeros too; the chart shows the kinds that happened.
  const incidentKinds = f ? f.incidents.byKind.filter((l) => l.count > 0) : [];
  const nothing =
    f &&
    !f.complaints.received.count &&
    !f.complaints.resolve.count &&
    !slaTotal.due &&
    !f.consultations.asked.count &&
    !f.claims.reported.count &&
    !f.claims.decided.count &&
    !f.benefits.bookings.count &&
    !f.benefits.redeemed.count &&
    !f.incidents.total.count;

  return (
    <div className="db-panel">
      <div className="panel db-controls">
        <div className="db-row">
          <Radio.Group className="db-quick" variant="default-filled" value={state.quick} onChange={(v) => setQuick(v as Quick)}>
            {QUICK.map((q) => (
              <Radio.Button key={q.value} value={q.value}>
                {q.label}
              </Radio.Button>
            ))}
            <Radio.Button value="custom">自定义</Radio.Button>
          </Radio.Group>
          <span className="db-range">
            <Select className="db-from" value={query.from} options={MONTH_OPTIONS} onChange={(v) => setState((s) => ({ ...s, quick: 'custom', query: { ...s.query, from: String(v) } }))} />
            <span className="muted">至</span>
            <Select className="db-to" value={query.to} options={MONTH_OPTIONS} onChange={(v) => setState((s) => ({ ...s, quick: 'custom', query: { ...s.query, to: String(v) } }))} />
          </span>
        </div>
        <div className="db-row db-filters">
          {filterSelect('category', '投诉类别', CATEGORY_OPTIONS)}
          {filterSelect('grade', '投诉等级', GRADE_OPTIONS)}
          {filterSelect('channel', '投诉渠道', CHANNEL_OPTIONS)}
          {filterSelect('product', '保险产品', options(state.seen.product))}
          {filterSelect('handler', '处理人', options(state.seen.handler))}
          {filterSelect('team', '团队', options(state.seen.team))}
          <Button className="db-search" loading={loading} onClick={() => load(query)}>
            查询
          </Button>
        </div>
        <div className="muted db-explain">
          {monthLabel(query.from)} 至 {monthLabel(query.to)}。筛选条件只作用于投诉各项；数据由定时任务按记录变化汇总
          {f?.asOf ? `，已计入 ${shanghaiText(f.asOf)} 前的变化` : ''}。
        </div>
        {error && (
          <div className="error-text db-error">
            {error}{' '}
            <Button size="small" variant="text" onClick={() => load(query)}>
              重试
            </Button>
          </div>
        )}
      </div>

      {!f && !error && <div className="panel muted db-loading">正在加载看板…</div>}
      {nothing && <div className="panel muted db-nothing">所选期间没有投诉、咨询、理赔、预约或安全事件记录。新记录约 5 分钟后计入。</div>}

      {f && c && (
        <>
          <div className="db-cards">
            <Card name="received" label="投诉量" value={String(c.received.count)} note="按受理月份" onClick={() => open(c.received.label, c.received.count, c.received.drill)} />
            <Card
              name="acknowledge"
              label="受理时长"
              value={duration(c.acknowledge.medianMinutes)}
              note={<DistNote d={c.acknowledge} />}
              onClick={() => open('已受理的投诉', c.acknowledge.count, spec('complaints', 'acknowledged'))}
            />
            <Card
              name="resolve"
              label="处理时长"
              value={duration(c.resolve.medianMinutes)}
              note={<DistNote d={c.resolve} />}
              onClick={() => open('已答复的投诉', c.resolve.count, spec('complaints', 'resolved'))}
            />
            <Card
              name="satisfaction"
              label="满意率（目标 90%）"
              value={pct(c.satisfaction.rate)}
              warn={c.satisfaction.rate !== null && c.satisfaction.rate < c.satisfaction.goalRate}
              note={
                <>
                  {c.satisfaction.rate === null ? (
                    <span>暂无评价</span>
                  ) : (
                    <Tag size="small" variant="light" theme={c.satisfaction.rate >= c.satisfaction.goalRate ? 'success' : 'danger'}>
                      {c.satisfaction.rate >= c.satisfaction.goalRate ? '达标' : '未达标'}
                    </Tag>
                  )}
                  评价率 {pct(c.satisfaction.responseRate)}（{c.satisfaction.rated}/{c.satisfaction.resolved}）
                </>
              }
              onClick={() => open('已评价的答复', c.satisfaction.rated, c.satisfaction.drill)}
            />
            <Card
              name="sla"
              label="投诉时限达成率"
              value={pct(slaTotal.due ? slaTotal.met / slaTotal.due : null)}
              note={`按时 ${slaTotal.met} / 到期 ${slaTotal.due}`}
              onClick={() => open('到期的投诉时限', slaTotal.due, spec('complaints', 'deadlines'))}
            />
            <Card
              name="consultations"
              label="咨询量 · 首次答复"
              value={String(f.consultations.asked.count)}
              note={
                f.consultations.replied
                  ? `首次答复 ${f.consultations.replied} 件：中位 ${duration(f.consultations.reply.medianMinutes)}，90% 在 ${duration(f.consultations.reply.p90Minutes)} 内`
                  : '本期暂无首次答复'
              }
              onClick={() => open(f.consultations.asked.label, f.consultations.asked.count, f.consultations.asked.drill)}
            />
            <Card name="claimsReported" label="理赔报案量" value={String(f.claims.reported.count)} note={`已作出决定 ${f.claims.decided.count} 件`} onClick={() => open(f.claims.reported.label, f.claims.reported.count, f.claims.reported.drill)} />
            <Card
              name="decisionClock"
              label={f.claims.decisionClock.label}
              value={pct(f.claims.decisionClock.rate)}
              warn={f.claims.decisionClock.rate !== null && f.claims.decisionClock.rate < 1}
              note={`按时 ${f.claims.decisionClock.met} / 到期 ${f.claims.decisionClock.due}`}
              onClick={() => open(f.claims.decisionClock.label, f.claims.decisionClock.due, f.claims.decisionClock.drill)}
            />
            <Card
              name="paymentClock"
              label={f.claims.paymentClock.label}
              value={pct(f.claims.paymentClock.rate)}
              warn={f.claims.paymentClock.rate !== null && f.claims.paymentClock.rate < 1}
              note={`按时 ${f.claims.paymentClock.met} / 到期 ${f.claims.paymentClock.due}`}
              onClick={() => open(f.claims.paymentClock.label, f.claims.paymentClock.due, f.claims.paymentClock.drill)}
            />
            <Card
              name="bookings"
              label="权益预约 · 使用"
              value={`${f.benefits.bookings.count} / ${f.benefits.redeemed.count}`}
              note={
                <>
                  预约 {f.benefits.bookings.count} 次，
                  <a
                    className="db-inline-link"
                    onClick={(e) => {
                      e.stopPropagation();
                      open(f.benefits.redeemed.label, f.benefits.redeemed.count, f.benefits.redeemed.drill);
                    }}
                  >
                    使用 {f.benefits.redeemed.count} 次
                  </a>
                </>
              }
              onClick={() => open(f.benefits.bookings.label, f.benefits.bookings.count, f.benefits.bookings.drill)}
            />
            <Card name="incidents" label="信息安全事件" value={String(f.incidents.total.count)} warn={f.incidents.total.count > 0} note="含自动识别与人工登记" onClick={() => open(f.incidents.total.label, f.incidents.total.count, f.incidents.total.drill)} />
          </div>

          <div className="db-grid">
            <ChartPanel title="投诉 · 按类别" empty={!c.byCategory.length} className="db-by-category">
              <DashboardChart kind="bar" items={countItems(c.byCategory)} onPick={(i) => open(`类别：${c.byCategory[i].label}`, c.byCategory[i].count, c.byCategory[i].drill)} />
            </ChartPanel>
            <ChartPanel title="投诉 · 按等级" empty={!c.byGrade.length} className="db-by-grade">
              <DashboardChart kind="pie" items={countItems(c.byGrade)} onPick={(i) => open(`等级：${c.byGrade[i].label}`, c.byGrade[i].count, c.byGrade[i].drill)} />
            </ChartPanel>
            <ChartPanel title="投诉 · 按渠道" empty={!c.byChannel.length} className="db-by-channel">
              <DashboardChart kind="pie" items={countItems(c.byChannel)} onPick={(i) => open(`渠道：${c.byChannel[i].label}`, c.byChannel[i].count, c.byChannel[i].drill)} />
            </ChartPanel>
            <ChartPanel title="投诉 · 按保险产品" empty={!c.byProduct.length} className="db-by-product">
              <DashboardChart kind="bar" items={countItems(c.byProduct)} onPick={(i) => open(`产品：${c.byProduct[i].label}`, c.byProduct[i].count, c.byProduct[i].drill)} />
            </ChartPanel>
            <ChartPanel title="时限达成率 · 按处理人" empty={!c.slaByHandler.length} className="db-sla-handler">
              <DashboardChart kind="bar" unit="%" max={100} items={rateItems(c.slaByHandler)} onPick={(i) => open(`时限：${c.slaByHandler[i].label}`, c.slaByHandler[i].due, c.slaByHandler[i].drill)} />
            </ChartPanel>
            <ChartPanel title="时限达成率 · 按团队" empty={!c.slaByTeam.length} className="db-sla-team">
              <DashboardChart kind="bar" unit="%" max={100} items={rateItems(c.slaByTeam)} onPick={(i) => open(`时限：${c.slaByTeam[i].label}`, c.slaByTeam[i].due, c.slaByTeam[i].drill)} />
            </ChartPanel>
            <ChartPanel title="服务质检 · 按处理人（平均分，合格率）" empty={!state.quality?.byHandler.length} className="db-quality-handler">
              <DashboardChart kind="bar" unit="分" max={100} items={qualityItems(state.quality?.byHandler ?? [])} />
            </ChartPanel>
            <ChartPanel title="服务质检 · 按团队" empty={!state.quality?.byTeam.length} className="db-quality-team">
              <DashboardChart kind="bar" unit="分" max={100} items={qualityItems(state.quality?.byTeam ?? [])} />
            </ChartPanel>
            <ChartPanel title="权益预约 · 按权益" empty={!f.benefits.byBenefit.length} className="db-by-benefit">
              <DashboardChart kind="bar" unit="次" items={countItems(f.benefits.byBenefit)} onPick={(i) => open(`权益：${f.benefits.byBenefit[i].label}`, f.benefits.byBenefit[i].count, f.benefits.byBenefit[i].drill)} />
            </ChartPanel>
            <ChartPanel title="信息安全事件 · 按类型" empty={!incidentKinds.length} className="db-by-incident">
              <DashboardChart kind="bar" items={countItems(incidentKinds)} onPick={(i) => open(`安全事件：${incidentKinds[i].label}`, incidentKinds[i].count, incidentKinds[i].drill)} />
            </ChartPanel>
          </div>
        </>
      )}

      <div ref={drillBox}>
        {drill && (
          <div className="panel db-drill">
            <div className="db-drill-head">
              <h3>
                明细：{drill.title} <span className="muted">共 {drill.count} 条</span>
              </h3>
              <Button size="small" variant="text" onClick={() => setState((s) => ({ ...s, drill: undefined }))}>
                收起
              </Button>
            </div>
            {drill.error && <div className="error-text db-drill-error">{drill.error}</div>}
            {!drill.error && (
              <StackedTable
                className="db-drill-table"
                rowKey="key"
                data={drill.rows}
                loading={drill.loading && !drill.rows.length}
                empty={drill.cursor ? '本页没有匹配的记录，请点击加载更多' : '没有记录'}
                columns={[
                  {
                    colKey: 'number',
                    title: '编号',
                    width: 170,
                    cell: ({ row }: { row: DrillRow }) =>
                      row.link ? (
                        <a className="db-open" onClick={() => onOpenComplaint(row.link!.id)}>
                          {row.number}
                        </a>
                      ) : (
                        row.number
                      ),
                  },
                  { colKey: 'title', title: '事项', width: 130 },
                  ...(drill.spec.area === 'complaints' ? [{ colKey: 'detail', title: '等级 · 渠道', width: 170 }] : []),
                  { colKey: 'statusLabel', title: '状态' },
                  { colKey: 'memberName', title: '会员' },
                  ...(drill.spec.area === 'complaints' ? [{ colKey: 'handlerName', title: '处理人' }] : []),
                  { colKey: 'note', title: '计入', width: 170, cell: ({ row }: { row: DrillRow }) => `${row.note} · ${monthLabel(row.month)}` },
                  { colKey: 'receivedAtText', title: '受理/提交时间', width: 150 },
                ]}
              />
            )}
            <div className="db-drill-foot">
              <span className="muted">已显示 {drill.rows.length} 条</span>
              {drill.cursor && (
                <Button className="db-more" size="small" variant="outline" loading={drill.loading} onClick={() => readDrill(drill, true)}>
                  加载更多
                </Button>
              )}
            </div>
          </div>
        )}
      </div>
    </div>
  );
};
