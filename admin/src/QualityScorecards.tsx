import { useEffect, useState } from 'react';
import { Alert, Button, Input, InputNumber, Radio } from 'tdesign-react';
import type { QualitySummary, QualityLine } from '../../core/quality/summary';
import type { Scorecard } from '../../core/quality/model';
import { QUALITY_AREAS } from '../../core/quality/model';
import { api, messageOf, AdminApiError } from './api';
import { shTime } from './LedgerItemDetail';
import { StackedTable } from './StackedTable';

type Draft = Pick<Scorecard, 'area' | 'version' | 'items' | 'fatalErrors' | 'passMark'>;

/**
 * 评分表: each area's scorecard as data. Items (key, label, weight, guide), fatal errors and the pass mark;
 * the weights' sum is shown as it is typed and the server refuses a sum other than 100 (QA.SCORECARD_WEIGHTS).
 */
export const QualityScorecards = () => {
  const [cards, setCards] = useState<Scorecard[]>([]);
  const [area, setArea] = useState<string>('complaints');
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const load = () =>
    api<{ items: Scorecard[] }>('quality/scorecards')
      .then((c) => setCards(c.items))
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    load();
  }, []);
  const card = cards.find((c) => c.area === area);
  useEffect(() => {
    if (card) setDraft({ area: card.area, version: card.version, items: card.items.map((i) => ({ ...i })), fatalErrors: card.fatalErrors.map((f) => ({ ...f })), passMark: card.passMark });
  }, [card]);
  if (!draft || !card) return error ? <Alert theme="error" message={error} /> : null;

  const sum = draft.items.reduce((s, i) => s + (Number(i.weight) || 0), 0);
  const setItem = (n: number, patch: Partial<Draft['items'][number]>) => setDraft((d) => d && { ...d, items: d.items.map((i, k) => (k === n ? { ...i, ...patch } : i)) });
  const setFatal = (n: number, patch: Partial<Draft['fatalErrors'][number]>) => setDraft((d) => d && { ...d, fatalErrors: d.fatalErrors.map((i, k) => (k === n ? { ...i, ...patch } : i)) });
  const save = async () => {
    setError('');
    setSaved('');
    try {
      const next = await api<Scorecard>('quality/saveScorecard', { ...draft, items: draft.items.map(({ key, label, weight, guide }) => ({ key, label, weight, guide })) });
      setSaved(`已保存为第${next.version}版`);
      await load();
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError && e.code.endsWith('.VERSION_CONFLICT')) await load();
    }
  };
  return (
    <div className="qa-cards">
      <Radio.Group variant="default-filled" value={area} onChange={(v) => (setArea(String(v)), setError(''), setSaved(''))}>
        {Object.entries(QUALITY_AREAS).map(([k, label]) => (
          <Radio.Button key={k} value={k}>
            {label}
          </Radio.Button>
        ))}
      </Radio.Group>
      <div className="muted qa-hint">
        第{card.version}版{card.updatedBy ? ` · ${card.updatedBy.name} 修改于 ${shTime(card.updatedAt)}` : ' · 系统初始评分表'}。保存后新的评分使用新版本，已有评分不变。
      </div>
      <h5>评分项</h5>
      <div className="qa-card-item qa-card-head muted">
        <span>代码</span>
        <span>名称</span>
        <span>分值</span>
        <span>检查要点</span>
        <span />
      </div>
      {draft.items.map((i, n) => (
        <div key={n} className="qa-card-item">
          <Input className="qa-key" placeholder="代码（英文）" value={i.key} onChange={(v) => setItem(n, { key: String(v) })} />
          <Input className="qa-label" placeholder="名称" value={i.label} onChange={(v) => setItem(n, { label: String(v) })} />
          <InputNumber className="qa-weight" theme="normal" min={1} max={100} decimalPlaces={0} placeholder="分值" value={i.weight} onChange={(v) => setItem(n, { weight: Number(v) || 0 })} />
          <Input className="qa-guide" placeholder="检查要点" value={i.guide} onChange={(v) => setItem(n, { guide: String(v) })} />
          <Button variant="text" theme="danger" onClick={() => setDraft((d) => d && { ...d, items: d.items.filter((_, k) => k !== n) })}>
            删除
          </Button>
        </div>
      ))}
      <div className="qa-actions">
        <Button variant="outline" onClick={() => setDraft((d) => d && { ...d, items: [...d.items, { key: '', label: '', weight: 0, guide: '' }] })}>
          添加评分项
        </Button>
        <span className={`qa-sum ${sum === 100 ? 'qa-sum-ok' : 'due-overdue'}`}>权重合计 {sum} 分{sum === 100 ? '' : '（须为100分）'}</span>
      </div>
      <h5>致命差错（任一项即判0分并开立整改）</h5>
      {draft.fatalErrors.map((f, n) => (
        <div key={n} className="qa-card-item qa-card-fatal">
          <Input className="qa-key" placeholder="代码（英文）" value={f.key} onChange={(v) => setFatal(n, { key: String(v) })} />
          <Input className="qa-guide" placeholder="说明" value={f.label} onChange={(v) => setFatal(n, { label: String(v) })} />
          <Button variant="text" theme="danger" onClick={() => setDraft((d) => d && { ...d, fatalErrors: d.fatalErrors.filter((_, k) => k !== n) })}>
            删除
          </Button>
        </div>
      ))}
      <div className="qa-actions">
        <Button variant="outline" onClick={() => setDraft((d) => d && { ...d, fatalErrors: [...d.fatalErrors, { key: '', label: '' }] })}>
          添加致命差错
        </Button>
      </div>
      <div className="qa-actions">
        <span>合格线</span>
        <InputNumber className="qa-passmark" theme="normal" min={1} max={100} decimalPlaces={0} value={draft.passMark} onChange={(v) => setDraft((d) => d && { ...d, passMark: Number(v) || 0 })} />
        <span>分</span>
      </div>
      <div className="qa-actions">
        <Button theme="primary" onClick={save} className="qa-save">
          保存评分表
        </Button>
        {error && <span className="error-text qa-error">{error}</span>}
        {saved && <span className="qa-saved">{saved}</span>}
      </div>
    </div>
  );
};

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

