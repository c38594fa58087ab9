import { useEffect, useState } from 'react';
import { Alert, Button, DialogPlugin, Input, Radio, Select, Tag, Textarea } from 'tdesign-react';
import { api, messageOf } from './api';
import { StackedTable } from './StackedTable';

interface ArticleRow {
  id: string;
  title: string;
  summary: string;
  campaignId: string;
  status: 'draft' | 'published' | 'withdrawn';
  statusLabel: string;
  publishedAtText: string;
  updatedAtText: string;
  announceText: string;
  told: number;
  opens?: number;
  version: number;
}
type Block = { kind: 'text'; text: string } | { kind: 'image'; fileId: string; caption?: string };
interface ArticleFull extends ArticleRow {
  blocks: Block[];
  coverFileId: string;
  links: Record<string, string>;
}
interface Campaign {
  id: string;
  name: string;
  theme: string;
  startDate: string;
  endDate: string;
  channelNotes: string;
  periodText: string;
  version: number;
}
interface Overview {
  articles: ArticleRow[];
  campaigns: Campaign[];
  goalRate: number;
  imageMaxBytes: number;
}
interface Reach {
  opened: number;
  active: number;
  rate: number | null;
  goalRate: number;
}
interface Notices {
  article: ArticleRow;
  counts: { told: number; pushed: number; noCredit: number; failed: number; pending: number };
  items: { memberId: string; nameMasked: string; atText: string; pushText: string }[];
  nextAfter?: string;
}
interface Archive {
  campaign: Campaign;
  articles: ArticleRow[];
  reach: (Reach & { period: string })[];
}
interface Draft {
  id?: string;
  version?: number;
  title: string;
  summary: string;
  campaignId: string;
  coverFileId: string;
  blocks: Block[];
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const emptyDraft = (): Draft => ({ title: '', summary: '', campaignId: '', coverFileId: '', blocks: [{ kind: 'text', text: '' }] });
const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

/**
 * The picture a member sees is at most 750 px wide; the admin call carries it base64 in ≤ 100 KB, so the page
 * redraws it as JPEG, lowering the quality (then the size) until it fits the server's limit.
 */
const shrinkImage = async (file: File, maxBytes: number): Promise<string> => {
  const bitmap = await createImageBitmap(file);
  for (const width of [750, 600, 480, 360]) {
    const scale = Math.min(1, width / bitmap.width);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const q of [0.82, 0.7, 0.58, 0.45]) {
      const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/jpeg', q));
      if (blob && blob.size <= maxBytes) {
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(bin);
      }
    }
  }
  throw new Error('图片过大，请换一张较小的图片');
};

const ImagePick = ({ label, maxBytes, onUploaded }: { label: string; maxBytes: number; onUploaded: (fileId: string, url: string) => void }) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <span className="edu-pick">
      <label className="t-button t-button--variant-outline t-button--theme-default edu-pick-label">
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          className="edu-file"
          disabled={busy}
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            setBusy(true);
            setError('');
            try {
              const data = await shrinkImage(f, maxBytes);
              const r = await api<{ fileId: string; url: string }>('education/uploadImage', { data });
              onUploaded(r.fileId, r.url);
            } catch (err) {
              setError(err instanceof Error && !('code' in err) ? err.message : messageOf(err));
            } finally {
              setBusy(false);
            }
          }}
        />
        {busy ? '上传中…' : label}
      </label>
      {error && <span className="edu-warn">{error}</span>}
    </span>
  );
};

/** What a member sees: cover, title, paragraphs and images in order. */
const Preview = ({ draft, links }: { draft: Draft; links: Record<string, string> }) => (
  <div className="edu-preview" aria-label="预览">
    {draft.coverFileId && links[draft.coverFileId] && <img className="edu-preview-cover" src={links[draft.coverFileId]} alt="封面" />}
    <h3>{draft.title || '（标题）'}</h3>
    <p className="muted">{draft.summary}</p>
    {draft.blocks.map((b, i) =>
      b.kind === 'text' ? (
        <p key={i}>{b.text}</p>
      ) : (
        <figure key={i}>
          {links[b.fileId] && <img src={links[b.fileId]} alt={b.caption ?? ''} />}
          {b.caption && <figcaption className="muted">{b.caption}</figcaption>}
        </figure>
      ),
    )}
  </div>
);

