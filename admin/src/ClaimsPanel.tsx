import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Input, Radio, Select, Tag, Textarea } from 'tdesign-react';
import type { StaffClaimQueueItem, StaffClaimView } from '../../core/claims/views';
import { SECOND_NOTICE_REASONS } from '../../core/claims/policy';
import { CallLogForm } from './CallLogForm';
import { calculationOf, ClaimCalculationEditor, emptyCalculation, type CalculationDraft } from './ClaimCalculationEditor';
import { StackedTable } from './StackedTable';
import { AdminApiError, api, messageOf } from './api';
import { countdown } from './format';

type Status = '' | 'reported' | 'documentsPending' | 'underReview' | 'decided';
const STATUS_TABS: { value: Status; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'reported', label: '已报案' },
  { value: 'documentsPending', label: '待补充材料' },
  { value: 'underReview', label: '审核中' },
  { value: 'decided', label: '已决定' },
];
const REASON_OPTIONS = Object.entries(SECOND_NOTICE_REASONS).map(([value, label]) => ({ value, label }));

/** An instant as staff read it: Shanghai wall time, to the minute. */
const at = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '—');

/** 元 as typed → 分 (integer), or NaN. */
const fenOf = (yuan: string) => (/^-?\d{1,10}(\.\d{1,2})?$/.test(yuan.trim()) ? Math.round(Number(yuan.trim()) * 100) : Number.NaN);

/** What went wrong with one action, as the field says it (提交的内容有误 alone names no field). */
const problemOf = (e: unknown) => (e instanceof AdminApiError && e.error.issues?.length ? e.error.issues.map((i) => i.message).join('；') : messageOf(e));

const Due = ({ dueAt, text }: { dueAt?: string; text?: string }) => {
  if (!dueAt) return <span className="muted">—</span>;
  const c = countdown(dueAt, Date.now());
  return <span className={c.tone === 'overdue' ? 'due-overdue' : c.tone === 'soon' ? 'due-soon' : ''}>{text} · {c.text}</span>;
};

/**
 * 理赔工作台: claims with a running clock, earliest due first; the claim with its checklist, notices and
 * clocks (保险法 arts 22–25); the handler's steps as the claim's `may` allows. Opening a claim and every
 * document view are audited.
 */
