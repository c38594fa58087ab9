import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Input, Radio, Select, Tag, Textarea } from 'tdesign-react';
import { FINDING_SEVERITIES, INSPECTION_KINDS, LEDGER_STATUSES } from '../../core/ledger/model';
import type { toFindingView, toInspectionView, toItemRow, toOwnerOption } from '../../core/ledger/views';
import { StackedTable } from './StackedTable';
import { api, messageOf } from './api';
import { LedgerItemDetail, StatusTag, dueDay, shTime } from './LedgerItemDetail';
import { LedgerOpenDialog, problemOf, type LedgerOpenPreset } from './LedgerOpenDialog';

type Row = ReturnType<typeof toItemRow>;
type InspectionView = ReturnType<typeof toInspectionView>;
type FindingView = ReturnType<typeof toFindingView> & { items: Row[] };
type Owner = ReturnType<typeof toOwnerOption>;

const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

const ItemTable = ({ rows, onOpen, empty }: { rows: Row[]; onOpen: (id: string) => void; empty: string }) => (
  <StackedTable
    rowKey="id"
    size="small"
    data={rows}
    empty={empty}
    onRowClick={({ row }) => onOpen(row.id)}
    rowClassName={({ row }) => (row.overdue ? 'lp-overdue' : '')}
    columns={[
      { colKey: 'number', title: '编号', width: 150 },
      { colKey: 'title', title: '整改事项' },
      { colKey: 'kindLabel', title: '类别', width: 90 },
      { colKey: 'statusLabel', title: '状态', width: 90, cell: ({ row }) => <StatusTag status={row.status} label={row.statusLabel} /> },
      { colKey: 'ownerName', title: '责任人', width: 100 },
      {
        colKey: 'dueAt',
        title: '期限',
        width: 150,
        cell: ({ row }) => (
          <span className={row.overdue ? 'due-overdue' : ''}>
            {dueDay(row.dueAt)}
            {row.dueProvisional ? '（暂定）' : ''}
            {row.overdue ? ' 已逾期' : ''}
          </span>
        ),
      },
      { colKey: 'escalatedTo', title: '升级', width: 110, cell: ({ row }) => (row.escalatedTo ? `已升级：${row.escalatedTo.name}` : '—') },
      { colKey: 'source', title: '来源', width: 100, cell: ({ row }) => row.source.kindLabel },
    ]}
  />
);

/** 整改事项 list: filters by status, category, owner and overdue; readers see all, owners their own. */
const ItemsTab = ({ canManage, reload, onOpen }: { canManage: boolean; reload: number; onOpen: (id: string) => void }) => {
  const [f, setF] = useState({ status: '', kind: '', ownerId: '', overdue: false, mine: false });
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<string>();
  // Unknown until the first page answers: an owner without ledger.read never asks for what it may not see.
  const [readAll, setReadAll] = useState<boolean>();
  const [owners, setOwners] = useState<Owner[]>([]);
  const [error, setError] = useState('');
  const [opening, setOpening] = useState(false);
  const query = (cursor?: string) =>
    api<{ items: Row[]; nextCursor?: string; canReadAll: boolean }>('ledger/items', {
      ...(f.status ? { status: f.status } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.ownerId ? { ownerId: f.ownerId } : {}),
      ...(f.overdue ? { overdue: true } : {}),
      ...(f.mine ? { mine: true } : {}),
      limit: 30,
      ...(cursor ? { cursor } : {}),
    });
  useEffect(() => {
    setError('');
    query()
      .then((p) => (setRows(p.items), setNext(p.nextCursor), setReadAll(p.canReadAll)))
      .catch((e) => setError(messageOf(e)));
  }, [f, reload]);
  useEffect(() => {
    if (readAll) api<{ items: Owner[] }>('ledger/owners').then((o) => setOwners(o.items)).catch(() => undefined);
  }, [readAll]);
  const more = () => next && query(next).then((p) => (setRows((r) => [...r, ...p.items]), setNext(p.nextCursor))).catch((e) => setError(messageOf(e)));
  const set = (k: keyof typeof f) => (v: unknown) => setF((x) => ({ ...x, [k]: v as never }));
  const manual: LedgerOpenPreset = { source: { kind: 'manual', ref: `manual:${new Date().toISOString().slice(0, 10)}` } };
  return (
    <>
      <div className="filters lg-filters">
        <Select className="lg-filter" placeholder="全部状态" clearable options={options(LEDGER_STATUSES)} value={f.status} onChange={set('status')} />
        <Select className="lg-filter" placeholder="全部类别" clearable options={options(INSPECTION_KINDS)} value={f.kind} onChange={set('kind')} />
        {readAll && owners.length > 0 && (
          <Select className="lg-filter" placeholder="全部责任人" clearable filterable options={owners.map((o) => ({ value: o.id, label: o.name }))} value={f.ownerId} onChange={set('ownerId')} />
        )}
        <Checkbox checked={f.overdue} onChange={set('overdue')}>
          仅看逾期
        </Checkbox>
        {readAll && (
          <Checkbox checked={f.mine} onChange={set('mine')}>
            我负责的
          </Checkbox>
        )}
        {canManage && (
          <Button theme="primary" onClick={() => setOpening(true)}>
            登记整改事项
          </Button>
        )}
      </div>
      {readAll === false && <div className="muted lg-hint">这里列出由您负责整改的事项。</div>}
      {error && <Alert theme="error" message={error} />}
      <ItemTable rows={rows} onOpen={onOpen} empty="暂无整改事项" />
      {next && (
        <Button variant="text" onClick={more}>
          加载更多
        </Button>
      )}
      <LedgerOpenDialog visible={opening} preset={manual} onClose={() => setOpening(false)} onOpened={(i) => (setOpening(false), onOpen(i.id), setF((x) => ({ ...x })))} />
    </>
  );
};