const LineTable = ({ title, rows }: { title: string; rows: QualityLine[] }) => (
  <>
    <h5>{title}</h5>
    <StackedTable
      rowKey="key"
      size="small"
      data={rows}
      empty="暂无评分"
      columns={[
        { colKey: 'label', title: title.replace(/^按/, '') },
        { colKey: 'scored', title: '评分数', width: 80 },
        { colKey: 'average', title: '平均分', width: 80, cell: ({ row }) => (row.average === null ? '—' : row.average) },
        { colKey: 'passRate', title: '合格率', width: 90, cell: ({ row }) => pct(row.passRate) },
        { colKey: 'fatal', title: '致命差错', width: 90 },
        { colKey: 'appealed', title: '申诉', width: 70 },
      ]}
    />
  </>
);

const monthBefore = (n: number) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
};

/** 质检汇总: scored, average, pass rate, fatal errors and appeals per area, handler, team and month. */
export const QualitySummaryView = () => {
  const [range, setRange] = useState({ from: monthBefore(2), to: monthBefore(0) });
  const [data, setData] = useState<QualitySummary>();
  const [error, setError] = useState('');
  const load = () => {
    setError('');
    api<QualitySummary>('quality/summary', range)
      .then(setData)
      .catch((e) => setError(messageOf(e)));
  };
  useEffect(load, []);
  return (
    <div className="qa-summary">
      <div className="filters">
        <label className="qa-month">
          从 <input type="month" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} />
        </label>
        <label className="qa-month">
          至 <input type="month" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} />
        </label>
        <Button onClick={load}>查询</Button>
        {error && <span className="error-text qa-error">{error}</span>}
      </div>
      {data && (
        <>
          <div className="qa-overall">
            <span>
              评分 <strong>{data.overall.scored}</strong> 件
            </span>
            <span>
              平均 <strong>{data.overall.average ?? '—'}</strong> 分
            </span>
            <span>
              合格率 <strong>{pct(data.overall.passRate)}</strong>
            </span>
            <span>
              致命差错 <strong>{data.overall.fatal}</strong> 件
            </span>
            <span>
              申诉 <strong>{data.overall.appealed}</strong> 件
            </span>
          </div>
          <LineTable title="按业务领域" rows={data.byArea} />
          <LineTable title="按经办人" rows={data.byHandler} />
          <LineTable title="按团队" rows={data.byTeam} />
          <LineTable title="按月份" rows={data.byPeriod} />
        </>
      )}
    </div>
  );
};
