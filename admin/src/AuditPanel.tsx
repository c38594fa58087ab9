import { useEffect, useState } from 'react';
import { Button, DatePicker, Input, Select, Tag } from 'tdesign-react';
import type { AuditEntryView } from '../../core/audit/view';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS } from '../../core/audit/view';
import { api, messageOf } from './api';

type Cursor = { at: string; id: string };
type Filter = { action?: string; actor?: string; complaintNumber?: string; from?: string; to?: string };

const ACTION_OPTIONS = [
  ...AUDIT_ACTION_GROUPS.map((g) => ({ label: `全部${g.label}`, value: g.value })),
  ...Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ label, value })),
];

const clean = (f: Filter): Filter => Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, v!.trim()]));

/** The CSV the server built, saved by the browser (the server audited the export already). */
const download = (fileName: string, csv: string) => {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/**
 * Audit entries newest first, across every subject's chain, as compliance reads them: Shanghai time,
 * Chinese action names, staff names and complaint numbers. Filters, 加载更多 (keyset), 导出CSV of the
 * current filter; 校验完整性 checks the chains and their checkpoints. A grid row per entry on wide
 * screens, a card on phones.
 */
export const AuditPanel = () => {
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({});
  const [rows, setRows] = useState<AuditEntryView[]>([]);
  const [next, setNext] = useState<Cursor | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [verdict, setVerdict] = useState<string>('');

  const load = async (f: Filter, before?: Cursor) => {
    setBusy(true);
    try {
      const page = await api<{ entries: AuditEntryView[]; next?: Cursor }>('audit/list', { limit: 50, ...f, ...(before ? { before } : {}) });
      setRows((old) => (before ? [...old, ...page.entries] : page.entries));
      setNext(page.next);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(filter);
  }, [filter]);

  const search = () => setFilter(clean(draft));
  const reset = () => {
    setDraft({});
    setFilter({});
  };
  const exportCsv = async () => {
    setBusy(true);
    try {
      const r = await api<{ fileName: string; rows: number; truncated: boolean; csv: string }>('audit/export', filter);
      download(r.fileName, r.csv);
      setNotice(`已导出 ${r.rows} 条${r.truncated ? '（已达上限，请缩小筛选范围）' : ''}，本次导出已记入审计日志`);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const verify = async () => {
    const v = await api<{ ok: boolean; entries: number; chains: number; checkpoints: number; notCheckpointed: number; firstBrokenChain?: string; firstBrokenSeq?: number; reason?: string }>('audit/verify');
    setVerdict(
      v.ok
        ? `校验通过：共 ${v.entries} 条记录、${v.chains} 条对象链、${v.checkpoints} 个检查点，哈希链完整${v.notCheckpointed ? `（${v.notCheckpointed} 条待下次检查点）` : ''}`
        : `校验失败：${v.firstBrokenChain} 第 ${v.firstBrokenSeq} 条 — ${v.reason}`,
    );
  };
  const set = (k: keyof Filter) => (v: unknown) => setDraft({ ...draft, [k]: v === undefined || v === null ? undefined : String(v) });

  return (
    <div className="panel audit-panel">
      <div className="filters">
        <h3 style={{ margin: 0 }}>审计日志</h3>
        <Button variant="outline" onClick={verify} className="audit-verify">校验完整性</Button>
        <Button variant="outline" onClick={exportCsv} disabled={busy} className="audit-export">导出CSV</Button>
        {verdict && <Tag theme={verdict.startsWith('校验通过') ? 'success' : 'danger'} className="audit-verdict">{verdict}</Tag>}
      </div>
      <div className="audit-filters">
        <Select className="audit-filter-action" clearable filterable placeholder="操作（全部）" options={ACTION_OPTIONS} value={draft.action} onChange={set('action')} />
        <Input className="audit-filter-actor" clearable placeholder="操作人（账号或姓名）" value={draft.actor ?? ''} onChange={set('actor')} />
        <Input className="audit-filter-number" clearable placeholder="投诉编号" value={draft.complaintNumber ?? ''} onChange={set('complaintNumber')} />
        <DatePicker className="audit-filter-from" clearable placeholder="开始日期" value={draft.from} onChange={set('from')} />
        <DatePicker className="audit-filter-to" clearable placeholder="结束日期" value={draft.to} onChange={set('to')} />
        <div className="audit-filter-buttons">
          <Button onClick={search} className="audit-search">查询</Button>
          <Button variant="text" onClick={reset}>重置</Button>
        </div>
      </div>
      {error && <div className="error-text">{error}</div>}
      {notice && <div className="audit-notice">{notice}</div>}
      <div className="audit-list">
        <div className="audit-row audit-head">
          <span>时间</span>
          <span>操作</span>
          <span>操作人</span>
          <span>对象</span>
          <span>详情摘要</span>
          <span>来源地址</span>
        </div>
        {rows.map((r) => (
          <div className="audit-row" key={r.id} data-action={r.action}>
            <span className="audit-at">{r.atText}</span>
            <span className="audit-action" title={r.action}>{r.actionLabel}</span>
            <span className="audit-actor">
              {r.actorName}
              <span className="audit-role">{r.roleLabel}</span>
            </span>
            <span className="audit-subject">{r.subjectLabel}</span>
            <span className={`audit-summary${r.summary ? '' : ' is-empty'}`}>{r.summary || '—'}</span>
            <span className={`audit-source${r.source && r.source !== 'unknown' ? '' : ' is-empty'}`}>{r.source || '—'}</span>
          </div>
        ))}
        {!rows.length && !busy && <div className="audit-empty">没有符合条件的记录</div>}
      </div>
      {next && (
        <div className="audit-more">
          <Button variant="outline" loading={busy} onClick={() => load(filter, next)} className="audit-load-more">加载更多</Button>
        </div>
      )}
    </div>
  );
};
