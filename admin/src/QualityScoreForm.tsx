import { useEffect, useState } from 'react';
import { Button, Checkbox, InputNumber, Tag, Textarea } from 'tdesign-react';
import type { QualityScore, Scorecard } from '../../core/quality/model';
import { api, messageOf } from './api';

export type ScoreView = QualityScore & { areaLabel: string; handlerName: string; may: { appeal: boolean; decideAppeal: boolean } };

/**
 * The scorecard as a form: each item with its weight and guide, points 0..weight, the fatal errors, a
 * comment; the total and pass/fail are worked out as the inspector types (the server checks the same).
 * A failed score opens an improvement item in the ledger: its number is shown when the inspector may read it.
 */
export const QualityScoreForm = ({ sampleId, caseId, card, onScored }: { sampleId: string; caseId: string; card: Scorecard; onScored: () => void }) => {
  const [points, setPoints] = useState<Record<string, number | undefined>>({});
  const [fatal, setFatal] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ score: ScoreView; ledgerNumber?: string }>();
  useEffect(() => {
    setPoints({});
    setFatal([]);
    setComment('');
    setError('');
    setResult(undefined);
  }, [caseId]);
  const sum = card.items.reduce((s, i) => s + (points[i.key] ?? 0), 0);
  const total = fatal.length ? 0 : sum;
  const passed = !fatal.length && total >= card.passMark;
  const missing = card.items.filter((i) => points[i.key] === undefined);

  const submit = async () => {
    setError('');
    if (missing.length) return setError(`请为“${missing[0].label}”评分`);
    setBusy(true);
    try {
      const score = await api<ScoreView>('quality/score', { sampleId, caseId, items: card.items.map((i) => ({ key: i.key, points: points[i.key] })), fatal, comment: comment.trim() });
      let ledgerNumber: string | undefined;
      if (score.ledgerItemId) ledgerNumber = await api<{ number: string }>('ledger/item', { id: score.ledgerItemId }).then((x) => x.number, () => undefined);
      setResult({ score, ledgerNumber });
      onScored();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (result)
    return (
      <div className={`qa-result ${result.score.passed ? 'qa-pass' : 'qa-fail'}`}>
        <div className="qa-result-total">
          {result.score.total} 分 · {result.score.passed ? '合格' : '不合格'}
        </div>
        {!result.score.passed && (
          <div className="qa-result-ledger">
            已开立整改事项{result.ledgerNumber ? <strong> {result.ledgerNumber}</strong> : ''}，责任人为经办人{result.score.handlerName}，可在“整改台账”跟进。
          </div>
        )}
      </div>
    );

  return (
    <div className="qa-form">
      <div className="qa-form-head">
        评分表（第{card.version}版） · 合格线 {card.passMark} 分
      </div>
      {card.items.map((i) => (
        <div key={i.key} className="qa-item">
          <div className="qa-item-label">
            <strong>{i.label}</strong> <span className="muted">满分 {i.weight}</span>
            {i.guide && <div className="muted">{i.guide}</div>}
          </div>
          <InputNumber
            className="qa-points"
            theme="normal"
            min={0}
            max={i.weight}
            decimalPlaces={0}
            placeholder={`0–${i.weight}`}
            value={points[i.key]}
            // Kept as typed: an out-of-range or fractional value is refused by the server with its message, never silently changed.
            onChange={(v) => setPoints((p) => ({ ...p, [i.key]: v === undefined || v === null || (v as unknown) === '' ? undefined : Number(v) }))}
          />
        </div>
      ))}
      {card.fatalErrors.length > 0 && (
        <div className="qa-fatal">
          <strong>致命差错（任一项即判0分）</strong>
          <Checkbox.Group value={fatal} onChange={(v) => setFatal(v as string[])} className="qa-fatal-list">
            {card.fatalErrors.map((f) => (
              <Checkbox key={f.key} value={f.key}>
                {f.label}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </div>
      )}
      <Textarea className="qa-comment" placeholder={passed ? '评语（选填）' : '评语（不合格时必填，经办人可见）'} value={comment} onChange={(v) => (setComment(String(v)), setError(''))} autosize={{ minRows: 2 }} />
      <div className="qa-live">
        <span>
          合计 <strong className="qa-live-total">{total}</strong> 分
        </span>
        <Tag theme={missing.length ? 'default' : passed ? 'success' : 'danger'} className="qa-live-verdict">
          {missing.length ? `尚有${missing.length}项未评分` : passed ? '合格' : '不合格'}
        </Tag>
      </div>
      <div className="qa-actions">
        <Button theme="primary" loading={busy} onClick={submit} className="qa-submit">
          提交评分
        </Button>
        {error && <span className="error-text qa-error">{error}</span>}
      </div>
    </div>
  );
};
