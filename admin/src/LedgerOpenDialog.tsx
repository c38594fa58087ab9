import { useEffect, useState } from 'react';
import { Dialog, Input, InputNumber, Radio, Select, Textarea } from 'tdesign-react';
import { INSPECTION_KINDS, type LedgerLink, type LedgerSource } from '../../core/ledger/model';
import type { toOwnerOption } from '../../core/ledger/views';
import { AdminApiError, api, messageOf } from './api';

type Owner = ReturnType<typeof toOwnerOption>;
const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
const KIND_OPTIONS = Object.entries(INSPECTION_KINDS).map(([value, label]) => ({ value, label }));
export const problemOf = (e: unknown) => (e instanceof AdminApiError && e.error.issues?.length ? e.error.issues.map((i) => i.message).join('；') : messageOf(e));

/** What the caller already knows about the item: where it came from, the cases behind it, a first title. */
export interface LedgerOpenPreset {
  source: LedgerSource;
  links?: LedgerLink[];
  title?: string;
  description?: string;
  kind?: keyof typeof INSPECTION_KINDS;
}

/**
 * 登记整改事项: one dialog for every place an item starts (a finding, a complaint detail, a satisfaction
 * line below goal, the ledger screen itself). The request key is kept until it succeeds, so a double
 * click or a retry after a lost reply opens one item.
 */
export const LedgerOpenDialog = ({ visible, preset, onClose, onOpened }: { visible: boolean; preset: LedgerOpenPreset; onClose: () => void; onOpened: (item: { id: string; number: string }) => void }) => {
  const [owners, setOwners] = useState<Owner[]>([]);
  const [key, setKey] = useState(newKey);
  const [f, setF] = useState({ title: '', description: '', kind: '', ownerId: '', mode: 'days', days: 20, date: '' });
  const [error, setError] = useState('');
  useEffect(() => {
    if (!visible) return;
    setF((x) => ({ ...x, title: preset.title ?? x.title, description: preset.description ?? x.description, kind: preset.kind ?? x.kind }));
    api<{ items: Owner[] }>('ledger/owners')
      .then((o) => setOwners(o.items))
      .catch((e) => setError(messageOf(e)));
  }, [visible]);
  const set = (k: keyof typeof f) => (v: unknown) => setF((x) => ({ ...x, [k]: v as never }));
  const submit = async () => {
    setError('');
    try {
      const out = await api<{ item: { id: string; number: string } }>('ledger/open', {
        idempotencyKey: key,
        title: f.title,
        description: f.description,
        ...(f.kind ? { kind: f.kind } : {}),
        source: preset.source,
        links: preset.links ?? [],
        ownerId: f.ownerId,
        deadline: f.mode === 'days' ? { workingDays: Number(f.days) } : { date: f.date },
      });
      setKey(newKey());
      setF({ title: '', description: '', kind: '', ownerId: '', mode: 'days', days: 20, date: '' });
      onOpened(out.item);
    } catch (e) {
      setError(problemOf(e));
    }
  };
  return (
    <Dialog header="登记整改事项" visible={visible} onClose={onClose} onConfirm={submit} width={560} confirmBtn="登记" className="lg-dialog">
      <div className="lg-form">
        {preset.links?.length ? <div className="muted">关联案件：{preset.links.map((l) => l.number).join('、')}</div> : null}
        <Input placeholder="整改事项标题（2–80字）" value={f.title} onChange={set('title')} />
        <Textarea placeholder="问题描述与整改要求（请勿填写客户个人信息）" value={f.description} onChange={set('description')} />
        <Select placeholder="检查类别（默认按来源）" clearable options={KIND_OPTIONS} value={f.kind} onChange={set('kind')} />
        <Select
          placeholder="整改责任人"
          filterable
          options={owners.map((o) => ({ value: o.id, label: `${o.name}（${o.roleLabel}${o.team ? ` · ${o.team}` : ''}）` }))}
          value={f.ownerId}
          onChange={set('ownerId')}
        />
        <Radio.Group value={f.mode} onChange={set('mode')}>
          <Radio value="days">自登记日起工作日数</Radio>
          <Radio value="date">指定日期</Radio>
        </Radio.Group>
        {f.mode === 'days' ? (
          <div className="lg-days">
            <InputNumber min={1} max={250} value={f.days} onChange={set('days')} />
            <span>个工作日</span>
          </div>
        ) : (
          <Input placeholder="整改期限 YYYY-MM-DD（遇节假日顺延）" value={f.date} onChange={set('date')} />
        )}
        {error && (
          <div className="error-text" role="alert">
            {error}
          </div>
        )}
      </div>
    </Dialog>
  );
};
