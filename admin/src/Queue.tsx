import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Select, Tag } from 'tdesign-react';
import { StackedTable } from './StackedTable';
import type { StaffPage, StaffQueueItem } from '../../typings/api';
import { api, messageOf } from './api';
import { CATEGORY_OPTIONS, CHANNEL_OPTIONS, GRADE_OPTIONS, STATUS_OPTIONS, countdown } from './format';

type Filters = { status?: string; grade?: string; category?: string; channel?: string };

/** Open complaints, earliest deadline first; the countdown ticks so nobody has to do sums. */
export const Queue = ({ onOpen, onLog, canLog }: { onOpen: (id: string) => void; onLog: () => void; canLog: boolean }) => {
  const [filters, setFilters] = useState<Filters>({});
  const [items, setItems] = useState<StaffQueueItem[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [q, setQ] = useState('');
  const [error, setError] = useState('');
  const [now, setNow] = useState(Date.now());
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (more: boolean) => {
      setLoading(true);
      setError('');
      try {
        const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
        const page = await api<StaffPage>('complaints/queue', { ...clean, limit: 20, ...(more && cursor ? { cursor } : {}) });
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setLoading(false);
      }
    },
    [filters, cursor],
  );

  useEffect(() => {
    load(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters]);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const search = async () => {
    if (!q.trim()) return load(false);
    try {
      const page = await api<StaffPage>('complaints/search', { q: q.trim() });
      setItems(page.items);
      setCursor(undefined);
      setError(page.items.length ? '' : '未找到匹配的投诉');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const select = (key: keyof Filters, placeholder: string, options: { label: string; value: string }[]) => (
    <Select
      clearable
      placeholder={placeholder}
      style={{ width: 140 }}
      options={options}
      value={filters[key]}
      onChange={(v) => setFilters((f) => ({ ...f, [key]: (v as string) || undefined }))}
    />
  );

  return (
    <div className="panel">
      <div className="filters">
        {select('status', '状态', STATUS_OPTIONS)}
        {select('grade', '等级', GRADE_OPTIONS)}
        {select('category', '类型', CATEGORY_OPTIONS)}
        {select('channel', '渠道', CHANNEL_OPTIONS)}
        <Input placeholder="投诉编号 / 手机号 / 保单号" style={{ width: 240 }} value={q} onChange={(v) => setQ(String(v))} onEnter={search} />
        <Button variant="outline" onClick={search}>
          搜索
        </Button>
        <div style={{ flex: 1 }} />
        {canLog && (
          <Button theme="primary" onClick={onLog} className="log-complaint">
            登记来电/来信投诉
          </Button>
        )}
      </div>
      {error && <div className="error-text">{error}</div>}
      <StackedTable
        rowKey="id"
        data={items}
        loading={loading}
        hover
        size="medium"
        onRowClick={({ row }) => onOpen((row as StaffQueueItem).id)}
        rowClassName={() => 'queue-row'}
        columns={[
          { colKey: 'number', title: '投诉编号', width: 150, cell: ({ row }) => <a className="queue-number">{row.number}</a> },
          {
            colKey: 'grade',
            title: '等级',
            width: 130,
            cell: ({ row }) => (
              <>
                <Tag className="queue-grade" theme={row.grade === 'major' ? 'danger' : row.grade === 'significant' ? 'warning' : 'default'} variant="light">
                  {row.gradeText}
                </Tag>{' '}
                {row.greenChannel && (
                  <Tag theme="success" variant="dark" className="badge-green">
                    绿色通道
                  </Tag>
                )}
              </>
            ),
          },
          {
            colKey: 'memberName',
            title: '会员',
            width: 120,
            cell: ({ row }) => (
              <div className="queue-member">
                <div>{row.memberName}</div>
                {row.phoneMasked && <div className="muted">{row.phoneMasked}</div>}
              </div>
            ),
          },
          // Type and channel share a column so the owner stays in view at 1280–1366 px.
          {
            colKey: 'categoryLabel',
            title: '类型 / 渠道',
            width: 104,
            cell: ({ row }) => (
              <>
                <div>{row.categoryLabel}</div>
                <div className="muted queue-channel">{row.channelLabel}</div>
              </>
            ),
          },
          // The one flexible column: wide enough to read the start of the member's words.
          { colKey: 'summary', title: '内容', ellipsis: true, width: 180 },
          { colKey: 'statusLabel', title: '状态', width: 84 },
          {
            colKey: 'nextDue',
            title: '下一时限',
            width: 190,
            cell: ({ row }) => {
              if (!row.nextDue) return '—';
              const c = countdown(row.nextDue.dueAt, now);
              return (
                <div>
                  <span className={c.tone === 'overdue' ? 'due-overdue' : c.tone === 'soon' ? 'due-soon' : ''}>
                    {row.nextDue.label} {c.text}
                  </span>
                  {c.tone === 'overdue' && (
                    <Tag theme="danger" size="small" className="badge-overdue" style={{ marginLeft: 6 }}>
                      超时
                    </Tag>
                  )}
                  {row.nextDue.provisional && <Tag size="small">暂定</Tag>}
                  <div className="muted">{row.nextDue.dueAtText}</div>
                </div>
              );
            },
          },
          {
            colKey: 'ownerId',
            title: '负责人',
            width: 110,
            // The name from the staff register; an id no account has any more is shown as it is, marked.
            cell: ({ row }) => row.ownerName ?? (row.ownerId ? <span className="muted">{row.ownerId}（未知员工）</span> : <span className="muted">未分派</span>),
          },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button variant="text" onClick={() => load(true)}>
            加载更多
          </Button>
        </div>
      )}
    </div>
  );
};