const Editor = ({ initial, initialLinks, campaigns, maxBytes, onDone }: { initial: Draft; initialLinks: Record<string, string>; campaigns: Campaign[]; maxBytes: number; onDone: () => void }) => {
  const [d, setD] = useState<Draft>(initial);
  const [links, setLinks] = useState(initialLinks);
  const [error, setError] = useState('');
  const setBlock = (i: number, b: Block) => setD({ ...d, blocks: d.blocks.map((x, k) => (k === i ? b : x)) });
  const move = (i: number, by: number) => {
    const blocks = [...d.blocks];
    const [b] = blocks.splice(i, 1);
    blocks.splice(Math.max(0, Math.min(blocks.length, i + by)), 0, b);
    setD({ ...d, blocks });
  };
  const save = async () => {
    setError('');
    try {
      await api('education/saveDraft', {
        ...(d.id ? { id: d.id, version: d.version } : {}),
        title: d.title,
        summary: d.summary,
        blocks: d.blocks.map((b) => (b.kind === 'image' && !b.caption ? { kind: 'image', fileId: b.fileId } : b)),
        ...(d.coverFileId ? { coverFileId: d.coverFileId } : {}),
        ...(d.campaignId ? { campaignId: d.campaignId } : {}),
      });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="edu-editor">
      <div className="edu-editor-form">
        <h3>{d.id ? '编辑草稿' : '新建文章'}</h3>
        <div className="edu-grid">
          <span>标题</span>
          <Input className="edu-title" value={d.title} maxlength={40} onChange={(v) => setD({ ...d, title: String(v) })} />
          <span>摘要</span>
          <Input className="edu-summary" value={d.summary} maxlength={100} onChange={(v) => setD({ ...d, summary: String(v) })} />
          <span>宣传活动</span>
          <Select clearable value={d.campaignId} onChange={(v) => setD({ ...d, campaignId: String(v ?? '') })} options={campaigns.map((c) => ({ value: c.id, label: c.name }))} placeholder="不属于活动" />
          <span>封面</span>
          <span className="edu-inline">
            <ImagePick label={d.coverFileId ? '更换封面' : '上传封面'} maxBytes={maxBytes} onUploaded={(id, url) => (setLinks({ ...links, [id]: url }), setD({ ...d, coverFileId: id }))} />
            {d.coverFileId && (
              <Button variant="text" onClick={() => setD({ ...d, coverFileId: '' })}>
                去掉封面
              </Button>
            )}
          </span>
        </div>
        {d.blocks.map((b, i) => (
          <div key={i} className="edu-block">
            {b.kind === 'text' ? (
              <Textarea className="edu-text" value={b.text} maxlength={2000} autosize={{ minRows: 2, maxRows: 8 }} onChange={(v) => setBlock(i, { kind: 'text', text: String(v) })} placeholder="段落（纯文字）" />
            ) : (
              <div className="edu-image-block">
                {links[b.fileId] && <img src={links[b.fileId]} alt="" />}
                <Input value={b.caption ?? ''} maxlength={60} placeholder="图片说明（可选）" onChange={(v) => setBlock(i, { ...b, caption: String(v) })} />
              </div>
            )}
            <span className="edu-block-tools">
              <Button size="small" variant="text" disabled={i === 0} onClick={() => move(i, -1)}>
                上移
              </Button>
              <Button size="small" variant="text" disabled={i === d.blocks.length - 1} onClick={() => move(i, 1)}>
                下移
              </Button>
              <Button size="small" variant="text" theme="danger" disabled={d.blocks.length === 1} onClick={() => setD({ ...d, blocks: d.blocks.filter((_, k) => k !== i) })}>
                删除
              </Button>
            </span>
          </div>
        ))}
        <div className="edu-inline">
          <Button variant="outline" onClick={() => setD({ ...d, blocks: [...d.blocks, { kind: 'text', text: '' }] })}>
            添加段落
          </Button>
          <ImagePick label="添加图片" maxBytes={maxBytes} onUploaded={(id, url) => (setLinks({ ...links, [id]: url }), setD({ ...d, blocks: [...d.blocks, { kind: 'image', fileId: id }] }))} />
        </div>
        {error && <Alert theme="error" className="edu-error" message={error} />}
        <div className="edu-inline edu-save">
          <Button theme="primary" className="edu-save-draft" onClick={save}>
            保存草稿
          </Button>
          <Button variant="text" onClick={onDone}>
            取消
          </Button>
        </div>
      </div>
      <Preview draft={d} links={links} />
    </div>
  );
};

const NoticeList = ({ n, onMore }: { n: Notices; onMore: () => void }) => (
  <div className="edu-notices">
    <h3>推送名单 · {n.article.title}</h3>
    <div className="edu-counts">
      <span>消息中心 {n.counts.told} 人</span>
      <span>订阅消息 {n.counts.pushed} 人</span>
      <span>未订阅（仅消息中心）{n.counts.noCredit} 人</span>
      <span>推送失败 {n.counts.failed} 人</span>
      <span>待发送 {n.counts.pending} 人</span>
    </div>
    <StackedTable
      rowKey="memberId"
      size="small"
      data={n.items}
      columns={[
        { colKey: 'nameMasked', title: '会员' },
        { colKey: 'atText', title: '通知时间' },
        { colKey: 'pushText', title: '送达方式' },
      ]}
    />
    {n.nextAfter && (
      <Button variant="text" onClick={onMore}>
        下一页
      </Button>
    )}
  </div>
);

const CampaignForm = ({ initial, onDone }: { initial?: Campaign; onDone: () => void }) => {
  const [c, setC] = useState({ name: initial?.name ?? '', theme: initial?.theme ?? '', startDate: initial?.startDate ?? '', endDate: initial?.endDate ?? '', channelNotes: initial?.channelNotes ?? '' });
  const [error, setError] = useState('');
  const save = async () => {
    setError('');
    try {
      await api('education/saveCampaign', { ...(initial ? { id: initial.id, version: initial.version } : {}), ...c });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="edu-campaign-form">
      <div className="edu-grid">
        <span>活动名称</span>
        <Input value={c.name} maxlength={40} onChange={(v) => setC({ ...c, name: String(v) })} />
        <span>主题</span>
        <Input value={c.theme} maxlength={60} onChange={(v) => setC({ ...c, theme: String(v) })} />
        <span>开始日期</span>
        <Input value={c.startDate} placeholder="2026-11-01" onChange={(v) => setC({ ...c, startDate: String(v) })} />
        <span>结束日期</span>
        <Input value={c.endDate} placeholder="2026-11-30" onChange={(v) => setC({ ...c, endDate: String(v) })} />
        <span>渠道说明</span>
        <Textarea value={c.channelNotes} maxlength={300} onChange={(v) => setC({ ...c, channelNotes: String(v) })} placeholder="小程序首页、网点海报、公众号……" />
      </div>
      {error && <Alert theme="error" className="edu-error" message={error} />}
      <div className="edu-inline">
        <Button theme="primary" onClick={save}>
          保存活动
        </Button>
        <Button variant="text" onClick={onDone}>
          取消
        </Button>
      </div>
    </div>
  );
};

/** 权益宣传: articles (edit, publish, withdraw, announce, who got which), the 宣传档案 and reach against 90%. */
export const EducationPanel = ({ canManage }: { canManage: boolean }) => {
  const [tab, setTab] = useState<'articles' | 'archive'>('articles');
  const [ov, setOv] = useState<Overview>();
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<{ draft: Draft; links: Record<string, string> }>();
  const [notices, setNotices] = useState<Notices>();
  const [archive, setArchive] = useState<Archive>();
  const [campaignForm, setCampaignForm] = useState<{ initial?: Campaign }>();
  const [period, setPeriod] = useState({ from: thisMonth(), to: thisMonth() });
  const [reach, setReach] = useState<Reach>();
  const load = () => api<Overview>('education/overview').then(setOv).catch((e) => setError(messageOf(e)));
  const loadReach = (p = period) =>
    api<Reach>('education/reach', p)
      .then(setReach)
      .catch((e) => (setReach(undefined), setError(messageOf(e))));
  useEffect(() => {
    load();
    loadReach();
  }, []);
  const act = async (route: 'education/publish' | 'education/withdraw' | 'education/announce', a: ArticleRow) => {
    setError('');
    try {
      await api(route, { id: a.id, version: a.version });
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  /** Announcing tells every bound member and cannot be taken back: asked once more, with what it does. */
  const announce = (a: ArticleRow) => {
    const dialog = DialogPlugin.confirm({
      header: '推送给会员',
      body: `将把《${a.title}》发到每位已绑定会员的消息中心，并向订阅了提醒的会员推送。推送后不能撤回，确定推送吗？`,
      confirmBtn: { content: '确定推送', className: 'edu-announce-confirm' },
      cancelBtn: '取消',
      onConfirm: () => {
        dialog.destroy();
        act('education/announce', a);
      },
      onClose: () => dialog.destroy(),
    });
  };
  const edit = async (a: ArticleRow) => {
    setError('');
    try {
      const full = await api<ArticleFull>('education/article', { id: a.id });
      setEditing({ draft: { id: full.id, version: full.version, title: full.title, summary: full.summary, campaignId: full.campaignId, coverFileId: full.coverFileId, blocks: full.blocks }, links: full.links });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const showNotices = async (a: ArticleRow, after?: string) => {
    setError('');
    try {
      setNotices(await api<Notices>('education/notices', { articleId: a.id, limit: 50, ...(after ? { after } : {}) }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const openArchive = async (c: Campaign) => {
    setError('');
    try {
      setArchive(await api<Archive>('education/archive', { id: c.id }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const campaignName = (id: string) => ov?.campaigns.find((c) => c.id === id)?.name ?? '';

  return (
    <div className="panel edu-panel">
      <div className="filters">
        <Radio.Group variant="default-filled" value={tab} onChange={(v) => setTab(v as typeof tab)}>
          <Radio.Button value="articles">文章</Radio.Button>
          <Radio.Button value="archive">宣传档案</Radio.Button>
        </Radio.Group>
        <span className="edu-reach">
          <Input className="edu-month" value={period.from} onChange={(v) => setPeriod({ ...period, from: String(v) })} />
          <span>至</span>
          <Input className="edu-month" value={period.to} onChange={(v) => setPeriod({ ...period, to: String(v) })} />
          <Button variant="outline" onClick={() => loadReach()}>
            覆盖率
          </Button>
          {reach && (
            <span className="edu-reach-figure">
              阅读 {reach.opened} / 活跃 {reach.active} = <strong className={reach.rate !== null && reach.rate < reach.goalRate ? 'edu-below' : ''}>{pct(reach.rate)}</strong>（目标 {pct(reach.goalRate)}）
            </span>
          )}
        </span>
      </div>
      <p className="muted edu-rule">覆盖率 = 期间内活跃且至少打开一篇文章的绑定会员 ÷ 期间内活跃的绑定会员；可选一个月、一个季度或一整年。</p>
      {error && <Alert theme="error" className="edu-error" message={error} />}

      {tab === 'articles' && (
        <>
          {canManage && !editing && (
            <div className="edu-inline edu-bar">
              <Button theme="primary" className="edu-new" onClick={() => setEditing({ draft: emptyDraft(), links: {} })}>
                新建文章
              </Button>
            </div>
          )}
          {editing && ov && <Editor initial={editing.draft} initialLinks={editing.links} campaigns={ov.campaigns} maxBytes={ov.imageMaxBytes} onDone={() => (setEditing(undefined), load())} />}
          <StackedTable
            rowKey="id"
            data={ov?.articles ?? []}
            empty="还没有文章"
            columns={[
              { colKey: 'title', title: '标题', cell: ({ row }) => <span className="edu-cell-title">{row.title}</span> },
              { colKey: 'statusLabel', title: '状态', cell: ({ row }) => <Tag theme={row.status === 'published' ? 'success' : row.status === 'draft' ? 'warning' : 'default'}>{row.statusLabel}</Tag> },
              { colKey: 'campaignId', title: '宣传活动', cell: ({ row }) => campaignName(row.campaignId) || '—' },
              { colKey: 'publishedAtText', title: '发布时间', cell: ({ row }) => row.publishedAtText || '—' },
              { colKey: 'opens', title: '阅读人数' },
              {
                colKey: 'announceText',
                title: '推送',
                cell: ({ row }) =>
                  row.told || row.announceText.startsWith('推送中') ? (
                    <Button variant="text" size="small" theme="primary" className="edu-told" onClick={() => showNotices(row)}>
                      {row.announceText}
                    </Button>
                  ) : (
                    row.announceText
                  ),
              },
              ...(canManage
                ? [
                    {
                      colKey: 'actions',
                      title: '操作',
                      cell: ({ row }: { row: ArticleRow }) => (
                        <span className="edu-actions">
                          {row.status === 'draft' && (
                            <Button size="small" variant="text" onClick={() => edit(row)}>
                              编辑
                            </Button>
                          )}
                          {row.status !== 'published' && (
                            <Button size="small" variant="text" theme="primary" className="edu-publish" onClick={() => act('education/publish', row)}>
                              发布
                            </Button>
                          )}
                          {row.status === 'published' && row.announceText === '未推送' && (
                            <Button size="small" variant="text" theme="primary" className="edu-announce" onClick={() => announce(row)}>
                              推送给会员
                            </Button>
                          )}
                          {row.status === 'published' && (
                            <Button size="small" variant="text" theme="danger" onClick={() => act('education/withdraw', row)}>
                              撤回
                            </Button>
                          )}
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {notices && <NoticeList n={notices} onMore={() => showNotices(notices.article, notices.nextAfter)} />}
        </>
      )}

      {tab === 'archive' && (
        <>
          {canManage && !campaignForm && (
            <div className="edu-inline edu-bar">
              <Button theme="primary" onClick={() => setCampaignForm({})}>
                新建宣传活动
              </Button>
            </div>
          )}
          {campaignForm && <CampaignForm initial={campaignForm.initial} onDone={() => (setCampaignForm(undefined), load())} />}
          <StackedTable
            rowKey="id"
            data={ov?.campaigns ?? []}
            empty="还没有宣传活动"
            columns={[
              { colKey: 'name', title: '活动', cell: ({ row }) => <span className="edu-cell-title">{row.name}</span> },
              { colKey: 'theme', title: '主题' },
              { colKey: 'periodText', title: '期间' },
              { colKey: 'channelNotes', title: '渠道', cell: ({ row }) => row.channelNotes || '—' },
              {
                colKey: 'open',
                title: '档案',
                cell: ({ row }) => (
                  <span className="edu-actions">
                    <Button size="small" variant="text" onClick={() => openArchive(row)}>
                      查看档案
                    </Button>
                    {canManage && (
                      <Button size="small" variant="text" onClick={() => setCampaignForm({ initial: row })}>
                        修改
                      </Button>
                    )}
                  </span>
                ),
              },
            ]}
          />
          {archive && (
            <div className="edu-archive">
              <h3>
                {archive.campaign.name} · {archive.campaign.periodText}
              </h3>
              <p className="muted">{archive.campaign.theme}</p>
              <StackedTable
                rowKey="period"
                size="small"
                data={archive.reach}
                columns={[
                  { colKey: 'period', title: '月份' },
                  { colKey: 'opened', title: '阅读会员' },
                  { colKey: 'active', title: '活跃会员' },
                  { colKey: 'rate', title: '覆盖率', cell: ({ row }) => <span className={row.rate !== null && row.rate < row.goalRate ? 'edu-below' : ''}>{pct(row.rate)}</span> },
                ]}
              />
              <StackedTable
                rowKey="id"
                size="small"
                data={archive.articles}
                empty="该活动还没有文章"
                columns={[
                  { colKey: 'title', title: '文章' },
                  { colKey: 'statusLabel', title: '状态' },
                  { colKey: 'publishedAtText', title: '发布时间', cell: ({ row }) => row.publishedAtText || '—' },
                  { colKey: 'opens', title: '阅读人数' },
                  { colKey: 'announceText', title: '推送' },
                ]}
              />
            </div>
          )}
        </>
      )}
    </div>
  );
};
