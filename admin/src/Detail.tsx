import { cloneElement, useEffect, useState, type ReactElement } from 'react';
import { Button, Checkbox, Dialog, Input, MessagePlugin, Select, Tag, Textarea, Tooltip } from 'tdesign-react';
import type { StaffComplaintView } from '../../typings/api';
import { AdminApiError, api, messageOf } from './api';
import { GRADE_OPTIONS } from './format';
import { ReasonDialog } from './ReasonDialog';
import { Attachments } from './Attachments';
import { LedgerOpenDialog } from './LedgerOpenDialog';
import { CallLogForm } from './CallLogForm';

const REMEDIES = ['申请核查', '调解', '仲裁', '诉讼'];

type DialogKind = null | 'resolve' | 'extend' | 'grade' | 'assign' | 'merge' | 'close';

/** One complaint: what happened, what is due, and every action a staff member may take on it. */
export const Detail = ({ id, permissions, onBack, onOpenMember }: { id: string; permissions: string[]; onBack: () => void; onOpenMember?: (memberId: string) => void }) => {
  const [c, setC] = useState<StaffComplaintView>();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [phone, setPhone] = useState<string>();
  const [name, setName] = useState<string>();
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [unmasking, setUnmasking] = useState<'name' | 'phone' | null>(null);
  /** The case's texts in full (complaints/unmaskText, audited), by key: `description`, `timeline:<id>`, …; this view only. */
  const [originals, setOriginals] = useState<Record<string, string>>();
  const [askingOriginals, setAskingOriginals] = useState(false);
  const [takingOver, setTakingOver] = useState(false);
  const [form, setForm] = useState<Record<string, unknown>>({});
  const [staff, setStaff] = useState<{ id: string; name: string; roleLabel: string; status?: string }[]>([]);
  const can = (p: string) => permissions.includes(p);
  // 整改事项 from this complaint's root cause (整改台账), linked by number only.
  const [ledgerOpen, setLedgerOpen] = useState(false);

  /** After a conflict the fresh copy is shown but the conflict message stays: the staff member must see why. */
  const load = async (keepError = false) => {
    try {
      setC(await api<StaffComplaintView>('complaints/detail', { id }));
      if (!keepError) setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    // A full value is for the case it was asked on: never carried to the next one.
    setPhone(undefined);
    setName(undefined);
    setOriginals(undefined);
    load();
    if (can('staff.list')) api<typeof staff>('staff/list').then(setStaff).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  /** Every write sends the version on screen; a conflict says so and reloads, never overwrites. */
  const act = async (write: string, body: Record<string, unknown> = {}) => {
    if (!c) return;
    try {
      const next = await api<StaffComplaintView>(`complaints/${write}`, { id: c.id, version: c.version, ...body });
      setC(next);
      setText('');
      setDialog(null);
      setForm({});
      setError('');
      MessagePlugin.success('已保存');
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError && e.code.endsWith('VERSION_CONFLICT')) load(true);
    }
  };

  if (!c) return <div className="panel">{error || '加载中…'}</div>;
  const allowed = (a: string) => c.allowed.includes(a);
  // Unmask links only where the API would answer: the permission and the need-to-know rule on this case.
  const canUnmask = can('complaint.viewPersonalData') && c.personalData.may;
  /** Case ownership (the server's rule, in the view): why this staff member may not take an action the status allows. */
  const blockedReason = (a: string) => (c.access[a]?.may === false ? c.access[a].blockedReason ?? '不能执行此操作' : undefined);
  /** The action's button, disabled with the reason on hover when the case is not this staff member's to work. */
  const gate = (a: string, button: ReactElement<{ disabled?: boolean }>) => {
    const why = blockedReason(a);
    if (!why) return button;
    return (
      <Tooltip content={why} key={a}>
        <span className="blocked-action" title={why}>
          {cloneElement(button, { disabled: true })}
        </span>
      </Tooltip>
    );
  };
  const caseBlocked = c.allowed.filter((a) => a !== 'assign' && a !== 'takeOver').map(blockedReason).find(Boolean);

  return (
    <>
      <div className="filters">
        <Button variant="text" onClick={onBack}>
          ← 返回
        </Button>
        <h2 style={{ margin: 0 }} className="detail-number">
          {c.number}
        </h2>
        <Tag theme="primary" variant="light" className="detail-status">
          {c.statusLabel}
        </Tag>
        {c.greenChannel && <Tag theme="success">绿色通道</Tag>}
        <Tag className="detail-grade">{c.gradeText}</Tag>
        <span className="muted">版本 {c.version}</span>
        {can('ledger.manage') && (
          <Button size="small" variant="outline" className="detail-open-ledger" onClick={() => setLedgerOpen(true)}>
            登记整改事项
          </Button>
        )}
      </div>
      {ledgerOpen && (
        <LedgerOpenDialog
          visible
          preset={{ source: { kind: 'complaintRootCause', ref: c.id, label: `投诉 ${c.number} 根因` }, links: [{ area: 'complaints', id: c.id, number: c.number }], kind: 'complaints' }}
          onClose={() => setLedgerOpen(false)}
          onOpened={(i) => (setLedgerOpen(false), MessagePlugin.success(`已登记整改事项 ${i.number}`))}
        />
      )}
      {error && <div className="panel error-text detail-error">{error}</div>}
      <div className="grid2">
        <div>
          <div className="panel">
            <h3>投诉内容</h3>
            <div className="kv">
              <span className="k">类型</span><span>{c.categoryLabel}</span>
              <span className="k">渠道</span><span>{c.channelLabel}</span>
              <span className="k">收到时间</span><span>{c.receivedAtText}</span>
              <span className="k">保单号</span><span>{c.policyNo ?? '—'}</span>
              <span className="k">负责人</span>
              <span className="detail-owner">{c.mine ? `${c.ownerName ?? '我'}（我）` : c.ownerId ? c.ownerName ?? c.ownerId : '未分派'}</span>
              <span className="k">会员</span>
              <span>
                <span className="detail-member">{name ?? c.memberName}</span>{' '}
                {!name && c.memberName !== '访客' && canUnmask && (
                  <Button size="small" variant="text" className="detail-unmask-name" onClick={() => setUnmasking('name')}>
                    查看完整姓名（将记录审计）
                  </Button>
                )}
                {onOpenMember && can('members.read') && (
                  <Button size="small" variant="text" theme="primary" className="detail-open-member" onClick={() => onOpenMember(c.memberId)}>
                    会员主页
                  </Button>
                )}
              </span>
              {c.phoneMasked && (
                <>
                  <span className="k">联系电话</span>
                  <span>
                    <span className="detail-phone">{phone ?? c.phoneMasked}</span>{' '}
                    {!phone && canUnmask && (
                      <Button size="small" variant="text" className="detail-unmask-phone" onClick={() => setUnmasking('phone')}>
                        查看完整号码（将记录审计）
                      </Button>
                    )}
                  </span>
                </>
              )}
              <span className="k">描述</span><span className="detail-description">{originals?.description ?? c.description}</span>
            </div>
            {c.hasMaskedText && canUnmask && (
              <div className="masked-text-note muted">
                文字中的手机号、身份证号、银行卡号已遮盖。{' '}
                {originals ? (
                  <Button size="small" variant="text" className="detail-hide-original" onClick={() => setOriginals(undefined)}>
                    隐藏原文
                  </Button>
                ) : (
                  <Button size="small" variant="text" className="detail-show-original" onClick={() => setAskingOriginals(true)}>
                    显示原文（将记录审计）
                  </Button>
                )}
              </div>
            )}
            {c.attachments.length > 0 && (
              <div className="kv detail-attachments">
                <span className="k">附件（{c.attachments.length}）</span>
                <Attachments caseId={c.id} files={c.attachments} />
              </div>
            )}
            {c.contentFlags.length > 0 && (
              <div className="content-flags">
                {c.contentFlags.map((f, i) => (
                  <div key={i} className={`content-flag content-flag-${f.verdict}`}>
                    内容安全提示 · {f.fieldLabel}：{f.verdictLabel}（{f.checkedAtText}）。原文照常受理，请按内容审慎回复。
                  </div>
                ))}
              </div>
            )}
          </div>
          <div className="panel">
            <h3>处理</h3>
            {caseBlocked && <div className="ownership-note">{caseBlocked}</div>}
            <Textarea placeholder="回复会员（会员可见），或写内部备注（仅员工可见）" value={text} onChange={(v) => setText(String(v))} autosize={{ minRows: 3 }} className="reply-text" disabled={Boolean(blockedReason('internalNote'))} />
            <div className="actions">
              {allowed('takeOver') && can('complaint.work') && !c.mine && gate('takeOver', <Button variant="outline" theme="primary" onClick={() => setTakingOver(true)} className="act-take-over">接手</Button>)}
              {allowed('acknowledge') && can('complaint.work') && gate('acknowledge', <Button onClick={() => act('acknowledge')} className="act-acknowledge">受理</Button>)}
              {allowed('reply') && can('complaint.work') && gate('reply', <Button theme="primary" disabled={!text.trim()} onClick={() => act('reply', { text })} className="act-reply">回复会员</Button>)}
              {allowed('internalNote') && can('complaint.work') && gate('internalNote', <Button variant="outline" disabled={!text.trim()} onClick={() => act('note', { text })} className="act-note">内部备注</Button>)}
              {allowed('requestInformation') && can('complaint.work') && gate('requestInformation', <Button variant="outline" disabled={text.trim().length < 5} onClick={() => act('requestInformation', { text })} className="act-request-information">请会员补充材料</Button>)}
              {allowed('resolve') && can('complaint.work') && gate('resolve', <Button theme="success" onClick={() => setDialog('resolve')} className="act-resolve">出具处理结果</Button>)}
              {allowed('assign') && can('complaint.assign') && gate('assign', <Button variant="outline" onClick={() => setDialog('assign')}>分派</Button>)}
              {allowed('confirmGrade') && can('complaint.grade') && gate('confirmGrade', <Button variant="outline" onClick={() => setDialog('grade')}>确认等级</Button>)}
              {allowed('escalate') && can('complaint.escalate') && gate('escalate', <Button theme="warning" variant="outline" onClick={() => act('escalate', { reason: text.trim() || '人工升级' })} className="act-escalate">升级至主管</Button>)}
              {allowed('extendRegulatory') && can('complaint.extend') && gate('extendRegulatory', <Button variant="outline" onClick={() => setDialog('extend')}>延长处理期限</Button>)}
              {allowed('startReview') && can('complaint.review') && gate('startReview', <Button onClick={() => act('startReview')}>受理核查</Button>)}
              {allowed('close') && can('complaint.close') && gate('close', <Button variant="outline" onClick={() => setDialog('close')}>办结</Button>)}
              {allowed('withdraw') && can('complaint.merge') && gate('withdraw', <Button variant="outline" onClick={() => setDialog('merge')}>合并重复投诉</Button>)}
            </div>
            {allowed('internalNote') && can('complaint.work') && !blockedReason('internalNote') && (
              <CallLogForm<StaffComplaintView> route="complaints/logCall" id={c.id} version={c.version} onSaved={(next) => { setC(next); MessagePlugin.success('已保存通话记录'); }} />
            )}
          </div>
        </div>
        <div>
          <div className="panel">
            <h3>时限</h3>
            {c.deadlines.map((d) => (
              <div key={d.kind} className={`kv deadline deadline-${d.kind}`} style={{ marginBottom: 6 }}>
                <span className="k">{d.label}</span>
                <span>
                  <span className={d.overdue ? 'due-overdue' : ''}>时限 {d.dueAtText}</span>
                  {d.paused && !d.met && <Tag size="small" style={{ marginLeft: 6 }}>暂停计时</Tag>}
                  {d.provisional && !d.met && <Tag size="small" style={{ marginLeft: 6 }}>暂定</Tag>}
                  {d.breached && (
                    <Tag size="small" theme="danger" variant="light" className="deadline-breached" style={{ marginLeft: 6 }}>
                      已超时
                    </Tag>
                  )}
                  {d.met && (
                    <div className="deadline-met muted">
                      {d.breached ? '超时完成' : '已完成'}：{d.metAtText}
                    </div>
                  )}
                  {d.breached && <div className="deadline-breach-at due-overdue">超时记录：{d.breachedAtText}</div>}
                </span>
              </div>
            ))}
            <div className="muted">监管期限：{c.regulatoryDays} 日</div>
          </div>
          <div className="panel timeline">
            <h3>处理记录</h3>
            {c.timeline.map((t) => (
              <div key={t.id} className={t.visibility === 'internal' ? 'timeline-internal' : ''} style={{ padding: '6px 8px', borderBottom: '1px solid #f2f3f5' }}>
                <div className="muted">
                  {t.atText} · {t.label} · {t.actorName} {t.visibility === 'internal' && <Tag size="small" theme="warning">内部</Tag>}
                </div>
                {t.text && <div className="timeline-text">{originals?.[`timeline:${t.id}`] ?? t.text}</div>}
              </div>
            ))}
          </div>
        </div>
      </div>

      <Dialog header="出具处理结果（决定告知书）" visible={dialog === 'resolve'} onClose={() => setDialog(null)} onConfirm={() => act('resolve', { findings: form.findings, basis: form.basis, remedies: form.remedies ?? REMEDIES })} confirmBtn="发送给会员" width={560}>
        <Textarea placeholder="调查结论" value={String(form.findings ?? '')} onChange={(v) => setForm({ ...form, findings: v })} className="resolve-findings" />
        <div style={{ height: 8 }} />
        <Input placeholder="处理依据（条款、制度）" value={String(form.basis ?? '')} onChange={(v) => setForm({ ...form, basis: v })} className="resolve-basis" />
        <div style={{ height: 8 }} />
        <Checkbox.Group value={(form.remedies as string[]) ?? REMEDIES} onChange={(v) => setForm({ ...form, remedies: v })} options={REMEDIES} />
      </Dialog>
      <Dialog header="延长处理期限" visible={dialog === 'extend'} onClose={() => setDialog(null)} onConfirm={() => act('extend', { toDays: form.toDays ?? 30, reason: form.reason })}>
        <Select value={(form.toDays as number) ?? 30} onChange={(v) => setForm({ ...form, toDays: v })} options={[{ label: '延长至30日（复杂案件）', value: 30 }, { label: '延长至60日（需总公司审批）', value: 60 }]} />
        <div style={{ height: 8 }} />
        <Textarea placeholder="延长理由（将告知会员）" value={String(form.reason ?? '')} onChange={(v) => setForm({ ...form, reason: v })} />
      </Dialog>
      <Dialog header="确认等级" visible={dialog === 'grade'} onClose={() => setDialog(null)} onConfirm={() => act('grade', { grade: form.grade ?? c.grade, urgent: Boolean(form.urgent), reason: form.reason ?? '人工确认' })}>
        <Select value={(form.grade as string) ?? c.grade} options={GRADE_OPTIONS} onChange={(v) => setForm({ ...form, grade: v })} />
        <div style={{ height: 8 }} />
        <Checkbox checked={Boolean(form.urgent)} onChange={(v) => setForm({ ...form, urgent: v })}>紧急（走绿色通道）</Checkbox>
        <Input placeholder="分级理由" value={String(form.reason ?? '')} onChange={(v) => setForm({ ...form, reason: v })} />
      </Dialog>
      <Dialog header="分派处理人" visible={dialog === 'assign'} onClose={() => setDialog(null)} onConfirm={() => act('assign', { toStaffId: form.toStaffId })}>
        <Select placeholder="选择员工" options={staff.filter((s) => s.status !== 'disabled').map((s) => ({ label: `${s.name}（${s.roleLabel}）`, value: s.id }))} onChange={(v) => setForm({ ...form, toStaffId: v })} />
      </Dialog>
      <Dialog header="办结" visible={dialog === 'close'} onClose={() => setDialog(null)} onConfirm={() => act('close', { reason: form.reason ?? '处理完毕，办结' })}>
        <Input placeholder="办结说明" value={String(form.reason ?? '')} onChange={(v) => setForm({ ...form, reason: v })} />
      </Dialog>
      <Dialog
        header="合并重复投诉"
        visible={dialog === 'merge'}
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          try {
            const found = await api<{ items: { id: string; version: number }[] }>('complaints/search', { q: String(form.duplicate ?? '') });
            const dup = found.items[0];
            if (!dup) return setError('未找到该投诉编号');
            await act('merge', { duplicateId: dup.id, duplicateVersion: dup.version });
          } catch (e) {
            setError(messageOf(e));
          }
        }}
      >
        <Input placeholder="重复投诉的编号，如 TS20261102-0002（将并入本投诉）" value={String(form.duplicate ?? '')} onChange={(v) => setForm({ ...form, duplicate: v })} />
      </Dialog>
      <ReasonDialog
        header="接手案件"
        visible={takingOver}
        hint={c.ownerId ? `接手后本案由您负责，原负责人${c.ownerName ?? ''}不能再处理；接手及原因将记入处理记录和审计日志。` : '接手后本案由您负责；接手及原因将记入处理记录和审计日志。'}
        confirm="接手"
        onClose={() => setTakingOver(false)}
        onConfirm={async (reason) => {
          setC(await api<StaffComplaintView>('complaints/takeOver', { id: c.id, version: c.version, reason }));
          setTakingOver(false);
          setError('');
          MessagePlugin.success('已接手');
        }}
      />
      <ReasonDialog
        header="显示原文"
        visible={askingOriginals}
        hint="原文含会员的手机号、身份证号或银行卡号，仅用于处理本案；查看将连同原因记入审计日志。"
        confirm="显示"
        onClose={() => setAskingOriginals(false)}
        onConfirm={async (reason) => {
          const out = await api<{ texts: Record<string, string> }>('complaints/unmaskText', { id: c.id, reason });
          setOriginals(out.texts);
          setAskingOriginals(false);
        }}
      />
      <ReasonDialog
        header={unmasking === 'name' ? '查看完整姓名' : '查看完整号码'}
        visible={unmasking !== null}
        hint="完整信息仅用于处理本案（如回电核实），查看将连同原因记入审计日志。"
        confirm="查看"
        onClose={() => setUnmasking(null)}
        onConfirm={async (reason) => {
          const field = unmasking ?? 'phone';
          const out = await api<{ phone?: string; name?: string }>('complaints/viewPersonalData', { id: c.id, field, reason });
          if (field === 'name') setName(out.name);
          else setPhone(out.phone);
          setUnmasking(null);
        }}
      />
    </>
  );
};
