import { useEffect, useState } from 'react';
import { CallLogForm } from './CallLogForm';
import { Alert, Button, Input, Radio, Select, Tag, Textarea } from 'tdesign-react';
import type { StaffConsultationItem, StaffConsultationView } from '../../core/consultations/views';
import { api, messageOf } from './api';
import { Attachments } from './Attachments';
import { countdown } from './format';

type QueueView = 'customerService' | 'advisor' | 'all' | 'mine';
type Profile = {
  kind: string;
  name?: string;
  phone?: string;
  tierLabel: string;
  policies: { policyNo: string; productName: string; statusLabel: string; premiumFen: number; coverages: { name: string; sumInsuredFen: number }[] }[];
};

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN')}元`;

const CATEGORIES = [
  ['sales', '销售误导'],
  ['claims', '理赔争议'],
  ['service', '服务态度'],
  ['policyChange', '保全变更'],
  ['premium', '保费扣缴'],
  ['other', '其他'],
] as const;

/** The reply-by time with its countdown, as the complaint queue shows it. */
const Due = ({ item }: { item: StaffConsultationItem }) => {
  if (!item.dueAt) return <span className="muted">无待办</span>;
  const c = countdown(item.dueAt, Date.now());
  return (
    <span className={c.tone === 'overdue' ? 'due-overdue' : c.tone === 'soon' ? 'due-soon' : ''}>
      {item.stepLabel} {item.dueText} · {c.text}
    </span>
  );
};

/**
 * 咨询工作台: customer service's queue of questions by reply-by time, the advisor's own list, the record
 * with its timeline, and the actions the role may take on it (the server says which: `may`).
 */
