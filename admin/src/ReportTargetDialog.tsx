import { cloneElement, useEffect, useState, type ReactElement } from 'react';
import { Alert, Button, Dialog, Input, Textarea, Tooltip } from 'tdesign-react';
import type { MetricLine } from '../../core/reports/report';
import { shanghaiText } from '../../core/reports/format';
import { api, messageOf } from './api';

type Target = NonNullable<MetricLine['target']>;

/** Why a staff member without reports.targets sees the button greyed out. */
export const TARGET_BLOCKED = '仅合规或总部可设置年度目标';

/** The action beside a target the seed leaves without a number: enabled, or disabled with the reason on hover. */
export const SetTargetButton = ({ target, canSet, onOpen }: { target: Target; canSet: boolean; onOpen: () => void }) => {
  const button: ReactElement<{ disabled?: boolean }> = (
    <Button size="small" variant="outline" className="qr-target-set" onClick={onOpen}>
      {target.confirmation ? '修改目标' : '设置目标'}
    </Button>
  );
  if (canSet) return button;
  return (
    <Tooltip content={TARGET_BLOCKED}>
      <span className="blocked-action qr-target-blocked" title={TARGET_BLOCKED}>
        {cloneElement(button, { disabled: true })}
      </span>
    </Tooltip>
  );
};

/**
 * 设置目标: compliance enters the number (a percentage) and its basis; the current version and who set
 * it are shown, and the save names the version it read (a change by someone else in between is refused).
 */
export const ReportTargetDialog = ({ year, target, onClose, onSaved }: { year: number; target: Target; onClose: () => void; onSaved: () => void }) => {
  const c = target.confirmation;
  const [percent, setPercent] = useState(c ? String(Number((c.value * 100).toFixed(1))) : '');
  const [basis, setBasis] = useState(c?.basis ?? '');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => setError(''), [percent, basis]);
  const save = async () => {
    setSaving(true);
    try {
      await api('reports/setTarget', { year, key: target.key, percent: Number(percent), basis, expectedVersion: c?.version ?? 0 });
      onSaved();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog
      header={`设置 ${year} 年度目标`}
      visible
      onClose={onClose}
      onConfirm={save}
      confirmBtn={{ content: '保存', loading: saving, disabled: !percent.trim() || !basis.trim() }}
      width={520}
      className="qr-target-dialog"
    >
      <div className="qr-target-form">
        <div>{target.wording}</div>
        <div className="muted qr-detail">{target.measure}</div>
        <div className="muted qr-detail qr-target-version">
          {c ? `当前：第 ${c.version} 版 · ${c.by} · ${shanghaiText(c.at)}` : '当前：未确认（尚无版本）'}
        </div>
        <label className="qr-target-field">
          <span>目标数值（%，不低于）</span>
          <Input className="qr-target-percent" value={percent} onChange={(v) => setPercent(String(v))} placeholder="例如 95" suffix="%" />
        </label>
        <label className="qr-target-field">
          <span>依据</span>
          <Textarea className="qr-target-basis" value={basis} onChange={(v) => setBasis(String(v))} autosize={{ minRows: 2, maxRows: 5 }} maxlength={200} placeholder="例如：2026年行业协会公布的同业平均满意度为93%" />
        </label>
        {error && <Alert theme="error" message={error} />}
      </div>
    </Dialog>
  );
};
