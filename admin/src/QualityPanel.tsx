import { useEffect, useState } from 'react';
import { Alert, Button, InputNumber, Radio, Select, Tag } from 'tdesign-react';
import type { Sample, SampleItem, Scorecard } from '../../core/quality/model';
import { QUALITY_AREAS } from '../../core/quality/model';
import { api, messageOf } from './api';
import { shTime } from './LedgerItemDetail';
import { QualityCaseRecord } from './QualityCaseRecord';
import { QualityScoreForm, type ScoreView } from './QualityScoreForm';
import { QualityScoreList } from './QualityScoreList';
import { QualityScorecards, QualitySummaryView } from './QualityScorecards';
import { StackedTable } from './StackedTable';

type SampleRow = { id: string; area: string; areaLabel: string; period: string; stratum: string; inspector: { id: string; name: string }; cases: number; seed: number; drawnAt: string };
type SampleCase = SampleItem & { handlerName: string; reasonLabels: string[]; score?: { id: string; total: number; passed: boolean } };
type SampleView = Omit<Sample, 'items'> & { areaLabel: string; items: SampleCase[] };
type CaseView = { area: string; item: SampleItem; record: Record<string, unknown>; scorecard: Scorecard };

const STRATA: Record<string, string> = { handler: '经办人', grade: '等级', type: '类型' };
/** Short words for the list (the full reasons are shown on the case). */
const REASON_SHORT: Record<string, string> = { random: '随机', lowRating: '低评分', breach: '超时', review: '申请核查', reinspection: '复检' };
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const newKey = () => `qa-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** The Shanghai month before this one: the latest month a sample may be drawn from. */
const lastMonth = () => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

/** 抽样: the draw form (inspectors), the samples, one sample's cases, and one case read beside its scorecard. */
const SamplesTab = ({ canInspect }: { canInspect: boolean }) => {
  const [form, setForm] = useState({ area: 'complaints', period: lastMonth(), stratum: 'handler', perStratum: 2 });
  const [key, setKey] = useState(newKey);
  const [rows, setRows] = useState<SampleRow[]>([]);
  const [sample, setSample] = useState<SampleView>();
  const [open, setOpen] = useState<CaseView>();
  const [error, setError] = useState('');
  const [drawError, setDrawError] = useState('');
  // The case just scored keeps its form's answer (total, verdict, the ledger item's number) on screen.
  const [justScored, setJustScored] = useState<string>();
  const list = () =>
    api<{ items: SampleRow[] }>('quality/samples', { limit: 50 })
      .then((p) => setRows(p.items))
      .catch((e) => setError(messageOf(e)));
  const show = (id: string) =>
    api<SampleView>('quality/sample', { id })
      .then(setSample)
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    list();
  }, []);
  const draw = async () => {
    setDrawError('');
    try {
      const s = await api<SampleView>('quality/draw', { idempotencyKey: key, ...form });
      setKey(newKey());
      setOpen(undefined);
      setSample(s);
      await list();
    } catch (e) {
      setDrawError(messageOf(e));
    }
  };
  const openCase = (caseId: string) => {
    if (!sample) return;
    setError('');
    api<CaseView>('quality/case', { sampleId: sample.id, caseId })
      .then(setOpen)
      .catch((e) => setError(messageOf(e)));
  };
  const set = (k: keyof typeof form) => (v: unknown) => setForm((f) => ({ ...f, [k]: v as never }));
  const scored = open && sample?.items.find((i) => i.caseId === open.item.caseId)?.score;
  return (
    <>
      {canInspect && (
        <div className="qa-draw">
          <label>
            业务领域
            <Select className="qa-select" options={options(QUALITY_AREAS)} value={form.area} onChange={set('area')} />
          </label>
          <label>
            月份
            <input type="month" className="qa-month-input" max={lastMonth()} value={form.period} onChange={(e) => set('period')(e.target.value)} />
          </label>
          <label>
            分层方式
            <Select className="qa-select" options={options(STRATA)} value={form.stratum} onChange={set('stratum')} />
          </label>
          <label>
            每层抽取数
            <InputNumber className="qa-per" theme="normal" min={1} max={20} decimalPlaces={0} value={form.perStratum} onChange={(v) => set('perStratum')(Number(v) || 1)} />
          </label>
          <Button theme="primary" onClick={draw} className="qa-draw-button">
            抽取样本
          </Button>
          {drawError && <span className="error-text qa-error">{drawError}</span>}
        </div>
      )}
      {canInspect && <div className="muted qa-hint">低评分、超时、会员申请核查的案件全部抽取，其余按分层随机抽取；本人经办的案件不会被抽中。随机种子随样本记录，可复现。</div>}
      {error && <Alert theme="error" message={error} />}
      <StackedTable
        rowKey="id"
        size="small"
        data={rows}
        empty="暂无抽样"
        className="qa-samples"
        onRowClick={({ row }) => (setOpen(undefined), show(row.id))}
        columns={[
          { colKey: 'period', title: '月份', width: 90 },
          { colKey: 'areaLabel', title: '业务领域', width: 90 },
          { colKey: 'stratum', title: '分层', width: 80, cell: ({ row }) => STRATA[row.stratum] ?? row.stratum },
          { colKey: 'cases', title: '案件数', width: 80 },
          { colKey: 'seed', title: '随机种子', width: 120 },
          { colKey: 'inspector', title: '质检员', width: 100, cell: ({ row }) => row.inspector.name },
          { colKey: 'drawnAt', title: '抽取时间', cell: ({ row }) => shTime(row.drawnAt) },
        ]}
      />
      {sample && (
        <div className="qa-sample">
          <h4>
            {sample.period} {sample.areaLabel}抽样 <span className="muted">按{STRATA[sample.stratum]}分层，每层{sample.perStratum}件 · 可抽案件{sample.frameSize}件 · 排除本人经办{sample.excludedOwn}件 · 种子 {sample.seed}</span>
          </h4>
          <StackedTable
            rowKey="caseId"
            size="small"
            data={sample.items}
            empty="本次抽样没有案件"
            className="qa-cases"
            rowClassName={({ row }) => (open?.item.caseId === row.caseId ? 'qa-current' : '')}
            onRowClick={({ row }) => openCase(row.caseId)}
            columns={[
              { colKey: 'number', title: '案件编号', width: 170 },
              { colKey: 'handlerName', title: '经办人', width: 100 },
              { colKey: 'reasons', title: '抽取原因', cell: ({ row }) => row.reasons.map((r) => REASON_SHORT[r] ?? r).join('、') },
              {
                colKey: 'score',
                title: '评分',
                width: 130,
                cell: ({ row }) => (row.score ? <Tag theme={row.score.passed ? 'success' : 'danger'}>{`${row.score.total}分 ${row.score.passed ? '合格' : '不合格'}`}</Tag> : <span className="muted">待评分</span>),
              },
            ]}
          />
        </div>
      )}
      {open && sample && (
        <div className="qa-workspace">
          <div className="qa-workspace-record">
            <div className="muted qa-hint">
              抽取原因：{open.item.reasons.map((r) => REASON_SHORT[r] ?? r).join('、')} · 个人信息已脱敏，本次查阅已记入审计日志
            </div>
            <QualityCaseRecord record={open.record} areaLabel={QUALITY_AREAS[open.area as keyof typeof QUALITY_AREAS]} />
          </div>
          <div className="qa-workspace-form">
            {scored && justScored !== `${sample.id}:${open.item.caseId}` ? (
              <ScoredCase sampleId={sample.id} scoreId={scored.id} />
            ) : canInspect ? (
              <QualityScoreForm key={`${sample.id}:${open.item.caseId}`} sampleId={sample.id} caseId={open.item.caseId} card={open.scorecard} onScored={() => (setJustScored(`${sample.id}:${open.item.caseId}`), show(sample.id))} />
            ) : (
              <div className="muted">待质检员评分</div>
            )}
          </div>
        </div>
      )}
    </>
  );
};

/** A case already scored: the total and verdict, the comment, and the improvement item a failure opened. */
const ScoredCase = ({ sampleId, scoreId }: { sampleId: string; scoreId: string }) => {
  const [score, setScore] = useState<ScoreView>();
  const [ledgerNumber, setLedgerNumber] = useState<string>();
  useEffect(() => {
    setScore(undefined);
    setLedgerNumber(undefined);
    api<{ items: ScoreView[] }>('quality/scores', { sampleId, limit: 50 })
      .then((p) => {
        const s = p.items.find((x) => x.id === scoreId);
        setScore(s);
        if (s?.ledgerItemId) api<{ number: string }>('ledger/item', { id: s.ledgerItemId }).then((x) => setLedgerNumber(x.number), () => undefined);
      })
      .catch(() => undefined);
  }, [scoreId]);
  if (!score) return null;
  return (
    <div className={`qa-result ${score.passed ? 'qa-pass' : 'qa-fail'}`}>
      <div className="qa-result-total">
        已评分：{score.total} 分 · {score.passed ? '合格' : '不合格'}
      </div>
      <div className="qa-result-ledger qa-text">
        {score.inspector.name} 评于 {shTime(score.scoredAt)}
        {score.comment ? `。评语：${score.comment}` : ''}
        {score.appeal ? `。经办人已申诉${score.appeal.outcome ? `，结论：${score.appeal.outcome === 'upheld' ? '维持' : `改判为${score.appeal.revisedTotal}分`}` : '，待主管处理'}` : ''}
      </div>
      {ledgerNumber && <div className="qa-result-ledger">整改事项 <strong>{ledgerNumber}</strong></div>}
    </div>
  );
};

type Tab = 'samples' | 'scores' | 'appeals' | 'scorecards' | 'summary';

/**
 * 服务质检: samples and scoring for inspectors, the handler's own results and one appeal, the supervisors'
 * decisions on appeals, the scorecards for managers and compliance, and the figures. Each tab shows for
 * the permission its routes need.
 */
export const QualityPanel = ({ permissions }: { permissions: string[] }) => {
  const can = (p: string) => permissions.includes(p);
  const tabs: { key: Tab; label: string; show: boolean }[] = [
    { key: 'samples', label: '抽样', show: can('quality.read') },
    { key: 'scores', label: can('quality.read') ? '质检结果' : '我的质检', show: can('quality.appeal') },
    { key: 'appeals', label: '申诉处理', show: can('quality.decideAppeal') },
    { key: 'scorecards', label: '评分表', show: can('quality.scorecards') },
    { key: 'summary', label: '质检汇总', show: can('quality.read') },
  ];
  const shown = tabs.filter((t) => t.show);
  // Each role opens on its own work: supervisors on the appeals, inspectors on the samples, handlers on their results.
  const first = shown.find((t) => t.key === 'appeals') ?? shown[0];
  const [tab, setTab] = useState<Tab>(first?.key ?? 'scores');
  return (
    <div className="panel qa-panel">
      <div className="filters">
        <h3 style={{ margin: 0 }}>{shown.length === 1 ? shown[0].label : '服务质检'}</h3>
        {shown.length > 1 && (
          <Radio.Group variant="default-filled" value={tab} onChange={(v) => setTab(v as Tab)} className="qa-tabs">
            {shown.map((t) => (
              <Radio.Button key={t.key} value={t.key}>
                {t.label}
              </Radio.Button>
            ))}
          </Radio.Group>
        )}
      </div>
      {tab === 'samples' && <SamplesTab canInspect={can('quality.inspect')} />}
      {tab === 'scores' && <QualityScoreList mode="scores" mine={!can('quality.read')} />}
      {tab === 'appeals' && <QualityScoreList mode="appeals" mine={false} />}
      {tab === 'scorecards' && <QualityScorecards />}
      {tab === 'summary' && <QualitySummaryView />}
    </div>
  );
};
