import { useEffect, useState } from 'react';
import { Alert, Button, Radio, Tag, Textarea } from 'tdesign-react';
import { StackedTable } from './StackedTable';
import type { StaffRequestView } from '../../core/privacy/views';
import { api, messageOf } from './api';
import { countdown } from './format';

type Status = 'received' | 'completed' | 'refused';
type Plan = { erase: { recordType: string; label: string }[]; freeze: { recordType: string; label: string; basis: string; period: string; confirmed: boolean }[] };

const STATUS_TABS: { value: Status; label: string }[] = [
  { value: 'received', label: '待处理' },
  { value: 'completed', label: '已办结' },
  { value: 'refused', label: '已拒绝' },
];

/** The answer-by date with its countdown, as the complaint queue shows it. */
const Due = ({ r }: { r: StaffRequestView }) => {
  if (r.status !== 'received') return <span>{r.dueText}</span>;
  const c = countdown(r.dueAt, Date.now());
  return (
    <span className={c.tone === 'overdue' ? 'due-overdue' : c.tone === 'soon' ? 'due-soon' : ''}>
      {r.dueText}
      {r.dueProvisional ? '（暂定）' : ''} · {c.text}
    </span>
  );
};

/**
 * 个人信息申请: members' correction and deletion requests (exports are self-service and listed as done),
 * each due 15 working days after receipt. Opening one is audited; so is every decision.
 */
export const PrivacyPanel = ({ canHandle }: { canHandle: boolean }) => {
  const [status, setStatus] = useState<Status>('received');
  const [rows, setRows] = useState<StaffRequestView[]>([]);
  const [open, setOpen] = useState<{ request: StaffRequestView; plan?: Plan }>();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = (s = status) =>
    api<{ items: StaffRequestView[] }>('privacy/queue', { status: s, limit: 50 })
      .then((p) => setRows(p.items))
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    load(status);
  }, [status]);

  const show = async (id: string) => {
    setError('');
    setDone('');
    setNote('');
    setReason('');
    try {
      setOpen(await api<{ request: StaffRequestView; plan?: Plan }>('privacy/detail', { id }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const act = async (route: 'privacy/complete' | 'privacy/recordCorrection' | 'privacy/refuse', body: Record<string, unknown>, message: string) => {
    if (!open) return;
    setError('');
    try {
      const out = await api<{ request: StaffRequestView }>(route, { id: open.request.id, version: open.request.version, ...body });
      setOpen({ request: out.request });
      setDone(message);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const r = open?.request;
  return (
    <>
      <div className="panel privacy-queue">
        <div className="filters">
          <h3 style={{ margin: 0 }}>个人信息申请（15个工作日内答复）</h3>
          <Radio.Group variant="default-filled" value={status} onChange={(v) => setStatus(v as Status)}>
            {STATUS_TABS.map((t) => (
              <Radio.Button key={t.value} value={t.value}>
                {t.label}
              </Radio.Button>
            ))}
          </Radio.Group>
        </div>
        {/* Rows rather than a table, so the queue reads at phone width too (as the member lookup does). */}
        {!rows.length && <p className="muted">暂无申请</p>}
        {rows.map((row) => (
          <div key={row.id} className="record-row privacy-row" onClick={() => show(row.id)}>
            <span className="record-number">{row.number}</span>
            <span>{row.kindLabel}</span>
            <span>{[row.member.name, row.member.phone].filter(Boolean).join(' ') || '访客'}</span>
            <span className="muted">收到 {row.receivedAtText}</span>
            <span className="record-summary">
              最迟答复 <Due r={row} />
            </span>
          </div>
        ))}
      </div>
      {error && <Alert theme="error" className="privacy-error" message={error} style={{ marginBottom: 16 }} />}
      {r && (
        <div className="panel privacy-detail">
          <h3>
            {r.number} · {r.kindLabel} <Tag theme={r.status === 'received' ? 'warning' : r.status === 'completed' ? 'success' : 'danger'}>{r.statusLabel}</Tag>
          </h3>
          <div className="kv">
            <span className="k">会员</span>
            <span>
              {[r.member.name, r.member.phone].filter(Boolean).join(' ') || '访客'}（{r.member.kind === 'bound' ? '已绑定' : '访客'}）
            </span>
            <span className="k">收到</span>
            <span>{r.receivedAtText}</span>
            <span className="k">最迟答复</span>
            <Due r={r} />
            {r.correction && (
              <>
                <span className="k">更正内容</span>
                <span>
                  {r.correction.fieldLabel}：{r.correction.detail}
                </span>
              </>
            )}
            {r.deletionReason && (
              <>
                <span className="k">会员说明</span>
                <span>{r.deletionReason}</span>
              </>
            )}
            {r.handledBy && (
              <>
                <span className="k">处理人</span>
                <span>{r.handledBy.name}</span>
              </>
            )}
            {r.resolutionNote && (
              <>
                <span className="k">处理说明</span>
                <span>{r.resolutionNote}</span>
              </>
            )}
            {r.refusalReason && (
              <>
                <span className="k">拒绝理由</span>
                <span>{r.refusalReason}</span>
              </>
            )}
          </div>
          {open?.plan && (
            <div className="privacy-plan">
              <p className="muted">办结后将删除：{open.plan.erase.map((e) => e.label).join('、')}；并解除全部保单绑定、撤回全部授权。以下记录依法封存，会员将看到依据：</p>
              <StackedTable
                rowKey="recordType"
                size="small"
                data={open.plan.freeze}
                columns={[
                  { colKey: 'label', title: '记录' },
                  { colKey: 'basis', title: '依据' },
                  { colKey: 'period', title: '保存期限', cell: ({ row }) => <>{row.period} {!row.confirmed && <Tag size="small" theme="warning">待合规确认</Tag>}</> },
                ]}
              />
            </div>
          )}
          {r.deletion && (
            <p className="muted">
              已删除：{r.deletion.erased.map((e) => `${e.label} ${e.count} 条`).join('；')}。已封存：{r.deletion.frozen.map((f) => f.label).join('、')}。
            </p>
          )}
          {canHandle && r.status === 'received' && (
            <div className="privacy-actions">
              {r.kind === 'correction' && (
                <>
                  <Textarea value={note} onChange={(v) => setNote(String(v))} placeholder="已更正的内容和位置（会员可见），至少5个字" className="privacy-note" />
                  <div className="actions">
                    <Button theme="primary" className="privacy-record-correction" onClick={() => act('privacy/recordCorrection', { note }, '已记录更正，申请办结')}>
                      记录更正并办结
                    </Button>
                  </div>
                </>
              )}
              {r.kind === 'deletion' && (
                <div className="actions">
                  <Button theme="primary" className="privacy-complete" onClick={() => act('privacy/complete', {}, '已删除可删除的信息，其余记录已封存')}>
                    执行删除并办结
                  </Button>
                </div>
              )}
              <Textarea value={reason} onChange={(v) => setReason(String(v))} placeholder="不予办理的理由（会员可见，至少5个字）" className="privacy-reason" style={{ marginTop: 12 }} />
              <div className="actions">
                <Button theme="danger" variant="outline" className="privacy-refuse" onClick={() => act('privacy/refuse', { reason }, '已答复不予办理')}>
                  不予办理
                </Button>
              </div>
            </div>
          )}
          {done && <Alert theme="success" className="privacy-done" message={done} style={{ marginTop: 12 }} />}
        </div>
      )}
    </>
  );
};
