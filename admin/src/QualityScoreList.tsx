import { useEffect, useState } from 'react';
import { Alert, Button, InputNumber, Radio, Tag, Textarea } from 'tdesign-react';
import { api, messageOf, AdminApiError } from './api';
import { dueDay, shTime } from './LedgerItemDetail';
import type { ScoreView } from './QualityScoreForm';
import { ReasonDialog } from './ReasonDialog';
import { DEFAULT_SCORECARDS } from '../../core/quality/scorecards';

type CardLike = { area: string; items: { key: string; label: string; weight: number }[]; fatalErrors: { key: string; label: string }[] };
const labelsOf = (cards: CardLike[]) =>
  Object.fromEntries(cards.flatMap((card) => [...card.items.map((i) => [`${card.area}:${i.key}`, i] as const), ...card.fatalErrors.map((f) => [`${card.area}:fatal:${f.key}`, { label: f.label, weight: 0 }] as const)]));

const isConflict = (e: unknown) => e instanceof AdminApiError && e.code.endsWith('.VERSION_CONFLICT');

const OUTCOMES = { upheld: '维持原评分', changed: '改判' } as const;

/** One score as the handler, an oversight reader or the deciding supervisor reads it. */
const ScoreCard = ({ s, labels, onAppeal, children }: { s: ScoreView; labels: Record<string, { label: string; weight: number }>; onAppeal?: () => void; children?: React.ReactNode }) => (
  <div className="qa-score" data-score={s.id}>
    <div className="qa-score-head">
      <strong>
        {s.areaLabel} {s.number}
      </strong>
      <Tag theme={s.passed ? 'success' : 'danger'}>
        {s.total} 分 · {s.passed ? '合格' : '不合格'}
      </Tag>
      {s.appeal && !s.appeal.outcome && <Tag theme="warning">申诉待处理</Tag>}
      {s.appeal?.outcome && <Tag theme="primary">申诉已处理：{OUTCOMES[s.appeal.outcome]}</Tag>}
      <span className="muted">
        {s.period} · 经办人 {s.handlerName} · 质检员 {s.inspector.name} · {shTime(s.scoredAt)}
      </span>
    </div>
    <ul className="qa-score-items">
      {s.items.map((i) => (
        <li key={i.key}>
          {labels[`${s.area}:${i.key}`]?.label ?? i.key}：{i.points}
          {labels[`${s.area}:${i.key}`] ? ` / ${labels[`${s.area}:${i.key}`].weight}` : ''} 分{i.note ? `（${i.note}）` : ''}
        </li>
      ))}
    </ul>
    {s.fatal.length > 0 && <div className="due-overdue">致命差错：{s.fatal.map((k) => labels[`${s.area}:fatal:${k}`]?.label ?? k).join('、')}</div>}
    {s.comment && <div className="qa-text">评语：{s.comment}</div>}
    {s.appeal && (
      <div className="qa-appeal">
        <div className="qa-text">
          申诉理由（{shTime(s.appeal.at)}）：{s.appeal.reason}
        </div>
        {s.appeal.outcome && (
          <div className="qa-text">
            处理结论：{OUTCOMES[s.appeal.outcome]}
            {s.appeal.revisedTotal !== undefined ? `，改判为 ${s.appeal.revisedTotal} 分` : ''} · {s.appeal.decidedBy?.name} {shTime(s.appeal.decidedAt)}
            <br />
            处理意见：{s.appeal.decision}
          </div>
        )}
      </div>
    )}
    {!s.appeal && !s.may.appeal && s.passed === false && <div className="muted">申诉期至 {dueDay(s.appealUntil)}</div>}
    {s.may.appeal && (
      <div className="qa-actions">
        <Button variant="outline" onClick={onAppeal} className="qa-appeal-button">
          申诉
        </Button>
        <span className="muted">每次质检结果可申诉一次，申诉期至 {dueDay(s.appealUntil)}</span>
      </div>
    )}
    {children}
  </div>
);

