import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Select, Tag, Textarea } from 'tdesign-react';
import type { toItemDetail, toOwnerOption } from '../../core/ledger/views';
import { StackedTable } from './StackedTable';
import { api, messageOf } from './api';
import { problemOf } from './LedgerOpenDialog';

export type LedgerItemView = ReturnType<typeof toItemDetail>;
type Owner = ReturnType<typeof toOwnerOption>;

/** An instant as staff read it: Shanghai wall time, to the minute. */
export const shTime = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '—');
/** A due time ending 24:00 of its day reads as that day. */
export const dueDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000 - 1).toISOString().slice(0, 10);

const STATUS_THEME: Record<string, 'default' | 'primary' | 'warning' | 'success'> = { open: 'default', inProgress: 'primary', awaitingVerification: 'warning', closed: 'success' };
export const StatusTag = ({ status, label }: { status: string; label: string }) => <Tag theme={STATUS_THEME[status] ?? 'default'}>{label}</Tag>;

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });

/**
 * One ledger item: what is to be fixed, its source and linked cases (numbers only), the deadline with
 * its warning, breach and escalation, evidence (each view audited), the timeline, and the steps the
 * item's `may` allows this staff member.
 */
export const LedgerItemDetail = ({ id, onChanged, onClose }: { id: string; onChanged: () => void; onClose: () => void }) => {
  const [item, setItem] = useState<LedgerItemView>();
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [text, setText] = useState({ note: '', reason: '', ownerId: '', date: '' });
  const [owners, setOwners] = useState<Owner[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const load = () =>
    api<LedgerItemView>('ledger/item', { id })
      .then(setItem)
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    setItem(undefined);
    setError('');
    setDone('');
    load();
  }, [id]);
  useEffect(() => {
    if (item?.may.reassign && !owners.length) api<{ items: Owner[] }>('ledger/owners').then((o) => setOwners(o.items)).catch(() => undefined);
  }, [item?.may.reassign]);
  if (!item) return error ? <Alert theme="error" message={error} /> : null;

  const act = async (route: `ledger/${string}`, body: Record<string, unknown>, message: string) => {
    setError('');
    setDone('');
    try {
      await api(route, { id: item.id, version: item.version, ...body });
      setText({ note: '', reason: '', ownerId: '', date: '' });
      setDone(message);
      await load();
      onChanged();
    } catch (e) {
      setError(problemOf(e));
    }
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 3 * 1024 * 1024) return setError('证明材料不能超过 3MB');
    await act('ledger/evidence', { contentBase64: await readBase64(file), name: file.name.replace(/\.[^.]*$/, '').slice(0, 80) || '证明材料', ...(text.note ? { note: text.note } : {}) }, '已上传证明材料');
    if (fileInput.current) fileInput.current.value = '';
  };
  const openFile = async (fileId: string) => {
    try {
      const { url } = await api<{ url: string }>('ledger/evidenceUrl', { id: item.id, fileId });
      window.open(url, '_blank', 'noopener');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const may = item.may;
  return (
    <div className="panel lg-detail">
      <div className="lg-detail-head">
        <h3>
          {item.number} · {item.title} <StatusTag status={item.status} label={item.statusLabel} />
          {item.overdue && <Tag theme="danger">已逾期</Tag>}
        </h3>
        <Button variant="text" onClick={onClose}>
          关闭
        </Button>
      </div>
      <div className="kv">
        <span className="k">类别</span>
        <span>{item.kindLabel}</span>
        <span className="k">来源</span>
        <span>
          {item.source.kindLabel}：
          {item.inspection ? `${item.inspection.title}${item.finding ? ` · 问题${item.finding.seq}（${item.finding.description}）` : ''}` : (item.source.label ?? item.sourceRef)}
        </span>
        <span className="k">问题描述</span>
        <span className="lp-text">{item.description}</span>
        <span className="k">责任人</span>
        <span>{item.ownerName}</span>
        <span className="k">整改期限</span>
        <span className={item.overdue ? 'due-overdue' : ''}>
          {dueDay(item.dueAt)}
          {item.dueProvisional ? '（暂定）' : ''}
          {'workingDays' in item.deadline ? ` · 自登记日起${item.deadline.workingDays}个工作日` : ''}
        </span>
        {item.breachedAt && (
          <>
            <span className="k">逾期</span>
            <span className="due-overdue">
              {shTime(item.breachedAt)} 记录逾期{item.escalatedTo ? `，已升级至${item.escalatedTo.name}` : ''}
            </span>
          </>
        )}
        <span className="k">登记</span>
        <span>
          {item.openedBy} · {shTime(item.openedAt)}
        </span>
        {item.verifiedBy && (
          <>
            <span className="k">验证人</span>
            <span>
              {item.verifiedBy} · {shTime(item.closedAt)}
            </span>
          </>
        )}
        <span className="k">关联案件</span>
        <span>{item.links.length ? item.links.map((l) => `${l.areaLabel} ${l.number}`).join('、') : '—'}</span>
      </div>

      <h4>证明材料（查看均记入审计）</h4>
      {item.evidence.length ? (
        <ul className="lg-evidence">
          {item.evidence.map((e) => (
            <li key={e.fileId}>
              <Button variant="text" theme="primary" onClick={() => openFile(e.fileId)}>
                {e.name || '证明材料'}
              </Button>
              <span className="muted">
                {e.uploadedBy} · {shTime(e.uploadedAt)}
                {e.note ? ` · ${e.note}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <div className="muted">尚未上传</div>
      )}

      {(may.start || may.progress || may.evidence || may.submit || may.verify || may.return) && (
        <div className="lg-actions">
          <Textarea placeholder="进度说明 / 验证意见 / 退回原因" value={text.note} onChange={(v) => setText((t) => ({ ...t, note: String(v) }))} />
          <div className="lg-buttons">
            {may.start && <Button variant="outline" onClick={() => act('ledger/start', text.note ? { note: text.note } : {}, '已开始整改')}>开始整改</Button>}
            {may.progress && <Button variant="outline" onClick={() => act('ledger/progress', { note: text.note }, '已记录进度')}>记录进度</Button>}
            {may.evidence && (
              <>
                <input ref={fileInput} type="file" accept="image/jpeg,image/png,image/webp,application/pdf" hidden onChange={(e) => upload(e.target.files?.[0])} />
                <Button variant="outline" onClick={() => fileInput.current?.click()}>
                  上传证明材料
                </Button>
              </>
            )}
            {may.submit && <Button theme="primary" onClick={() => act('ledger/submit', { note: text.note }, '已提交验证')}>提交验证</Button>}
            {may.verify && <Button theme="success" onClick={() => act('ledger/verify', { note: text.note }, '验证通过，已关闭')}>验证通过</Button>}
            {may.return && <Button theme="warning" onClick={() => act('ledger/return', { reason: text.note }, '已退回整改')}>验证退回</Button>}
          </div>
          <div className="muted">图片或 PDF，单个不超过 3MB；整改责任人不能验证自己的事项。</div>
        </div>
      )}
      {(may.reassign || may.changeDeadline) && (
        <div className="lg-actions">
          <Input placeholder="调整原因" value={text.reason} onChange={(v) => setText((t) => ({ ...t, reason: String(v) }))} />
          <div className="lg-buttons">
            {may.reassign && (
              <>
                <Select className="lg-owner" placeholder="新责任人" filterable value={text.ownerId} onChange={(v) => setText((t) => ({ ...t, ownerId: String(v) }))} options={owners.map((o) => ({ value: o.id, label: `${o.name}（${o.roleLabel}）` }))} />
                <Button variant="outline" onClick={() => act('ledger/reassign', { ownerId: text.ownerId, reason: text.reason }, '已更换责任人')}>更换责任人</Button>
              </>
            )}
            {may.changeDeadline && (
              <>
                <Input className="lg-date" placeholder="新期限 YYYY-MM-DD" value={text.date} onChange={(v) => setText((t) => ({ ...t, date: String(v) }))} />
                <Button variant="outline" onClick={() => act('ledger/changeDeadline', { deadline: { date: text.date }, reason: text.reason }, '已调整期限')}>调整期限</Button>
              </>
            )}
          </div>
        </div>
      )}
      {error && <Alert theme="error" message={error} className="lg-alert" />}
      {done && <Alert theme="success" message={done} className="lg-alert" />}

      <h4>处理记录</h4>
      <StackedTable
        rowKey="key"
        size="small"
        data={item.timeline.map((t, i) => ({ ...t, key: `${t.at}-${i}` }))}
        columns={[
          { colKey: 'at', title: '时间', width: 150, cell: ({ row }) => shTime(row.at) },
          { colKey: 'byName', title: '操作人', width: 110 },
          { colKey: 'text', title: '内容' },
        ]}
      />
    </div>
  );
};