export const ClaimsPanel = () => {
  const [status, setStatus] = useState<Status>('');
  const [rows, setRows] = useState<StaffClaimQueueItem[]>([]);
  const [c, setC] = useState<StaffClaimView>();
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  /** An action's failure, shown beside its button (the page-top alert is a screen away on a phone). */
  const [failed, setFailed] = useState<{ route: string; text: string; issues?: { path: string; message: string }[] }>();
  const [f, setF] = useState({ items: [] as string[], note: '', reasonCode: '', reasonText: '', assessment: '', outcome: 'pay', amount: '', basis: '', reasons: '', evidence: '', paidOn: '', payAmount: '', reference: '', entryId: '', convertReason: '' });
  const [calc, setCalc] = useState<CalculationDraft>(emptyCalculation);
  const set = (k: keyof typeof f) => (v: unknown) => setF((x) => ({ ...x, [k]: v as never }));
  const load = (s = status) =>
    api<{ items: StaffClaimQueueItem[] }>('claims/queue', { ...(s ? { status: s } : {}), limit: 50 })
      .then((p) => setRows(p.items))
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    load(status);
  }, [status]);

  const show = async (id: string) => {
    setError('');
    setDone('');
    setFailed(undefined);
    try {
      setC(await api<StaffClaimView>('claims/detail', { id }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const act = async (route: `claims/${string}`, body: Record<string, unknown>, message: string) => {
    if (!c) return;
    setError('');
    setDone('');
    setFailed(undefined);
    try {
      const out = await api<StaffClaimView | { claim: StaffClaimView; complaint: { number: string } }>(route, { id: c.id, version: c.version, ...body });
      if ('claim' in out) {
        setC(out.claim);
        setDone(`${message}：${out.complaint.number}`);
      } else {
        setC(out);
        setDone(message);
      }
      load();
    } catch (e) {
      setFailed({ route, text: problemOf(e), issues: e instanceof AdminApiError ? e.error.issues : undefined });
    }
  };
  const failure = (route: string) =>
    failed?.route === route ? (
      <div className="lp-action-error" role="alert">
        {failed.text}
      </div>
    ) : null;
  const earlierNotified = new Set(c ? c.notices.flatMap((n) => n.items) : []);
  const openFile = async (fileId: string) => {
    if (!c) return;
    try {
      const { url } = await api<{ url: string }>('claims/fileUrl', { id: c.id, fileId });
      window.open(url, '_blank', 'noopener');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const memberEntries = c ? c.staffTimeline.filter((e) => e.from === 'member') : [];
  return (
    <>
      <div className="panel claims-queue">
        <div className="filters">
          <h3 style={{ margin: 0 }}>理赔工作台</h3>
          <Radio.Group variant="default-filled" value={status} onChange={(v) => setStatus(v as Status)}>
            {STATUS_TABS.map((t) => (
              <Radio.Button key={t.value || 'all'} value={t.value}>
                {t.label}
              </Radio.Button>
            ))}
          </Radio.Group>
        </div>
        <StackedTable
          rowKey="id"
          size="small"
          data={rows}
          empty="暂无待办理的案件"
          onRowClick={({ row }) => show(row.id)}
          rowClassName={({ row }) => (row.overdue ? 'lp-overdue' : '')}
          columns={[
            { colKey: 'number', title: '案件号' },
            { colKey: 'claimTypeLabel', title: '类型' },
            { colKey: 'statusLabel', title: '状态' },
            { colKey: 'insured', title: '出险人' },
            { colKey: 'dueAt', title: '最近时限', cell: ({ row }) => <Due dueAt={row.dueAt} text={row.dueText} /> },
            { colKey: 'handler', title: '理赔员', cell: ({ row }) => row.handler ?? '—' },
          ]}
        />
      </div>
      {error && <Alert theme="error" className="claims-error" message={error} style={{ marginBottom: 16 }} />}
      {c && (
        <div className="panel claims-detail">
          <h3>
            {c.number} · {c.claimTypeLabel} <Tag theme={c.status === 'documentsPending' ? 'warning' : c.status === 'paid' ? 'success' : 'primary'}>{c.statusLabel}</Tag>
          </h3>
          <div className="kv">
            <span className="k">保单</span>
            <span>
              {c.policyNo} {c.productName}（保额 {c.sumInsuredYuan} 元）
            </span>
            <span className="k">出险人</span>
            <span>
              {c.insured.maskedName}（{c.insured.relation}）
            </span>
            <span className="k">出险</span>
            <span>
              {c.incidentDate} · {c.place}
            </span>
            <span className="k">经过</span>
            <span className="lp-text">{c.description}</span>
            {c.claimedYuan && (
              <>
                <span className="k">申请金额</span>
                <span>{c.claimedYuan} 元</span>
              </>
            )}
            <span className="k">首次收到</span>
            <span>{at(c.firstReceivedAt)}</span>
            <span className="k">材料齐全</span>
            <span>{at(c.documentsCompleteAt)}</span>
            {c.complaint && (
              <>
                <span className="k">已转投诉</span>
                <span>{c.complaint.number}</span>
              </>
            )}
          </div>

          <h4>时限（保险法第二十二至二十五条）</h4>
          <StackedTable
            rowKey="kind"
            size="small"
            data={c.clocks}
            columns={[
              { colKey: 'label', title: '时限' },
              { colKey: 'dueText', title: '到期', cell: ({ row }) => <>{row.dueText}{row.provisional ? '（暂定）' : ''}</> },
              { colKey: 'state', title: '状态', cell: ({ row }) => (row.metAt ? '已完成' : row.cancelledAt ? '已撤销' : row.pausedSince ? '暂停中' : row.breachedAt ? '已超时' : row.warnedAt ? '即将到期' : '计时中') },
              { colKey: 'pausedDays', title: '暂停天数' },
            ]}
          />

          <h4>材料清单</h4>
          <StackedTable
            rowKey="key"
            size="small"
            data={c.checklist}
            columns={[
              { colKey: 'label', title: '材料', cell: ({ row }) => <>{row.label} {row.sensitive && <Tag size="small" theme="warning">敏感</Tag>}</> },
              { colKey: 'stateLabel', title: '状态' },
              {
                colKey: 'files',
                title: '文件（查看均记入审计）',
                cell: ({ row }) => (
                  <span className="lp-files">
                    {row.files.map((fid: string, i: number) => (
                      <Button key={fid} size="small" variant="text" onClick={() => openFile(fid)}>
                        文件{i + 1}
                      </Button>
                    ))}
                  </span>
                ),
              },
            ]}
          />

          {c.fullDecision?.kind === 'refuse' && <pre className="lp-letter">{c.fullDecision.letter}</pre>}
          {c.payments.length > 0 && (
            <p>
              付款：{c.payments.map((p) => `${p.paidOn} ${p.kind === 'advance' ? '预付' : '赔付'} ${p.amountYuan} 元（${p.reference}）`).join('；')}
            </p>
          )}

          <div className="lp-timeline">
            {c.staffTimeline.map((e) => (
              <div key={e.id} className={`lp-entry ${e.visibility === 'internal' ? 'lp-internal' : ''}`}>
                <span className="muted">
                  {at(e.at)} · {e.from === 'member' ? '会员' : e.from === 'staff' ? e.by : '系统'}
                </span>
                <div>{e.text}</div>
              </div>
            ))}
          </div>

          {c.may.requestDocuments && (
            <div className="lp-action lp-request">
              <strong>{c.notices.length ? '再次通知补充材料（须说明原因，只能列出新增材料）' : '一次性告知需补充的材料（保险法第二十二条）'}</strong>
              {/* Each item with its state; items an earlier notice listed cannot be asked for again (art 22). */}
              <Checkbox.Group
                value={f.items}
                onChange={(v) => set('items')(v)}
                options={c.checklist.map((i) => ({ value: i.key, label: `${i.label}（${earlierNotified.has(i.key) ? '已通知' : i.stateLabel}）`, disabled: c.notices.length > 0 && earlierNotified.has(i.key) }))}
              />
              {c.notices.length > 0 && (
                <>
                  <Select placeholder="原因" options={REASON_OPTIONS} value={f.reasonCode} onChange={set('reasonCode')} />
                  <Input placeholder="原因说明" value={f.reasonText} onChange={set('reasonText')} />
                </>
              )}
              <Input placeholder="给会员的说明（选填）" value={f.note} onChange={set('note')} />
              <Button disabled={!f.items.length} onClick={() => act('claims/requestDocuments', { items: f.items, ...(f.note ? { note: f.note } : {}), ...(f.reasonCode ? { reasonCode: f.reasonCode, reasonText: f.reasonText } : {}) }, '已通知会员补充材料')}>
                发送补充材料通知
              </Button>
              {!f.items.length && <span className="muted">请先勾选缺少的材料</span>}
              {failure('claims/requestDocuments')}
            </div>
          )}
          {c.may.logCall && <CallLogForm<StaffClaimView> className="lp-action" route="claims/logCall" id={c.id} version={c.version} onSaved={(next) => { setC(next); setDone('已保存通话记录'); }} />}
          {c.may.recordAssessment && (
            <div className="lp-action">
              <Textarea placeholder="审核意见（内部）" value={f.assessment} onChange={set('assessment')} />
              <Button onClick={() => act('claims/recordAssessment', { text: f.assessment }, '已记录审核意见')}>记录审核意见</Button>
              {failure('claims/recordAssessment')}
            </div>
          )}
          {c.may.decide && (
            <div className="lp-action lp-decide">
              <Radio.Group value={f.outcome} onChange={set('outcome')}>
                <Radio value="pay">赔付</Radio>
                <Radio value="refuse">拒赔</Radio>
              </Radio.Group>
              {f.outcome === 'pay' ? (
                <>
                  <ClaimCalculationEditor value={calc} onChange={setCalc} sumInsuredFen={fenOf(c.sumInsuredYuan.replace(/,/g, ''))} issues={failed?.route === 'claims/decide' ? failed.issues : undefined} />
                  <Textarea placeholder="核定依据（会员可见）" value={f.basis} onChange={set('basis')} />
                </>
              ) : (
                <Textarea placeholder="拒赔理由（写入拒赔通知书）" value={f.reasons} onChange={set('reasons')} />
              )}
              <Button theme={f.outcome === 'pay' ? 'primary' : 'danger'} onClick={() => act('claims/decide', f.outcome === 'pay' ? { outcome: 'pay', calculation: calculationOf(calc), basis: f.basis } : { outcome: 'refuse', reasons: f.reasons }, '已作出决定')}>
                作出决定
              </Button>
              {failure('claims/decide')}
            </div>
          )}
          {c.may.approve && (
            <div className="lp-action">
              <span>核定金额 {c.fullDecision?.kind === 'pay' ? (c.fullDecision.amountFen / 100).toFixed(2) : ''} 元超出理赔员权限</span>
              <Button theme="primary" onClick={() => act('claims/approve', {}, '已审批，赔付金额已通知会员')}>
                审批同意
              </Button>
              {failure('claims/approve')}
            </div>
          )}
          {c.may.recordAcceptance && (
            <div className="lp-action">
              <Input placeholder="电话确认凭证（录音编号、通话时间等）" value={f.evidence} onChange={set('evidence')} />
              <Button onClick={() => act('claims/recordAcceptance', { evidence: f.evidence }, '已登记会员电话确认')}>登记电话确认</Button>
              {failure('claims/recordAcceptance')}
            </div>
          )}
          {c.may.recordPayment && (
            <div className="lp-action lp-pay">
              {/* An advance before the decision (art 25), the final payment once the amount is agreed. */}
              <strong>{c.may.recordAdvance ? '登记预付（保险法第二十五条：核定前先行支付可以确定的部分）' : '登记赔款（已达成赔付协议，10日内支付）'}</strong>
              <Input placeholder="付款日期 YYYY-MM-DD" value={f.paidOn} onChange={set('paidOn')} />
              <Input placeholder="金额（元）" value={f.payAmount} onChange={set('payAmount')} />
              <Input placeholder="付款流水号" value={f.reference} onChange={set('reference')} />
              <Button onClick={() => act('claims/recordPayment', { kind: c.may.recordAdvance ? 'advance' : 'final', paidOn: f.paidOn, amountFen: fenOf(f.payAmount), reference: f.reference }, '已登记付款')}>登记付款</Button>
              {failure('claims/recordPayment')}
            </div>
          )}
          {c.may.convertToComplaint && memberEntries.length > 0 && (
            <div className="lp-action lp-convert">
              <strong>转为投诉：选择会员首次表达不满的留言</strong>
              <Radio.Group value={f.entryId} onChange={set('entryId')}>
                {memberEntries.map((e) => (
                  <Radio key={e.id} value={e.id}>
                    {at(e.at)}：{e.text}
                  </Radio>
                ))}
              </Radio.Group>
              <Input placeholder="转投诉原因" value={f.convertReason} onChange={set('convertReason')} />
              <Button variant="outline" onClick={() => act('claims/convertToComplaint', { entryId: f.entryId, reason: f.convertReason }, '已转为投诉')}>
                转为投诉
              </Button>
              {failure('claims/convertToComplaint')}
            </div>
          )}
          {done && <Alert theme="success" className="claims-done" message={done} style={{ marginTop: 12 }} />}
        </div>
      )}
    </>
  );
};
