import { useEffect, useState } from 'react';
import { Alert, Button, Input, MessagePlugin, Select, Tag } from 'tdesign-react';
import { ReasonDialog } from './ReasonDialog';
import type { MaskedField, MemberHit, MemberSearchBy, MemberSearchResult, PolicyBrief, StaffMemberPage, UnmaskedField } from '../../typings/staffMembers';
import { AdminApiError, api, messageOf } from './api';

/** A member page is opened by the member's id, or (a holder who never bound) by one of their policies. */
export type MemberSubject = { memberId?: string; policyNo?: string };

const SEARCH_BY: { value: MemberSearchBy; label: string; placeholder: string }[] = [
  { value: 'policyNo', label: '保单号', placeholder: '保单号，可只输入前几位，如 P2026' },
  { value: 'phone', label: '手机号', placeholder: '完整的11位手机号' },
  { value: 'name', label: '姓名', placeholder: '完整姓名（精确匹配）' },
];
const FIELD_LABELS: Record<MaskedField, string> = { name: '姓名', phone: '手机号', idNumber: '身份证号' };
const BINDING_LABELS: Record<PolicyBrief['binding'], string> = { this: '本会员已绑定', other: '其他账号已绑定', none: '未绑定' };
const STATUS_THEMES: Record<string, 'success' | 'default' | 'warning'> = { inForce: 'success', lapsed: 'warning', surrendered: 'default', expired: 'default' };
const CAUSES = [
  { value: 'phoneChanged', label: '更换手机号' },
  { value: 'accountLost', label: '微信账号丢失或更换' },
  { value: 'other', label: '其他' },
];

const kindTag = (kind: MemberHit['kind'], label: string) => (
  <Tag size="small" variant="light" theme={kind === 'bound' ? 'primary' : kind === 'unbound' ? 'warning' : 'default'}>
    {label}
  </Tag>
);
const statusTag = (p: PolicyBrief) => (
  <Tag size="small" variant="light" theme={STATUS_THEMES[p.status] ?? 'default'}>
    {p.statusLabel}
  </Tag>
);

/** The last lookup survives opening a member and coming back. */
let lastSearch: { by: MemberSearchBy; q: string; result?: MemberSearchResult } = { by: 'policyNo', q: '' };