/** A supervisor's decision on one pending appeal: uphold, or change the total, with the reasons. */
const DecideForm = ({ s, onDone }: { s: ScoreView; onDone: (conflict: boolean) => void }) => {
  const [outcome, setOutcome] = useState<'upheld' | 'changed'>('upheld');
  const [revised, setRevised] = useState<number>();
  const [decision, setDecision] = useState('');
  const [error, setError] = useState('');
  const decide = async () => {
    setError('');
    try {
      await api('quality/decideAppeal', { id: s.id, version: s.version, outcome, ...(outcome === 'changed' && revised !== undefined ? { revisedTotal: revised } : {}), decision: decision.trim() });
      onDone(false);
    } catch (e) {
      setError(messageOf(e));
      if (isConflict(e)) onDone(true);
    }
  };
  return (
    <div className="qa-decide">
      <Radio.Group value={outcome} onChange={(v) => setOutcome(v as 'upheld')}>
        <Radio value="upheld">维持</Radio>
        <Radio value="changed">改判</Radio>
      </Radio.Group>
      {outcome === 'changed' && (
        <InputNumber className="qa-revised" theme="normal" min={0} max={100} decimalPlaces={0} placeholder="改判后的总分" value={revised} onChange={(v) => setRevised(v === undefined || v === null || (v as unknown) === '' ? undefined : Number(v))} />
      )}
      <Textarea className="qa-decision" placeholder="处理意见（必填，经办人与质检员可见）" value={decision} onChange={(v) => setDecision(String(v))} autosize={{ minRows: 2 }} />
      <div className="qa-actions">
        <Button theme="primary" onClick={decide} className="qa-decide-button">
          提交处理结论
        </Button>
        {error && <span className="error-text qa-error">{error}</span>}
      </div>
    </div>
  );
};

/**
 * 我的质检 / 质检结果 / 申诉处理: quality/scores answers a handler with their own scores only and oversight roles
 * with all; `appeals` lists the pending appeals with the decision form on each.
 */
export const QualityScoreList = ({ mode, mine }: { mode: 'scores' | 'appeals'; mine: boolean }) => {
  const [rows, setRows] = useState<ScoreView[]>([]);
  const [next, setNext] = useState<string>();
  // A handler may not read the scorecards: the defaults name the items until the current cards are read.
  const [labels, setLabels] = useState<Record<string, { label: string; weight: number }>>(() => labelsOf(Object.values(DEFAULT_SCORECARDS)));
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [appealing, setAppealing] = useState<ScoreView>();
  const [loaded, setLoaded] = useState(false);
  const query = (cursor?: string) => api<{ items: ScoreView[]; nextCursor?: string }>('quality/scores', { ...(mode === 'appeals' ? { appealPending: true } : {}), limit: 20, ...(cursor ? { cursor } : {}) });
  const load = () =>
    query()
      .then((p) => (setRows(p.items), setNext(p.nextCursor)))
      .catch((e) => setError(messageOf(e)))
      .finally(() => setLoaded(true));
  useEffect(() => {
    load();
    api<{ items: CardLike[] }>('quality/scorecards')
      .then((c) => setLabels((l) => ({ ...l, ...labelsOf(c.items) })))
      .catch(() => undefined);
  }, [mode]);
  const more = () => next && query(next).then((p) => (setRows((r) => [...r, ...p.items]), setNext(p.nextCursor))).catch((e) => setError(messageOf(e)));
  const appeal = async (reason: string) => {
    if (!appealing) return;
    try {
      await api('quality/appeal', { id: appealing.id, version: appealing.version, reason });
    } catch (e) {
      if (isConflict(e)) load();
      throw e;
    }
    setAppealing(undefined);
    setNotice('申诉已提交，主管处理后将在此显示结论');
    load();
  };
  return (
    <>
      {mode === 'scores' && mine && <div className="muted qa-hint">这里列出您经办的案件的质检结果。对结果有异议的，可在申诉期内申诉一次。</div>}
      {mode === 'appeals' && <div className="muted qa-hint">经办人对质检结果的申诉，由主管维持或改判（本人评分或本人经办的除外）。</div>}
      {notice && <Alert theme="success" message={notice} />}
      {error && <Alert theme="error" message={error} />}
      {rows.map((s) => (
        <ScoreCard key={s.id} s={s} labels={labels} onAppeal={() => setAppealing(s)}>
          {mode === 'appeals' && s.may.decideAppeal && <DecideForm s={s} onDone={(conflict) => (conflict ? load() : (setNotice(`已处理 ${s.number} 的申诉`), load()))} />}
          {mode === 'appeals' && !s.may.decideAppeal && <div className="muted">本人评分或经办的案件，须由其他主管处理。</div>}
        </ScoreCard>
      ))}
      {loaded && !rows.length && <div className="qa-empty muted">{mode === 'appeals' ? '暂无待处理的申诉' : '暂无质检结果'}</div>}
      {next && (
        <Button variant="text" onClick={more}>
          加载更多
        </Button>
      )}
      <ReasonDialog
        header={`申诉 ${appealing?.number ?? ''}`}
        visible={Boolean(appealing)}
        hint="请写明对质检结果的异议和依据（5至500字）。每次质检结果只能申诉一次。"
        confirm="提交申诉"
        onClose={() => setAppealing(undefined)}
        onConfirm={appeal}
      />
    </>
  );
};