/** 专项检查: the list, a new inspection, and one inspection's findings with the items opened from each. */
const InspectionsTab = ({ canManage, reload, onOpen }: { canManage: boolean; reload: number; onOpen: (id: string) => void }) => {
  const [rows, setRows] = useState<InspectionView[]>([]);
  const [current, setCurrent] = useState<{ inspection: InspectionView; findings: FindingView[] }>();
  const [form, setForm] = useState({ kind: 'complaints', title: '', period: '', scope: '', inspector: '' });
  const [formKey, setFormKey] = useState(newKey);
  const [finding, setFinding] = useState({ description: '', severity: 'medium' });
  const [findingKey, setFindingKey] = useState(newKey);
  const [creating, setCreating] = useState(false);
  const [preset, setPreset] = useState<LedgerOpenPreset>();
  const [error, setError] = useState('');
  const list = () => api<{ items: InspectionView[] }>('ledger/inspections', { limit: 50 }).then((p) => setRows(p.items)).catch((e) => setError(messageOf(e)));
  const show = (id: string) => api<{ inspection: InspectionView; findings: FindingView[] }>('ledger/inspection', { id }).then(setCurrent).catch((e) => setError(messageOf(e)));
  useEffect(() => {
    list();
    if (current) show(current.inspection.id);
  }, [reload]);
  const create = async () => {
    setError('');
    try {
      const out = await api<{ inspection: InspectionView }>('ledger/createInspection', { idempotencyKey: formKey, ...form });
      setFormKey(newKey());
      setForm({ kind: 'complaints', title: '', period: '', scope: '', inspector: '' });
      setCreating(false);
      await list();
      await show(out.inspection.id);
    } catch (e) {
      setError(problemOf(e));
    }
  };
  const addFinding = async () => {
    if (!current) return;
    setError('');
    try {
      await api('ledger/createFinding', { idempotencyKey: findingKey, inspectionId: current.inspection.id, ...finding });
      setFindingKey(newKey());
      setFinding({ description: '', severity: 'medium' });
      await show(current.inspection.id);
      await list();
    } catch (e) {
      setError(problemOf(e));
    }
  };
  const setF = (k: keyof typeof form) => (v: unknown) => setForm((x) => ({ ...x, [k]: String(v) }));
  return (
    <>
      <div className="filters">
        {canManage && (
          <Button theme="primary" variant={creating ? 'outline' : 'base'} onClick={() => setCreating((c) => !c)}>
            {creating ? '收起' : '新建专项检查'}
          </Button>
        )}
      </div>
      {creating && (
        <div className="lg-form lg-inline-form">
          <Select options={options(INSPECTION_KINDS)} value={form.kind} onChange={setF('kind')} />
          <Input placeholder="检查名称" value={form.title} onChange={setF('title')} />
          <Input placeholder="检查期间，如 2026年第三季度" value={form.period} onChange={setF('period')} />
          <Input placeholder="检查人" value={form.inspector} onChange={setF('inspector')} />
          <Textarea placeholder="检查范围" value={form.scope} onChange={setF('scope')} />
          <Button theme="primary" onClick={create}>
            保存
          </Button>
        </div>
      )}
      {error && <Alert theme="error" message={error} />}
      <StackedTable
        rowKey="id"
        size="small"
        data={rows}
        empty="暂无专项检查"
        onRowClick={({ row }) => show(row.id)}
        columns={[
          { colKey: 'title', title: '专项检查' },
          { colKey: 'kindLabel', title: '类别', width: 90 },
          { colKey: 'period', title: '期间', width: 140 },
          { colKey: 'inspector', title: '检查人', width: 100 },
          { colKey: 'findingCount', title: '发现问题', width: 90 },
          { colKey: 'createdAt', title: '登记时间', width: 150, cell: ({ row }) => shTime(row.createdAt) },
        ]}
      />
      {current && (
        <div className="lg-inspection">
          <h4>
            {current.inspection.title} <Tag>{current.inspection.kindLabel}</Tag>
          </h4>
          <div className="kv">
            <span className="k">期间</span>
            <span>{current.inspection.period}</span>
            <span className="k">范围</span>
            <span className="lp-text">{current.inspection.scope}</span>
            <span className="k">检查人</span>
            <span>{current.inspection.inspector}</span>
          </div>
          {current.findings.map((f) => (
            <div key={f.id} className="lg-finding">
              <div className="lg-finding-head">
                <strong>问题{f.seq}</strong> <Tag theme={f.severity === 'high' ? 'danger' : f.severity === 'medium' ? 'warning' : 'default'}>{f.severityLabel}</Tag>
                <span className="lp-text">{f.description}</span>
                {canManage && (
                  <Button
                    size="small"
                    variant="outline"
                    onClick={() => setPreset({ source: { kind: 'finding', ref: f.id, label: `${current.inspection.title} 问题${f.seq}` }, title: f.description.slice(0, 80), description: f.description })}
                  >
                    登记整改事项
                  </Button>
                )}
              </div>
              {f.items.length > 0 && <ItemTable rows={f.items} onOpen={onOpen} empty="" />}
            </div>
          ))}
          {!current.findings.length && <div className="muted">尚未登记发现的问题</div>}
          {canManage && (
            <div className="lg-form lg-inline-form">
              <Textarea placeholder="发现的问题" value={finding.description} onChange={(v) => setFinding((x) => ({ ...x, description: String(v) }))} />
              <Select options={options(FINDING_SEVERITIES)} value={finding.severity} onChange={(v) => setFinding((x) => ({ ...x, severity: String(v) }))} />
              <Button onClick={addFinding}>添加问题</Button>
            </div>
          )}
        </div>
      )}
      {preset && <LedgerOpenDialog visible preset={preset} onClose={() => setPreset(undefined)} onOpened={(i) => (setPreset(undefined), show(current!.inspection.id), onOpen(i.id))} />}
    </>
  );
};

