import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, Input, InputNumber, Select, Tag, Textarea } from 'tdesign-react';
import type { IncidentSummary, QuarterComparison } from '../../core/incidents/counts';
import type { IncidentEvent, IncidentEvidence, IncidentNote } from '../../core/incidents/model';
import { api, messageOf } from './api';
import { StackedTable } from './StackedTable';

type Option = { value: string; label: string; manual?: boolean };
type Options = { kinds: Option[]; statuses: Option[]; severities: Option[]; norms: Record<string, number> };
type Detail = IncidentSummary & {
  description: string;
  detection?: { rule: string; subject: string; windowFrom: string; windowTo: string; count: number; threshold: number };
  evidence: (IncidentEvidence & { actionLabel?: string; actorName?: string })[];
  recordedBy?: { name: string };
  notes: IncidentNote[];
  timeline: IncidentEvent[];
  conclusion?: string;
  closedAt?: string;
  closedBy?: { name: string };
};

const shanghai = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const monthsBack = (m: string, n: number) => {
  const [y, mm] = m.split('-').map(Number);
  const d = new Date(Date.UTC(y, mm - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};
const newKey = () => `incident-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const SEVERITY_THEME: Record<string, 'default' | 'warning' | 'danger' | 'primary'> = { low: 'default', medium: 'primary', high: 'warning', critical: 'danger' };
const STATUS_THEME: Record<string, 'warning' | 'primary' | 'success'> = { open: 'warning', handling: 'primary', closed: 'success' };
const percent = (v: number | 'n/a') => (v === 'n/a' ? '无同期数据' : `${v > 0 ? '+' : ''}${Math.round(v * 1000) / 10}%`);

/** The quarter against the same quarter a year earlier (seed 000: down 20%). */
const QuarterLine = ({ q }: { q?: QuarterComparison }) =>
  q ? (
    <p className="incidents-quarter">
      {q.quarter} 共 {q.count} 起 · 去年同期（{q.baselineQuarter}）{q.baselineCount} 起 · 变化 {percent(q.change)} · 目标 {percent(q.target)}
      {q.met !== 'n/a' && <Tag theme={q.met ? 'success' : 'danger'}>{q.met ? '达标' : '未达标'}</Tag>}
    </p>
  ) : null;

/**
 * 安全事件: incidents the detector derived from the audit log (the entries behind each shown masked)
 * and incidents recorded by hand; handling notes and closure with a conclusion. Compliance and head
 * office handle; managers read.
 */
export const IncidentsPanel = ({ canHandle }: { canHandle: boolean }) => {
  const [options, setOptions] = useState<Options>();
  const [from, setFrom] = useState(monthsBack(thisMonth(), 2));
  const [to, setTo] = useState(thisMonth());
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<IncidentSummary[]>([]);
  const [next, setNext] = useState<string>();
  const [quarter, setQuarter] = useState<QuarterComparison>();
  const [open, setOpen] = useState<Detail>();
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [note, setNote] = useState('');
  const [conclusion, setConclusion] = useState('');
  const [recording, setRecording] = useState(false);
  const [form, setForm] = useState({ kind: 'dataLeak', occurredAt: '', description: '', affectedMembers: 0, severity: 'medium', idempotencyKey: newKey() });

  const load = async (cursor?: string) => {
    setError('');
    try {
      const page = await api<{ items: IncidentSummary[]; nextCursor?: string }>('incidents/list', { from, to, ...(kind ? { kind } : {}), ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
      setRows(cursor ? [...rows, ...page.items] : page.items);
      setNext(page.nextCursor);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    api<Options>('incidents/options').then(setOptions).catch((e) => setError(messageOf(e)));
    api<QuarterComparison>('incidents/quarter').then(setQuarter).catch(() => undefined);
  }, []);
  useEffect(() => {
    load();
  }, [from, to, kind, status]);

  const show = async (id: string) => {
    setError('');
    setDone('');
    setNote('');
    setConclusion('');
    try {
      setOpen(await api<Detail>('incidents/detail', { id }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const act = async (route: 'incidents/note' | 'incidents/close', body: Record<string, unknown>, message: string) => {
    if (!open) return;
    setError('');
    try {
      setOpen(await api<Detail>(route, { id: open.id, version: open.version, ...body }));
      setDone(message);
      setNote('');
      setConclusion('');
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const record = async () => {
    setError('');
    try {
      const made = await api<IncidentSummary>('incidents/record', form);
      setRecording(false);
      setForm({ ...form, description: '', affectedMembers: 0, occurredAt: '', idempotencyKey: newKey() });
      setDone('已登记安全事件');
      await load();
      await show(made.id);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const all = { value: '', label: '全部' };
  return (
    <>
      <div className="panel incidents-list">
        <div className="filters incidents-filters">
          <label>
            从 <input type="month" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} aria-label="开始月份" />
          </label>
          <label>
            至 <input type="month" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} aria-label="结束月份" />
          </label>
          <Select className="incidents-select" label="类型：" value={kind} onChange={(v) => setKind(String(v ?? ''))} options={[all, ...(options?.kinds ?? [])]} placeholder="事件类型" />
          <Select className="incidents-select" label="状态：" value={status} onChange={(v) => setStatus(String(v ?? ''))} options={[all, ...(options?.statuses ?? [])]} placeholder="状态" />
          {canHandle && (
            <Button theme="primary" onClick={() => setRecording(true)}>
              登记事件
            </Button>
          )}
        </div>
        <QuarterLine q={quarter} />
        <StackedTable<IncidentSummary>
          rowKey="id"
          data={rows}
          empty="该期间没有安全事件"
          onRowClick={({ row }) => show(row.id)}
          columns={[
            { colKey: 'occurredAt', title: '发生时间', width: 150, cell: ({ row }) => shanghai(row.occurredAt) },
            { colKey: 'kindLabel', title: '类型', width: 140 },
            { colKey: 'title', title: '摘要', ellipsis: true },
            { colKey: 'severity', title: '严重程度', width: 90, cell: ({ row }) => <Tag theme={SEVERITY_THEME[row.severity]}>{row.severityLabel}</Tag> },
            { colKey: 'status', title: '状态', width: 90, cell: ({ row }) => <Tag theme={STATUS_THEME[row.status]} variant="light">{row.statusLabel}</Tag> },
            { colKey: 'source', title: '来源', width: 90, cell: ({ row }) => (row.source === 'derived' ? '系统识别' : '人工登记') },
          ]}
        />
        {next && (
          <Button variant="text" onClick={() => load(next)}>
            加载更多
          </Button>
        )}
      </div>
      {error && <Alert theme="error" className="incidents-error" message={error} style={{ marginBottom: 16 }} />}
      {done && <Alert theme="success" message={done} style={{ marginBottom: 16 }} />}
      {open && (
        <div className="panel incidents-detail">
          <h3>
            {open.kindLabel} <Tag theme={SEVERITY_THEME[open.severity]}>{open.severityLabel}</Tag> <Tag theme={STATUS_THEME[open.status]} variant="light">{open.statusLabel}</Tag>
          </h3>
          <div className="kv">
            <span className="k">发生时间</span>
            <span>{shanghai(open.occurredAt)}</span>
            <span className="k">来源</span>
            <span>{open.source === 'derived' ? '系统根据审计日志识别' : `人工登记（${open.recordedBy?.name ?? ''}）`}</span>
            <span className="k">描述</span>
            <span className="incidents-text">{open.description}</span>
            {open.affectedMembers !== undefined && (
              <>
                <span className="k">涉及会员</span>
                <span>{open.affectedMembers} 人</span>
              </>
            )}
            {open.detection && (
              <>
                <span className="k">识别依据</span>
                <span>
                  {open.detection.subject} · {shanghai(open.detection.windowFrom)} 至 {shanghai(open.detection.windowTo)} · {open.detection.count} 次（阈值 {open.detection.threshold}）
                </span>
              </>
            )}
            {open.conclusion && (
              <>
                <span className="k">处理结论</span>
                <span className="incidents-text">
                  {open.conclusion}（{open.closedBy?.name}，{open.closedAt && shanghai(open.closedAt)}）
                </span>
              </>
            )}
          </div>
          {open.evidence.length > 0 && (
            <>
              <h4>审计证据（已遮盖）</h4>
              <StackedTable<Detail['evidence'][number]>
                rowKey="id"
                data={open.evidence}
                columns={[
                  { colKey: 'at', title: '时间', width: 150, cell: ({ row }) => shanghai(row.at) },
                  { colKey: 'action', title: '操作', width: 160, cell: ({ row }) => row.actionLabel ?? row.action },
                  { colKey: 'actorId', title: '操作人', width: 120, cell: ({ row }) => row.actorName ?? row.actorId },
                  { colKey: 'subjectId', title: '对象', ellipsis: true, cell: ({ row }) => `${row.subjectType}:${row.subjectId}` },
                  { colKey: 'source', title: '来源地址', width: 110, cell: ({ row }) => row.source ?? '—' },
                ]}
              />
            </>
          )}
          <h4>处理经过</h4>
          <ul className="incidents-timeline">
            {open.timeline.map((e, i) => (
              <li key={`t${i}`}>
                {shanghai(e.at)} · {e.label}
                {e.by ? `（${e.by.name}）` : ''}
              </li>
            ))}
            {open.notes.map((n, i) => (
              <li key={`n${i}`} className="incidents-note">
                {shanghai(n.at)} · {n.by.name}：{n.text}
              </li>
            ))}
          </ul>
          {canHandle && open.status !== 'closed' && (
            <div className="incidents-actions">
              <Textarea value={note} onChange={(v) => setNote(String(v))} placeholder="处理记录（如：已通知相关会员、已重置账号口令）" autosize={{ minRows: 2 }} />
              <Button disabled={!note.trim()} onClick={() => act('incidents/note', { text: note }, '已添加处理记录')}>
                添加处理记录
              </Button>
              <Textarea value={conclusion} onChange={(v) => setConclusion(String(v))} placeholder="处理结论（关闭事件时必填，至少10个字）" autosize={{ minRows: 2 }} />
              <Button theme="primary" disabled={!conclusion.trim()} onClick={() => act('incidents/close', { conclusion }, '事件已关闭')}>
                关闭事件
              </Button>
            </div>
          )}
        </div>
      )}
      <Dialog header="登记安全事件" visible={recording} onClose={() => setRecording(false)} onConfirm={record} confirmBtn="登记" width="min(560px, 94vw)">
        <div className="incidents-form">
          <label>事件类型</label>
          <Select value={form.kind} onChange={(v) => setForm({ ...form, kind: String(v) })} options={(options?.kinds ?? []).filter((k) => k.manual)} />
          <label>发生时间</label>
          <Input type="text" value={form.occurredAt} onChange={(v) => setForm({ ...form, occurredAt: String(v) })} placeholder="YYYY-MM-DDTHH:mm，如 2026-11-01T09:30" />
          <label>严重程度</label>
          <Select value={form.severity} onChange={(v) => setForm({ ...form, severity: String(v) })} options={options?.severities ?? []} />
          <label>涉及会员数</label>
          <InputNumber value={form.affectedMembers} min={0} onChange={(v) => setForm({ ...form, affectedMembers: Number(v) || 0 })} />
          <label>事件描述</label>
          <Textarea value={form.description} onChange={(v) => setForm({ ...form, description: String(v) })} placeholder="经过、影响范围、已采取的措施（至少10个字）" autosize={{ minRows: 3 }} />
        </div>
      </Dialog>
    </>
  );
};