export const ConsultationsPanel = ({ role }: { role: string }) => {
  const advisorRole = role === 'advisor';
  const [view, setView] = useState<QueueView>(advisorRole ? 'advisor' : 'customerService');
  const [rows, setRows] = useState<StaffConsultationItem[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [c, setC] = useState<StaffConsultationView>();
  const [profile, setProfile] = useState<Profile>();
  const [advisors, setAdvisors] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [form, setForm] = useState<Record<string, string>>({});
  const field = (k: string) => ({ value: form[k] ?? '', onChange: (v: unknown) => setForm((f) => ({ ...f, [k]: String(v ?? '') })) });

  const load = async (v = view, more = false) => {
    try {
      const page = await api<{ items: StaffConsultationItem[]; nextCursor?: string }>('consultations/queue', { view: v, limit: 20, ...(more && cursor ? { cursor } : {}) });
      setRows((r) => (more ? [...r, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    load(view);
  }, [view]);

  const show = async (id: string) => {
    setError('');
    setDone('');
    setForm({});
    setProfile(undefined);
    try {
      const detail = await api<StaffConsultationView>('consultations/detail', { id });
      setC(detail);
      if (detail.may.handToAdvisor && !advisors.length) setAdvisors((await api<{ items: { id: string; name: string }[] }>('consultations/advisors')).items);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const act = async (action: string, body: Record<string, unknown>, message: string) => {
    if (!c) return;
    setError('');
    setDone('');
    try {
      const out = await api<StaffConsultationView | { consultation: StaffConsultationView; complaint: { number: string } }>(`consultations/${action}`, { id: c.id, version: c.version, ...body });
      const next = 'consultation' in out ? out.consultation : out;
      setC(next);
      setForm({});
      setDone('consultation' in out ? `${message}：${out.complaint.number}` : message);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const loadProfile = async () => {
    if (!c) return;
    try {
      setProfile(await api<Profile>('consultations/memberProfile', { id: c.id }));
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const tabs: { value: QueueView; label: string }[] = advisorRole
    ? [
        { value: 'advisor', label: '待我答复' },
        { value: 'mine', label: '转交给我的' },
      ]
    : [
        { value: 'customerService', label: '客服待答复' },
        { value: 'advisor', label: '顾问处理中' },
        { value: 'all', label: '全部待办' },
      ];
  const memberMessages = c?.timeline.filter((e) => e.memberMessage) ?? [];

  return (
    <>
      <div className="panel cs-queue">
        <div className="filters">
          <h3 style={{ margin: 0 }}>咨询（按答复期限排序）</h3>
          <Radio.Group variant="default-filled" value={view} onChange={(v) => setView(v as QueueView)}>
            {tabs.map((t) => (
              <Radio.Button key={t.value} value={t.value}>
                {t.label}
              </Radio.Button>
            ))}
          </Radio.Group>
        </div>
        {!rows.length && (
          <p className="muted">{advisorRole && view === 'advisor' ? '暂无待您答复的咨询；已答复的咨询在「转交给我的」中查看' : '暂无咨询'}</p>
        )}
        {rows.map((row) => (
          <div key={row.id} className={`record-row cs-row${row.overdue ? ' cs-overdue' : ''}`} onClick={() => show(row.id)}>
            <span className="record-number">{row.number}</span>
            <Tag theme={row.status === 'answered' ? 'success' : row.overdue ? 'danger' : 'warning'} variant="light">
              {row.statusLabel}
            </Tag>
            <span>{row.topicLabel}</span>
            <span>{[row.member.name, row.member.phone].filter(Boolean).join(' ') || '访客'}</span>
            <span className="record-summary cs-question">{row.question}</span>
            <span className="muted">{row.advisorName ? `顾问 ${row.advisorName}` : row.ownerName ? `客服 ${row.ownerName}` : '未认领'}</span>
            <Due item={row} />
            {row.flagged && <Tag theme="danger">内容待复核</Tag>}
          </div>
        ))}
        {cursor && (
          <Button variant="text" onClick={() => load(view, true)}>
            加载更多
          </Button>
        )}
      </div>
      {error && <Alert theme="error" className="cs-error" message={error} style={{ marginBottom: 16 }} />}
      {done && <Alert theme="success" className="cs-done" message={done} style={{ marginBottom: 16 }} />}
      {c && (
        <div className="panel cs-detail">
          <h3>
            {c.number} · {c.topicLabel} <Tag theme={c.status === 'answered' ? 'success' : c.status === 'converted' ? 'default' : 'warning'}>{c.statusLabel}</Tag>
          </h3>
          <div className="kv">
            <span className="k">会员</span>
            <span>
              {c.member.kind === 'bound' ? `${[c.member.name, c.member.phone].filter(Boolean).join(' ')}（已绑定）` : '访客（未绑定保单）'}{' '}
              <Button size="small" variant="text" onClick={loadProfile}>
                会员概况
              </Button>
            </span>
            {c.policyNo && (
              <>
                <span className="k">保单号</span>
                <span>{c.policyNo}</span>
              </>
            )}
            <span className="k">收到</span>
            <span>{c.receivedAtText}</span>
            <span className="k">当前期限</span>
            <Due item={c} />
            <span className="k">处理人</span>
            <span>
              {c.ownerName ? `客服 ${c.ownerName}` : '未认领'}
              {c.advisorName ? ` · 顾问 ${c.advisorName}` : ''}
            </span>
            {c.complaint && (
              <>
                <span className="k">已转投诉</span>
                <span>{c.complaint.number}</span>
              </>
            )}
            {c.rating && (
              <>
                <span className="k">会员评价</span>
                <span>
                  {c.rating.score}星 {c.rating.comment ?? ''}
                </span>
              </>
            )}
          </div>
          {profile && (
            <div className="cs-profile">
              <strong>会员概况（已脱敏）</strong> {profile.name ?? '访客'} {profile.phone ?? ''} · {profile.tierLabel}
              {profile.policies.map((p) => (
                <div key={p.policyNo} className="muted">
                  {p.productName} {p.policyNo} · {p.statusLabel} · 年保费 {yuan(p.premiumFen)} · {p.coverages.map((x) => `${x.name}${yuan(x.sumInsuredFen)}`).join('，')}
                </div>
              ))}
              {!profile.policies.length && <div className="muted">暂无保单</div>}
            </div>
          )}
          {c.plans.map((p) => (
            <div key={p.id} className="cs-plan">
              <strong>保险方案</strong> {p.products.map((x) => x.name).join('、')} · {p.premiumText}
              <ul>
                {p.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          ))}
          <div className="cs-timeline">
            {c.timeline.map((e) => (
              <div key={e.id} className={`cs-entry cs-${e.visibility}`}>
                <span className="muted">
                  {e.atText} · {e.from}
                  {e.visibility === 'internal' ? '（内部）' : ''}
                </span>
                <div>{e.text}</div>
                {e.attachments.length > 0 && <Attachments caseId={c.id} files={e.attachments} route="consultations/fileUrl" />}
              </div>
            ))}
          </div>

          {c.may.reply && (
            <div className="cs-action cs-reply">
              <Textarea placeholder="答复会员" {...field('text')} />
              <Button onClick={() => act('reply', { text: form.text }, '已答复')}>答复</Button>
            </div>
          )}
          {c.may.handToAdvisor && (
            <div className="cs-action cs-hand">
              <Select placeholder="选择顾问" options={advisors.map((a) => ({ label: a.name, value: a.id }))} {...field('advisorId')} />
              <Textarea placeholder="转交说明（会员情况、需求，仅内部可见）" {...field('context')} />
              <Button variant="outline" onClick={() => act('handToAdvisor', { advisorId: form.advisorId, context: form.context }, '已转交顾问')}>
                转交顾问
              </Button>
            </div>
          )}
          {c.may.advisorReply && (
            <div className="cs-action cs-advisor-reply">
              <Textarea placeholder="顾问答复" {...field('advice')} />
              <Button onClick={() => act('advisorReply', { text: form.advice }, '已答复')}>答复</Button>
            </div>
          )}
          {c.may.proposePlan && (
            <div className="cs-action cs-plan-form">
              <Input placeholder="推荐产品（多个用顿号分隔）" {...field('products')} />
              <div className="cs-premium">
                <Input placeholder="最低年保费（元）" {...field('min')} />
                <Input placeholder="最高年保费（元）" {...field('max')} />
              </div>
              <Textarea placeholder="推荐理由（每行一条）" {...field('reasons')} />
              <Button
                onClick={() =>
                  act(
                    'proposePlan',
                    {
                      products: (form.products ?? '').split(/[、,，]/).map((s) => s.trim()).filter(Boolean).map((name) => ({ name })),
                      premiumMinFen: Math.round(Number(form.min) * 100),
                      premiumMaxFen: Math.round(Number(form.max) * 100),
                      reasons: (form.reasons ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
                    },
                    '方案已发送给会员',
                  )
                }
              >
                发送方案
              </Button>
            </div>
          )}
          {c.may.recordEnrollmentHelp && (
            <div className="cs-action cs-enroll">
              <Textarea placeholder="投保协助内容（联系方式、时间、所需资料）" {...field('note')} />
              <Button variant="outline" onClick={() => act('recordEnrollmentHelp', { note: form.note, ...(c.plans.length ? { planId: c.plans[c.plans.length - 1].id } : {}) }, '已登记投保协助')}>
                登记投保协助
              </Button>
            </div>
          )}
          {c.may.logCall && <CallLogForm<StaffConsultationView> className="cs-action" route="consultations/logCall" id={c.id} version={c.version} onSaved={(next) => setC(next)} />}
          {c.may.takeOver && (
            <div className="cs-action cs-take">
              <Input placeholder="接手原因" {...field('takeReason')} />
              <Button variant="outline" onClick={() => act('takeOver', { reason: form.takeReason }, '已接手')}>
                接手
              </Button>
            </div>
          )}
          {c.may.convertToComplaint && memberMessages.length > 0 && (
            <div className="cs-action cs-convert">
              <strong>转为投诉</strong>
              <Radio.Group value={form.messageId ?? ''} onChange={(v) => setForm((f) => ({ ...f, messageId: String(v) }))}>
                {memberMessages.map((m) => (
                  <Radio key={m.id} value={m.id}>
                    {m.atText} {m.text?.slice(0, 30)}
                  </Radio>
                ))}
              </Radio.Group>
              <p className="muted">请选择会员首次表达不满的留言，投诉受理时间以该留言为准。</p>
              <Select placeholder="投诉类型" options={CATEGORIES.map(([value, label]) => ({ value, label }))} {...field('category')} />
              <Input placeholder="转投诉原因" {...field('convertReason')} />
              <Button theme="danger" variant="outline" onClick={() => act('convertToComplaint', { messageId: form.messageId, category: form.category, reason: form.convertReason }, '已转为投诉')}>
                转为投诉
              </Button>
            </div>
          )}
        </div>
      )}
    </>
  );
};
