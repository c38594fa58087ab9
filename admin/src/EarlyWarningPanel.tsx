import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, Input, MessagePlugin, Select, Tag } from 'tdesign-react';
import type { EarlyWarningAlert, WeekRun } from '../../core/earlyWarning/model';
import { ALERT_KIND_LABELS, ALERT_STATUSES, DIM_LABELS } from '../../core/earlyWarning/model';
import { plainSummaryOf } from '../../core/earlyWarning/plainWords';
import { CHANNELS, COMPLAINT_CATEGORIES } from '../../core/complaints/model';
import { api, messageOf } from './api';
import { EarlyWarningChart } from './EarlyWarningChart';
import { ReasonDialog } from './ReasonDialog';
import { StackedTable } from './StackedTable';

const STATUS_THEME: Record<EarlyWarningAlert['status'], 'danger' | 'warning' | 'success' | 'default'> = { new: 'danger', viewed: 'warning', toLedger: 'success', dismissed: 'default' };
const fmtP = (p?: number) => (p === undefined ? '—' : p < 1e-4 ? p.toExponential(2) : p.toFixed(4));
const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const label = (map: Record<string, string>, v: string) => map[v] ?? v;
const newKey = () => `ew-ledger-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const StatusTag = ({ status }: { status: EarlyWarningAlert['status'] }) => (
  <Tag theme={STATUS_THEME[status]} variant="light" size="small">
    {ALERT_STATUSES[status]}
  </Tag>
);

/** The figure the alert is about, as one line: the test's p-value against its threshold, or the rule. */
const measure = (a: EarlyWarningAlert) =>
  a.test.pValue !== undefined ? `p = ${fmtP(a.test.pValue)} ≤ ${fmtP(a.test.threshold)}` : `${a.test.method === 'distinctMembersRule' ? `${a.test.distinctMembers} 人` : `${a.test.count} 件`} ≥ ${a.test.threshold}`;

const ToLedgerDialog = ({ alert, visible, onClose, onDone }: { alert: EarlyWarningAlert; visible: boolean; onClose: () => void; onDone: (a: EarlyWarningAlert) => void }) => {
  const [owners, setOwners] = useState<{ id: string; name: string; roleLabel: string }[]>([]);
  const [ownerId, setOwnerId] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  const [key, setKey] = useState(newKey);
  useEffect(() => {
    if (!visible) return;
    setError('');
    setKey(newKey());
    setTitle(`${ALERT_KIND_LABELS[alert.kind]}：${DIM_LABELS[alert.dim]} ${alert.label}（${alert.week}）`.slice(0, 80));
    api<{ items: { id: string; name: string; roleLabel: string }[] }>('ledger/owners')
      .then((r) => setOwners(r.items))
      .catch((e) => setError(messageOf(e)));
  }, [visible, alert]);
  const submit = async () => {
    if (!ownerId) return setError('请选择整改责任人');
    try {
      const r = await api<{ alert: EarlyWarningAlert; ledgerItem: { number: string } }>('earlyWarning/toLedger', { id: alert.id, version: alert.version, idempotencyKey: key, ownerId, title });
      MessagePlugin.success(`已转入整改台账 ${r.ledgerItem.number}`);
      onDone(r.alert);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Dialog header="转入整改台账" visible={visible} onClose={onClose} onConfirm={submit} confirmBtn="转入整改台账" width="min(520px, 94vw)" className="ew-dialog">
      <div className="ew-form">
        <label>
          标题
          <Input value={title} onChange={(v) => setTitle(String(v))} maxlength={80} />
        </label>
        <label>
          责任人
          <Select value={ownerId} onChange={(v) => setOwnerId(String(v))} options={owners.map((o) => ({ value: o.id, label: `${o.name}（${o.roleLabel}）` }))} placeholder="选择责任人" filterable />
        </label>
        <p className="muted">整改事项将关联本预警及其 {alert.evidence.complaints.length} 件投诉（仅编号）。</p>
        {error && <p className="error-text">{error}</p>}
      </div>
    </Dialog>
  );
};

const AlertDetail = ({ alert, canHandle, canOpenLedger, onChanged, onClose }: { alert: EarlyWarningAlert; canHandle: boolean; canOpenLedger: boolean; onChanged: (a: EarlyWarningAlert) => void; onClose: () => void }) => {
  const [dismissing, setDismissing] = useState(false);
  const [toLedger, setToLedger] = useState(false);
  const open = alert.status === 'new' || alert.status === 'viewed';
  const t = alert.test;
  return (
    <section className="ew-detail" aria-label="预警详情">
      <div className="ew-detail-head">
        <h3>
          {ALERT_KIND_LABELS[alert.kind]} · {DIM_LABELS[alert.dim]} {alert.label}
        </h3>
        <Button variant="text" onClick={onClose}>
          关闭
        </Button>
      </div>
      <p>
        <StatusTag status={alert.status} /> <span className="muted">{alert.week}</span>
        {alert.dismissReason && <span className="muted"> · 排除原因：{alert.dismissReason}</span>}
      </p>
      <p className="ew-plain">{plainSummaryOf(alert)}</p>
      <EarlyWarningChart series={alert.series} baseline={t.baselineMean} />
      {/* The test behind the alert, kept for compliance; managers read the sentence above. */}
      <details className="ew-evidence">
        <summary>统计依据（合规留档）</summary>
        <p className="ew-statement">{t.statement}</p>
        <dl className="ew-facts">
          <dt>本周数量</dt>
          <dd>{t.count}</dd>
          {t.baselineMean !== undefined && (
            <>
              <dt>基线（周均）</dt>
              <dd>
                {t.baselineMean.toFixed(2)}（{t.historyWeeks} 周共 {t.historyTotal} 件）
              </dd>
            </>
          )}
          {t.dispersion !== undefined && (
            <>
              <dt>离散度 φ</dt>
              <dd>{t.dispersion.toFixed(2)}</dd>
            </>
          )}
          <dt>{t.pValue !== undefined ? 'p 值 / 阈值' : '规则'}</dt>
          <dd>{measure(alert)}</dd>
        </dl>
      </details>
      <h4>相关投诉（{alert.evidence.total} 件{alert.evidence.truncated ? `，列出前 ${alert.evidence.complaints.length} 件` : ''}）</h4>
      <StackedTable
        rowKey="id"
        size="small"
        data={alert.evidence.complaints}
        columns={[
          { colKey: 'number', title: '编号' },
          { colKey: 'receivedAt', title: '收到时间', cell: ({ row }) => shanghai(row.receivedAt) },
          { colKey: 'category', title: '类别', cell: ({ row }) => label(COMPLAINT_CATEGORIES, row.category) },
          { colKey: 'channel', title: '渠道', cell: ({ row }) => label(CHANNELS, row.channel) },
          { colKey: 'memberMasked', title: '投诉人' },
          { colKey: 'policyNoMasked', title: '保单', cell: ({ row }) => row.policyNoMasked ?? '—' },
        ]}
      />
      {canHandle && open && (
        <div className="ew-buttons">
          {/* Opening a ledger item needs ledger.manage as well (core/ledger/openItem.ts). */}
          {canOpenLedger && (
            <Button theme="primary" onClick={() => setToLedger(true)}>
              转入整改台账
            </Button>
          )}
          <Button variant="outline" onClick={() => setDismissing(true)}>
            排除
          </Button>
        </div>
      )}
      <ReasonDialog
        header="排除预警"
        visible={dismissing}
        hint="说明为何不需整改（如：已知原因、数据问题），将记入审计日志。"
        confirm="排除"
        onClose={() => setDismissing(false)}
        onConfirm={async (reason) => {
          const next = await api<EarlyWarningAlert>('earlyWarning/dismiss', { id: alert.id, version: alert.version, reason });
          setDismissing(false);
          onChanged(next);
        }}
      />
      <ToLedgerDialog alert={alert} visible={toLedger} onClose={() => setToLedger(false)} onDone={(a) => (setToLedger(false), onChanged(a))} />
    </section>
  );
};

/** 风险预警: each week's alerts (rises, repeat complainants, clusters), with their test and evidence. */
/** `alert`: an alert to open on arrival (the staff alert feed's 查看), in its own week. */
export const EarlyWarningPanel = ({ canHandle, canOpenLedger, alert }: { canHandle: boolean; canOpenLedger: boolean; alert?: string }) => {
  const opening = useRef(alert);
  const [runs, setRuns] = useState<WeekRun[]>([]);
  const [week, setWeek] = useState('');
  const [alerts, setAlerts] = useState<EarlyWarningAlert[]>([]);
  const [run, setRun] = useState<WeekRun | null>(null);
  const [selected, setSelected] = useState<EarlyWarningAlert | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ items: WeekRun[] }>('earlyWarning/weeks')
      .then(async (r) => {
        setRuns(r.items);
        let first = r.items[0]?.week ?? '';
        // Opened from an alert: its own week, which need not be the newest.
        if (opening.current) first = (await api<EarlyWarningAlert>('earlyWarning/detail', { id: opening.current }).catch(() => undefined))?.week ?? first;
        if (first) setWeek(first);
      })
      .catch((e) => setError(messageOf(e)));
  }, []);
  useEffect(() => {
    if (!week) return;
    setSelected(null);
    api<{ items: EarlyWarningAlert[]; run: WeekRun | null }>('earlyWarning/list', { week })
      .then((r) => {
        setAlerts(r.items);
        setRun(r.run);
        const id = opening.current;
        opening.current = undefined;
        if (id && r.items.some((a) => a.id === id)) void openAlert(id);
      })
      .catch((e) => setError(messageOf(e)));
  }, [week]);
  const openAlert = async (id: string) => {
    try {
      const a = await api<EarlyWarningAlert>('earlyWarning/detail', { id });
      setSelected(a);
      setAlerts((list) => list.map((x) => (x.id === a.id ? a : x)));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const changed = (a: EarlyWarningAlert) => {
    setSelected(a);
    setAlerts((list) => list.map((x) => (x.id === a.id ? a : x)));
  };
  return (
    <div className="ew-panel">
      <div className="ew-toolbar">
        <Select
          className="ew-week"
          value={week}
          onChange={(v) => setWeek(String(v))}
          options={runs.map((r) => ({ value: r.week, label: `${r.week}（${r.alerts} 条预警）` }))}
          placeholder="选择周次"
        />
        {run && (
          <span className="muted ew-summary">
            {`本周把${
              run.families
                .filter((f) => f.tested > 0)
                .map((f) => ` ${f.tested} 个${f.family === 'rise' ? '投诉类别、产品或渠道' : '销售人员'}`)
                .join('、') || ' 0 个对象'
            }的投诉量与各自过去几周比较`}
            {run.untested.length ? `；${run.untested.length} 个对象以往数据太少，暂不判断` : ''}
          </span>
        )}
      </div>
      {error && <p className="error-text">{error}</p>}
      {!runs.length && !error && <p className="muted">尚无预警周报：每周一凌晨对上一周运行一次。</p>}
      {runs.length > 0 && (
      <StackedTable
        rowKey="id"
        data={alerts}
        empty="本周无预警"
        columns={[
          { colKey: 'kind', title: '类型', cell: ({ row }) => ALERT_KIND_LABELS[row.kind as EarlyWarningAlert['kind']] },
          { colKey: 'label', title: '对象', cell: ({ row }) => `${DIM_LABELS[row.dim as EarlyWarningAlert['dim']]} ${row.label}` },
          { colKey: 'plain', title: '情况', cell: ({ row }) => plainSummaryOf(row as EarlyWarningAlert) },
          { colKey: 'status', title: '状态', cell: ({ row }) => <StatusTag status={row.status} /> },
          {
            colKey: 'op',
            title: '操作',
            cell: ({ row }) => (
              <Button size="small" variant="text" theme="primary" onClick={() => openAlert(row.id)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      )}
      {run && run.untested.length > 0 && (
        <details className="ew-untested">
          <summary>以往数据太少、暂不判断的对象（{run.untested.length}）</summary>
          <ul>
            {run.untested.map((u) => (
              <li key={`${u.dim}|${u.value}`}>
                {DIM_LABELS[u.dim]} {u.label}：本周 {u.count} 件，此前只有 {u.historyWeeks} 周的数据
              </li>
            ))}
          </ul>
        </details>
      )}
      {selected && <AlertDetail alert={selected} canHandle={canHandle} canOpenLedger={canOpenLedger} onChanged={changed} onClose={() => setSelected(null)} />}
    </div>
  );
};
