import { Tag } from 'tdesign-react';
import { shTime } from './LedgerItemDetail';

/**
 * The whole record of a sampled case as quality/case returns it: the area's own staff view (complaint,
 * consultation or claim), personal data masked. The three shapes differ, so each part is read where that
 * area keeps it; nothing here can act on the case.
 */
type Rec = Record<string, any>;

interface Line {
  key: string;
  when: string;
  who: string;
  label?: string;
  text?: string;
  internal: boolean;
  files: number;
}

const timelineOf = (r: Rec): Line[] => {
  if (Array.isArray(r.staffTimeline))
    return r.staffTimeline.map((e: Rec) => ({ key: e.id, when: shTime(e.at), who: e.from === 'member' ? '会员' : e.from === 'staff' ? e.by ?? '员工' : '系统', text: e.text, internal: e.visibility === 'internal', files: 0 }));
  return (r.timeline ?? []).map((e: Rec) => ({
    key: e.id,
    when: e.atText ?? shTime(e.at),
    who: e.actorName ?? e.from ?? '',
    label: e.label,
    text: e.text,
    internal: e.visibility === 'internal',
    files: Array.isArray(e.attachments) ? e.attachments.length : 0,
  }));
};

interface Due {
  key: string;
  label: string;
  due: string;
  state: string;
  bad: boolean;
}

const deadlinesOf = (r: Rec): Due[] => {
  if (Array.isArray(r.deadlines))
    return r.deadlines.map((d: Rec, i: number) => ({
      key: `${d.kind}-${i}`,
      label: d.label,
      due: d.dueAtText ?? '',
      state: d.breached ? `已超时${d.metAtText ? `（${d.metAtText} 完成）` : ''}` : d.met ? `已完成 ${d.metAtText ?? ''}` : '进行中',
      bad: Boolean(d.breached),
    }));
  // Consultations keep steps as objects; a claim's `steps` are the member's progress words, its clocks are `clocks`.
  const steps = Array.isArray(r.steps) && typeof r.steps[0] === 'object' ? r.steps : Array.isArray(r.clocks) ? r.clocks : [];
  return steps.map((s: Rec, i: number) => ({
    key: `${s.kind}-${i}`,
    label: s.label ?? s.kind,
    due: s.dueText ?? '',
    state: s.breachedAt ? '已超时' : s.metAt ? `已完成 ${shTime(s.metAt)}` : s.cancelledAt ? '已取消' : s.overdue ? '已超时' : '进行中',
    bad: Boolean(s.breachedAt || s.overdue),
  }));
};

const attachmentsOf = (r: Rec): string[] => {
  const own: string[] = Array.isArray(r.attachments) ? r.attachments : [];
  const checklist: string[] = Array.isArray(r.checklist) ? r.checklist.flatMap((i: Rec) => (i.files ?? []).map(() => i.label as string)) : [];
  return [...own.map((_, i) => `附件${i + 1}`), ...checklist];
};

const decisionOf = (r: Rec): string | undefined => {
  const d = r.fullDecision ?? r.decision;
  if (!d) return undefined;
  if (typeof d === 'string') return d;
  if (d.kind === 'refuse') return `拒赔：${d.reasons}`;
  if (d.kind === 'pay') return `赔付 ${d.amountYuan ?? (d.amountFen !== undefined ? (d.amountFen / 100).toFixed(2) : '')} 元${d.basis ? `，依据：${d.basis}` : ''}`;
  return [d.findings, d.basis && `依据：${d.basis}`, Array.isArray(d.remedies) && d.remedies.length ? `救济途径：${d.remedies.join('；')}` : ''].filter(Boolean).join('\n');
};

export const QualityCaseRecord = ({ record, areaLabel }: { record: Rec; areaLabel: string }) => {
  const facts: [string, unknown][] = [
    ['状态', record.statusLabel],
    ['类别', record.categoryLabel ?? record.topicLabel ?? record.claimTypeLabel],
    ['等级', record.gradeText ?? record.gradeLabel],
    ['会员', record.memberName ?? record.insured?.name ?? record.insured],
    ['电话', record.phoneMasked],
    ['保单号', record.policyNo],
    ['经办人', record.ownerName ?? record.handler?.name ?? record.advisorName],
    ['受理时间', record.createdAtText ?? (record.createdAt && shTime(record.createdAt))],
  ];
  const text = record.description ?? record.question;
  const timeline = timelineOf(record);
  const deadlines = deadlinesOf(record);
  const files = attachmentsOf(record);
  const decision = decisionOf(record);
  return (
    <div className="qa-record">
      <h4 className="qa-record-title">
        {areaLabel} {record.number}
      </h4>
      <div className="kv">
        {facts
          .filter(([, v]) => v !== undefined && v !== null && v !== '' && typeof v !== 'object')
          .map(([k, v]) => (
            <span key={k} style={{ display: 'contents' }}>
              <span className="k">{k}</span>
              <span className="qa-text">{String(v)}</span>
            </span>
          ))}
      </div>
      {text && (
        <>
          <h5>{record.question ? '咨询内容' : '诉求内容'}</h5>
          <div className="qa-text qa-box">{text}</div>
        </>
      )}
      {decision && (
        <>
          <h5>处理结果</h5>
          <div className="qa-text qa-box">{decision}</div>
        </>
      )}
      <h5>时限</h5>
      {deadlines.length ? (
        <ul className="qa-deadlines">
          {deadlines.map((d) => (
            <li key={d.key} className={d.bad ? 'due-overdue' : ''}>
              {d.label}：{d.due} · {d.state}
            </li>
          ))}
        </ul>
      ) : (
        <div className="muted">无时限记录</div>
      )}
      <h5>附件</h5>
      {files.length ? <div className="qa-text">{files.join('、')}（共{files.length}份，内容在本业务工作台查看）</div> : <div className="muted">无附件</div>}
      <h5>处理记录（答复、内部备注与系统记录）</h5>
      <div className="qa-timeline">
        {timeline.map((e) => (
          <div key={e.key} className={`qa-entry ${e.internal ? 'timeline-internal' : ''}`}>
            <div className="muted">
              {e.when} · {e.who}
              {e.label ? ` · ${e.label}` : ''} {e.internal && <Tag size="small">内部备注</Tag>}
            </div>
            {e.text && <div className="qa-text">{e.text}</div>}
            {e.files > 0 && <div className="muted">附件 {e.files} 份</div>}
          </div>
        ))}
        {!timeline.length && <div className="muted">无处理记录</div>}
      </div>
    </div>
  );
};
