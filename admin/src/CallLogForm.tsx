import { useState } from 'react';
import { Button, Input, Radio, Textarea } from 'tdesign-react';
import { api, messageOf } from './api';

/** Now in Shanghai as a datetime-local value (the page may run anywhere; China keeps UTC+8 all year). */
const nowLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);

/**
 * 登记通话: one call with the member on a complaint, consultation or claim — when (Shanghai time), how long,
 * which way, a summary, and the call system's recording reference if there is one. The route answers the
 * record as staff now see it; the caller shows it.
 */
export function CallLogForm<T>(props: { route: `${string}/${string}`; id: string; version: number; onSaved(next: T): void; className?: string }) {
  const [f, setF] = useState({ calledAt: nowLocal(), minutes: '', seconds: '', direction: 'outbound', summary: '', recordingRef: '' });
  const [error, setError] = useState('');
  const set = (k: keyof typeof f) => (v: unknown) => setF((x) => ({ ...x, [k]: String(v) }));
  const save = async () => {
    setError('');
    try {
      const durationSeconds = Number(f.minutes || 0) * 60 + Number(f.seconds || 0);
      const next = await api<T>(props.route, {
        id: props.id,
        version: props.version,
        calledAt: `${f.calledAt}:00+08:00`,
        durationSeconds,
        direction: f.direction,
        summary: f.summary,
        ...(f.recordingRef.trim() ? { recordingRef: f.recordingRef.trim() } : {}),
      });
      setF({ calledAt: nowLocal(), minutes: '', seconds: '', direction: 'outbound', summary: '', recordingRef: '' });
      props.onSaved(next);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className={`call-log ${props.className ?? ''}`}>
      <strong>登记通话</strong>
      <div className="call-log-row">
        <Radio.Group value={f.direction} onChange={set('direction')}>
          <Radio value="outbound">去电</Radio>
          <Radio value="inbound">来电</Radio>
        </Radio.Group>
        <input className="call-log-time" type="datetime-local" aria-label="通话时间" value={f.calledAt} onChange={(e) => set('calledAt')(e.target.value)} />
      </div>
      <div className="call-log-row">
        <Input label="时长" suffix="分" placeholder="分钟" value={f.minutes} onChange={set('minutes')} />
        <Input suffix="秒" placeholder="秒" value={f.seconds} onChange={set('seconds')} />
        <Input label="录音编号" placeholder="选填" value={f.recordingRef} onChange={set('recordingRef')} />
      </div>
      <Textarea placeholder="通话摘要（仅员工可见；勿填写证件号、银行卡号）" value={f.summary} onChange={set('summary')} autosize={{ minRows: 2 }} />
      <Button variant="outline" onClick={save} disabled={!f.summary.trim()}>
        保存通话记录
      </Button>
      {error && <div className="call-log-error">{error}</div>}
    </div>
  );
}