/**
 * 整改台账 (seed 000): special inspections and their findings, and the items to fix from every source,
 * followed to closure: owner, working-day deadline, evidence, verification by someone else. Overdue
 * items are escalated by the deadline timer and show it here.
 */
/** `item`: an item to open at once (an alert in the feed jumps here). */
export const LedgerPanel = ({ permissions, item }: { permissions: string[]; item?: string }) => {
  const can = (p: string) => permissions.includes(p);
  const [tab, setTab] = useState<'items' | 'inspections'>('items');
  const [open, setOpen] = useState<string | undefined>(item);
  useEffect(() => {
    if (item) setOpen(item);
  }, [item]);
  const [reload, setReload] = useState(0);
  return (
    <>
      <div className="panel lg-panel">
        <div className="filters">
          <h3 style={{ margin: 0 }}>整改台账</h3>
          {can('ledger.read') && (
            <Radio.Group variant="default-filled" value={tab} onChange={(v) => setTab(v as 'items')}>
              <Radio.Button value="items">整改事项</Radio.Button>
              <Radio.Button value="inspections">专项检查</Radio.Button>
            </Radio.Group>
          )}
        </div>
        {tab === 'items' ? <ItemsTab canManage={can('ledger.manage')} reload={reload} onOpen={setOpen} /> : <InspectionsTab canManage={can('ledger.manage')} reload={reload} onOpen={setOpen} />}
      </div>
      {open && <LedgerItemDetail id={open} onChanged={() => setReload((n) => n + 1)} onClose={() => setOpen(undefined)} />}
    </>
  );
};