/** 会员查询: by policy number (or its beginning), phone or full name; every result masked. */
export const MembersPanel = ({ onOpen }: { onOpen: (s: MemberSubject) => void }) => {
  const [by, setBy] = useState<MemberSearchBy>(lastSearch.by);
  const [q, setQ] = useState(lastSearch.q);
  const [result, setResult] = useState<MemberSearchResult | undefined>(lastSearch.result);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  const search = async () => {
    setError('');
    setLoading(true);
    try {
      const found = await api<MemberSearchResult>('members/search', { by, q: q.trim() });
      setResult(found);
      lastSearch = { by, q, result: found };
    } catch (e) {
      setResult(undefined);
      setError(e instanceof AdminApiError && e.error.issues?.length ? e.error.issues.map((i) => i.message).join('；') : messageOf(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="panel members-search">
      <div className="filters">
        <Select value={by} onChange={(v) => setBy(v as MemberSearchBy)} options={SEARCH_BY} style={{ width: 110 }} className="members-by" />
        <Input
          value={q}
          onChange={(v) => setQ(String(v))}
          onEnter={search}
          placeholder={SEARCH_BY.find((s) => s.value === by)!.placeholder}
          style={{ width: 'min(320px, 100%)' }}
          className="members-q"
        />
        <Button theme="primary" onClick={search} loading={loading} className="members-go">
          查询
        </Button>
      </div>
      <p className="muted">结果中的姓名、手机号和身份证号均已脱敏。手机号和姓名按加密索引精确匹配，不支持模糊查询。</p>
      {error && <div className="error-text members-error">{error}</div>}
      {result?.truncated && <Alert theme="warning" message="匹配的保单较多，仅显示前 20 张，请输入更完整的保单号。" style={{ marginBottom: 8 }} />}
      {result && !result.items.length && <div className="muted members-empty">未找到匹配的会员或保单</div>}
      {result?.items.map((row) => (
        <div className="member-row" key={row.memberId ?? row.policyNo} role="link" onClick={() => onOpen(row.memberId ? { memberId: row.memberId } : { policyNo: row.policyNo })}>
          <div className="member-row-who">
            <strong className="member-name">{row.nameMasked}</strong> {kindTag(row.kind, row.kindLabel)}
            <span>{row.phoneMasked}</span>
            <span className="muted">身份证 {row.idNumberMasked}</span>
            {row.tierLabel && <span className="muted">{row.tierLabel}</span>}
            <a className="member-row-open">查看 ›</a>
          </div>
          {row.policies.map((p) => (
            <div key={p.policyNo} className="member-row-policy">
              {p.policyNo} {p.productName} {statusTag(p)} <span className="muted">{BINDING_LABELS[p.binding]}</span>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
};

/** 会员主页: who they are (masked), their policies, their records in every area; unmasking and unbinding ask for a reason. */
export const MemberPage = ({
  subject,
  permissions,
  onBack,
  onOpenComplaint,
}: {
  subject: MemberSubject;
  permissions: string[];
  onBack: () => void;
  onOpenComplaint: (id: string) => void;
}) => {
  const [page, setPage] = useState<StaffMemberPage>();
  const [error, setError] = useState('');
  const [shown, setShown] = useState<Partial<Record<MaskedField, string>>>({});
  const [unmasking, setUnmasking] = useState<MaskedField>();
  const [unbinding, setUnbinding] = useState<string>();
  const [cause, setCause] = useState('phoneChanged');
  const can = (p: string) => permissions.includes(p);

  const load = async () => {
    try {
      setPage(await api<StaffMemberPage>('members/page', subject));
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    setShown({});
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subject.memberId, subject.policyNo]);

  if (!page) return <div className="panel">{error || '加载中…'}</div>;
  const who = page.memberId ? { memberId: page.memberId } : { policyNo: page.policyNo };

  const field = (f: MaskedField, masked?: string) => (
    <span className={`member-${f}`}>
      {shown[f] ?? masked ?? '—'}{' '}
      {shown[f] ? (
        <Tag size="small" theme="warning" variant="light">
          已显示完整信息（已记录审计）
        </Tag>
      ) : (
        masked &&
        page.fields.includes(f) &&
        can('members.unmask') && (
          <Button size="small" variant="text" theme="primary" onClick={() => setUnmasking(f)} className={`unmask-${f}`}>
            查看完整{FIELD_LABELS[f]}
          </Button>
        )
      )}
    </span>
  );

  return (
    <>
      <div className="filters">
        <Button variant="text" onClick={onBack}>
          ← 返回
        </Button>
        <h2 style={{ margin: 0 }} className="member-title">
          {page.nameMasked}
        </h2>
        {page.kind !== 'visitor' && kindTag(page.kind, page.kindLabel)}
        {page.kind === 'bound' && (
          <Tag theme="primary" variant="outline">
            {page.tierLabel}
          </Tag>
        )}
      </div>
      {error && <div className="panel error-text member-error">{error}</div>}
      <div className="panel member-card">
        <h3>会员信息</h3>
        <div className="kv">
          <span className="k">姓名</span>
          {field('name', page.kind === 'visitor' ? undefined : page.nameMasked)}
          <span className="k">手机号</span>
          {field('phone', page.phoneMasked)}
          <span className="k">身份证号</span>
          {field('idNumber', page.idNumberMasked)}
          <span className="k">会员等级</span>
          <span>{page.tierLabel}</span>
          {page.memberId && (
            <>
              <span className="k">微信标识</span>
              <span className="muted member-id">{page.memberId}</span>
            </>
          )}
          {page.sinceText && (
            <>
              <span className="k">建档时间</span>
              <span>{page.sinceText}</span>
            </>
          )}
        </div>
        {page.kind === 'unbound' && <p className="muted">该投保人尚未在小程序绑定任何保单。</p>}
      </div>

      <div className="panel member-policies">
        <h3>保单（{page.policies.length}）</h3>
        {!page.policies.length && <div className="muted">没有保单</div>}
        <div className="policy-grid">
          {page.policies.map((p) => (
            <div className="policy-card" key={p.policyNo}>
              <div className="policy-head">
                <strong>{p.policyNo}</strong> {statusTag(p)}{' '}
                <Tag size="small" variant={p.binding === 'this' ? 'light' : 'outline'} theme={p.binding === 'this' ? 'primary' : 'default'}>
                  {BINDING_LABELS[p.binding]}
                </Tag>
              </div>
              <div className="policy-product">{p.productName}</div>
              <div className="kv">
                <span className="k">保险期间</span>
                <span>
                  {p.effectiveDate} 至 {p.expiryDate}
                </span>
                <span className="k">保费</span>
                <span>{p.premiumText}</span>
                <span className="k">被保险人</span>
                <span>{p.insured.map((i) => `${i.nameMasked}（${i.relationLabel}）`).join('、')}</span>
                <span className="k">保障与保额</span>
                <span>
                  {p.coverages.map((c) => (
                    <div key={c.name}>
                      {c.name} {c.sumInsuredText}
                    </div>
                  ))}
                </span>
                <span className="k">产品/渠道</span>
                <span className="muted">
                  {p.productCode} · {p.salesChannel} · {p.sellerId}
                </span>
              </div>
              {p.binding === 'this' && can('members.rebind') && (
                <div className="actions">
                  <Button size="small" variant="outline" theme="danger" onClick={() => setUnbinding(p.policyNo)} className="act-unbind">
                    协助解绑（换绑）
                  </Button>
                </div>
              )}
            </div>
          ))}
        </div>
      </div>

      {page.records.map((g) => (
        <div className="panel member-records" key={g.area}>
          <h3>
            {g.areaLabel}记录（{g.items.length}）
          </h3>
          {!g.items.length && <div className="muted">没有{g.areaLabel}记录</div>}
          {g.items.map((r) => (
            // Complaints open their case; other areas' records are listed here and handled on their own screen.
            <div
              className={`record-row${g.area === 'complaints' ? '' : ' record-row-static'}`}
              key={r.id}
              onClick={g.area === 'complaints' ? () => onOpenComplaint(r.id) : undefined}
              role={g.area === 'complaints' ? 'link' : undefined}
            >
              {g.area === 'complaints' ? <a className="record-number">{r.number}</a> : <span className="record-number">{r.number}</span>}
              <Tag size="small" variant="light">
                {r.statusLabel}
              </Tag>
              <span className="record-title">{r.title}</span>
              <span className="record-summary">{r.summary}</span>
              <span className="muted">
                {r.atText} · {r.linkLabel}
              </span>
            </div>
          ))}
        </div>
      ))}

      <ReasonDialog
        header={`查看完整${unmasking ? FIELD_LABELS[unmasking] : ''}`}
        visible={Boolean(unmasking)}
        hint="完整信息仅在本页面本次显示，查看人、查看项目和原因将记入审计日志。"
        confirm="查看"
        onClose={() => setUnmasking(undefined)}
        onConfirm={async (reason) => {
          const out = await api<UnmaskedField>('members/unmask', { ...who, field: unmasking, reason });
          setShown((s) => ({ ...s, [out.field]: out.value }));
          setUnmasking(undefined);
        }}
      />
      <ReasonDialog
        header={`协助解绑保单 ${unbinding ?? ''}`}
        visible={Boolean(unbinding)}
        hint="解绑后该保单与此微信账号脱离，投保人可用保单登记的手机号在小程序重新绑定。如投保人已更换手机号，请先在核心系统更新后重新导入保单登记簿。此操作将记入审计日志。"
        confirm="确认解绑"
        onClose={() => setUnbinding(undefined)}
        onConfirm={async (reason) => {
          try {
            setPage(await api<StaffMemberPage>('members/unbind', { memberId: page.memberId, version: page.version, policyNo: unbinding, cause, reason }));
            setUnbinding(undefined);
            MessagePlugin.success('已解绑，投保人可重新绑定');
          } catch (e) {
            if (e instanceof AdminApiError && e.code.endsWith('VERSION_CONFLICT')) load();
            throw e;
          }
        }}
      >
        <Select value={cause} onChange={(v) => setCause(String(v))} options={CAUSES} style={{ marginBottom: 8 }} className="unbind-cause" />
      </ReasonDialog>
    </>
  );
};
