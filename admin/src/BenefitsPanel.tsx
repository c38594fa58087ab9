import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Input, InputNumber, Radio, Select, Tag } from 'tdesign-react';
import { api, messageOf } from './api';

type Tier = 'standard' | 'silver' | 'gold';
interface ChangeRow {
  id: string;
  summary: string;
  unfavourable: boolean;
  effectiveText: string;
  status: string;
  statusLabel: string;
  told: number;
  version: number;
}
interface Entry {
  id: string;
  name: string;
  kindLabel: string;
  quotaText: string;
  quota: { count: number; period: string };
  validityDays: number;
  eligibleTiers: Tier[];
  eligibleTiersText: string;
  redemptionText: string;
  place: string;
  partner?: { name: string };
  basisText: string;
  outsideContract: boolean;
  complianceText: string;
  statusLabel: string;
  status: string;
  changes: ChangeRow[];
}
interface Catalogue {
  items: Entry[];
  tiers: { tier: string; label: string; rule: string }[];
  tierReview: string;
  noticeRule: string;
}
interface StaffBooking {
  id: string;
  number: string;
  memberNameMasked: string;
  statusLabel: string;
  status: string;
  partnerConsent?: string;
}
interface CalendarSlot {
  id: string;
  day: string;
  timeText: string;
  capacity: number;
  booked: number;
  left: number;
  version: number;
  bookings: StaffBooking[];
}
interface Notice {
  memberId: string;
  nameMasked: string;
  tierLabel: string;
  atText: string;
  pushText: string;
}

const TIER_OPTIONS: { value: Tier; label: string }[] = [
  { value: 'standard', label: '普通会员' },
  { value: 'silver', label: '银卡会员' },
  { value: 'gold', label: '金卡会员' },
];
const PERIODS = [
  { value: 'month', label: '每月' },
  { value: 'quarter', label: '每季度' },
  { value: 'year', label: '每年' },
  { value: 'once', label: '一次性' },
];
const todayInShanghai = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Schedules a change of terms: what changes and from when; the server holds unfavourable ones to the notice period. */
const ChangeForm = ({ entry, onDone }: { entry: Entry; onDone: () => void }) => {
  const [date, setDate] = useState('');
  const [count, setCount] = useState<number>(entry.quota.count);
  const [period, setPeriod] = useState(entry.quota.period);
  const [tiers, setTiers] = useState<Tier[]>(entry.eligibleTiers);
  const [validity, setValidity] = useState<number>(entry.validityDays);
  const [retire, setRetire] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const submit = async () => {
    setError('');
    const patch: Record<string, unknown> = {};
    if (retire) patch.retire = true;
    if (count !== entry.quota.count || period !== entry.quota.period) patch.quota = { count, period };
    if (tiers.join() !== entry.eligibleTiers.join()) patch.eligibleTiers = tiers;
    if (validity !== entry.validityDays) patch.validityDays = validity;
    try {
      await api('benefits/scheduleChange', { benefitId: entry.id, effectiveDate: date, patch, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="bn-change-form">
      <div className="bn-form-grid">
        <label>生效日期</label>
        <Input className="bn-date" value={date} onChange={(v) => setDate(String(v))} placeholder={`例如 ${todayInShanghai()}`} />
        <label>次数</label>
        <span className="bn-inline">
          <Select className="bn-period" value={period} onChange={(v) => setPeriod(String(v))} options={PERIODS} />
          <InputNumber className="bn-count" value={count} min={1} max={100} onChange={(v) => setCount(Number(v))} />
        </span>
        <label>适用等级</label>
        <Checkbox.Group value={tiers} onChange={(v) => setTiers(v as Tier[])} options={TIER_OPTIONS} />
        <label>有效天数</label>
        <InputNumber className="bn-count" value={validity} min={1} max={730} onChange={(v) => setValidity(Number(v))} />
        <label>停止提供</label>
        <Checkbox checked={retire} onChange={(v) => setRetire(Boolean(v))}>
          生效后不再发放、不接受新预约
        </Checkbox>
        <label>说明</label>
        <Input value={note} onChange={(v) => setNote(String(v))} placeholder="会员看到的补充说明（可选）" maxlength={200} />
      </div>
      {error && <Alert theme="error" className="bn-error" message={error} />}
      <Button className="bn-submit-change" onClick={submit}>
        提交调整（公告后生效）
      </Button>
    </div>
  );
};

const KINDS = [
  { value: 'discount', label: '保险优惠' },
  { value: 'health', label: '健康咨询' },
  { value: 'checkup', label: '体检预约' },
  { value: 'legalTax', label: '法律/税务咨询' },
  { value: 'event', label: '会员活动' },
];
const REDEMPTION_OPTIONS = [
  { value: 'booking', label: '预约时段，到场出示核销码' },
  { value: 'code', label: '出示核销码使用' },
];

/**
 * 新增权益: a catalogue entry with its basis and compliance flag. Terms of an entry change later only by a
 * scheduled change; the server refuses an outside-contract entry without an approval (保险法第116条).
 */
const CreateForm = ({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) => {
  const [f, setF] = useState({
    id: '',
    name: '',
    description: '',
    kind: 'health',
    eligibleTiers: ['silver', 'gold'] as Tier[],
    count: 1,
    period: 'year',
    validityDays: 365,
    redemption: 'booking',
    partner: '',
    place: '',
    basisKind: 'contract',
    basisRef: '',
    outsideContract: false,
  });
  const [error, setError] = useState('');
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const submit = async () => {
    setError('');
    try {
      await api('benefits/create', {
        id: f.id.trim(),
        name: f.name.trim(),
        description: f.description.trim(),
        kind: f.kind,
        eligibleTiers: f.eligibleTiers,
        quota: { count: f.count, period: f.period },
        validityDays: f.validityDays,
        redemption: f.redemption,
        ...(f.partner.trim() ? { partner: f.partner.trim() } : {}),
        basis: { kind: f.basisKind, ref: f.basisRef.trim() },
        outsideContract: f.outsideContract,
        place: f.place.trim(),
      });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="bn-create-form">
      <h3>新增权益</h3>
      <div className="bn-form-grid">
        <label>编号</label>
        <Input className="bn-new-id" value={f.id} onChange={(v) => set({ id: String(v) })} placeholder="小写字母开头，如 tax-advice" maxlength={40} />
        <label>名称</label>
        <Input className="bn-new-name" value={f.name} onChange={(v) => set({ name: String(v) })} placeholder="会员看到的名称" maxlength={30} />
        <label>说明</label>
        <Input className="bn-new-description" value={f.description} onChange={(v) => set({ description: String(v) })} placeholder="内容与使用须知（可选）" maxlength={300} />
        <label>类别</label>
        <Select className="bn-new-kind" value={f.kind} onChange={(v) => set({ kind: String(v) })} options={KINDS} />
        <label>适用等级</label>
        <Checkbox.Group value={f.eligibleTiers} onChange={(v) => set({ eligibleTiers: v as Tier[] })} options={TIER_OPTIONS} />
        <label>次数</label>
        <span className="bn-inline">
          <Select className="bn-period" value={f.period} onChange={(v) => set({ period: String(v) })} options={PERIODS} />
          <InputNumber className="bn-count bn-new-count" value={f.count} min={1} max={100} onChange={(v) => set({ count: Number(v) })} />
        </span>
        <label>有效天数</label>
        <InputNumber className="bn-count bn-new-validity" value={f.validityDays} min={1} max={730} onChange={(v) => set({ validityDays: Number(v) })} />
        <label>使用方式</label>
        <Select className="bn-new-redemption" value={f.redemption} onChange={(v) => set({ redemption: String(v) })} options={REDEMPTION_OPTIONS} />
        <label>服务地点</label>
        <Input className="bn-new-place" value={f.place} onChange={(v) => set({ place: String(v) })} placeholder="场所，或 线上/电话" maxlength={60} />
        <label>合作机构</label>
        <Input className="bn-new-partner" value={f.partner} onChange={(v) => set({ partner: String(v) })} placeholder="无则留空；有则预约须会员单独同意" maxlength={40} />
        <label>依据</label>
        <span className="bn-inline bn-basis-row">
          <Radio.Group className="bn-new-basis-kind" value={f.basisKind} onChange={(v) => set({ basisKind: String(v) })}>
            <Radio value="contract">合同条款</Radio>
            <Radio value="approval">审批</Radio>
          </Radio.Group>
          <Input className="bn-new-basis-ref" value={f.basisRef} onChange={(v) => set({ basisRef: String(v) })} placeholder={f.basisKind === 'contract' ? '条款，如 第12条' : '审批文号'} maxlength={100} />
        </span>
        <label>合规</label>
        <Checkbox className="bn-new-outside" checked={f.outsideContract} onChange={(v) => set({ outsideContract: Boolean(v) })}>
          合同外增值服务（保险法第116条：须有审批依据）
        </Checkbox>
      </div>
      {error && <Alert theme="error" className="bn-error" message={error} />}
      <div className="bn-actions">
        <Button className="bn-submit-create" onClick={submit}>
          保存权益
        </Button>
        <Button variant="text" onClick={onCancel}>
          取消
        </Button>
      </div>
    </div>
  );
};

/** 会员权益: catalogue with basis and compliance flag, scheduled changes and who was told, tier rules, booking calendar. */
export const BenefitsPanel = ({ canManage }: { canManage: boolean }) => {
  const [tab, setTab] = useState<'catalogue' | 'tiers' | 'calendar'>('catalogue');
  const [cat, setCat] = useState<Catalogue>();
  const [error, setError] = useState('');
  const [changing, setChanging] = useState('');
  const [creating, setCreating] = useState(false);
  const [told, setTold] = useState<{ change: ChangeRow; items: Notice[] }>();
  const [benefitId, setBenefitId] = useState('');
  const [from, setFrom] = useState(todayInShanghai());
  const [slots, setSlots] = useState<CalendarSlot[]>([]);
  const [newSlot, setNewSlot] = useState({ day: '', time: '09:00', capacity: 4 });
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<(StaffBooking & { timeText?: string; name: string })[]>();
  const findBooking = async () => {
    setError('');
    try {
      setFound((await api<{ items: (StaffBooking & { timeText?: string; name: string })[] }>('benefits/findBooking', { number })).items);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const load = () =>
    api<Catalogue>('benefits/catalogue')
      .then((c) => {
        setCat(c);
        setBenefitId((b) => b || c.items.find((i) => i.redemptionText.includes('预约'))?.id || c.items[0]?.id || '');
      })
      .catch((e) => setError(messageOf(e)));
  const loadCalendar = (id = benefitId, day = from) =>
    id
      ? api<{ items: CalendarSlot[] }>('benefits/calendar', { benefitId: id, from: day, days: 14 })
          .then((c) => setSlots(c.items))
          .catch((e) => setError(messageOf(e)))
      : Promise.resolve();
  useEffect(() => {
    load();
  }, []);
  useEffect(() => {
    if (tab === 'calendar') loadCalendar();
  }, [tab, benefitId, from]);

  const showTold = async (change: ChangeRow) => {
    setError('');
    try {
      setTold(await api<{ change: ChangeRow; items: Notice[] }>('benefits/notices', { changeId: change.id, limit: 200 }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const cancelChange = async (change: ChangeRow) => {
    try {
      await api('benefits/cancelChange', { changeId: change.id, version: change.version });
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const addSlot = async () => {
    setError('');
    try {
      await api('benefits/addSlot', {
        benefitId,
        startsAt: `${newSlot.day}T${newSlot.time}:00+08:00`,
        endsAt: new Date(Date.parse(`${newSlot.day}T${newSlot.time}:00+08:00`) + 3600_000).toISOString(),
        capacity: newSlot.capacity,
      });
      loadCalendar();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const days = [...new Set(slots.map((s) => s.day))];

  return (
    <>
      <div className="panel bn-panel">
        <div className="filters">
          <Radio.Group variant="default-filled" value={tab} onChange={(v) => setTab(v as typeof tab)}>
            <Radio.Button value="catalogue">权益目录</Radio.Button>
            <Radio.Button value="tiers">等级规则</Radio.Button>
            <Radio.Button value="calendar">预约日历</Radio.Button>
          </Radio.Group>
          {cat && <span className="muted">{cat.noticeRule}</span>}
        </div>
        {error && <Alert theme="error" className="bn-error" message={error} style={{ marginBottom: 12 }} />}

        {tab === 'catalogue' && canManage && !creating && (
          <div className="bn-actions bn-create-bar">
            <Button theme="primary" className="bn-create" onClick={() => setCreating(true)}>
              新增权益
            </Button>
          </div>
        )}
        {tab === 'catalogue' && creating && <CreateForm onCancel={() => setCreating(false)} onDone={() => (setCreating(false), load())} />}
        {tab === 'catalogue' &&
          cat?.items.map((b) => (
            <div key={b.id} className="bn-entry">
              <div className="bn-entry-head">
                <strong>{b.name}</strong>
                <Tag>{b.kindLabel}</Tag>
                <Tag theme={b.status === 'active' ? 'success' : 'default'}>{b.statusLabel}</Tag>
                {b.outsideContract && <Tag theme="warning">保险法第116条</Tag>}
              </div>
              <div className="bn-facts">
                <span>{b.quotaText}</span>
                <span>有效 {b.validityDays} 天</span>
                <span>{b.eligibleTiersText}</span>
                <span>{b.redemptionText}</span>
                <span>{b.place}{b.partner ? ` · ${b.partner.name}` : ''}</span>
              </div>
              <div className="muted bn-basis">
                {b.basisText} · {b.complianceText}
              </div>
              {b.changes.map((c) => (
                <div key={c.id} className="record-row record-row-static bn-change">
                  <span>{c.effectiveText} 起</span>
                  <span className="record-summary">{c.summary}</span>
                  {c.unfavourable && <Tag theme="danger">不利调整</Tag>}
                  <Tag theme={c.status === 'scheduled' ? 'warning' : c.status === 'applied' ? 'success' : 'default'}>{c.statusLabel}</Tag>
                  <Button variant="text" className="bn-told" onClick={() => showTold(c)}>
                    已告知 {c.told} 人
                  </Button>
                  {canManage && c.status === 'scheduled' && (
                    <Button variant="text" theme="danger" onClick={() => cancelChange(c)}>
                      撤销
                    </Button>
                  )}
                </div>
              ))}
              {canManage && b.status === 'active' && (
                <div className="bn-actions">
                  {changing === b.id ? (
                    <ChangeForm entry={b} onDone={() => (setChanging(''), load())} />
                  ) : (
                    <Button variant="outline" className="bn-schedule" onClick={() => setChanging(b.id)}>
                      计划调整
                    </Button>
                  )}
                </div>
              )}
            </div>
          ))}

        {tab === 'tiers' && cat && (
          <div className="bn-tiers">
            {cat.tiers.map((t) => (
              <div key={t.tier} className="record-row record-row-static">
                <strong>{t.label}</strong>
                <span>{t.rule}</span>
              </div>
            ))}
            <p className="muted">{cat.tierReview}</p>
          </div>
        )}

        {tab === 'calendar' && (
          <div className="bn-calendar">
            <div className="filters">
              <Select className="bn-benefit" value={benefitId} onChange={(v) => setBenefitId(String(v))} options={(cat?.items ?? []).map((b) => ({ value: b.id, label: b.name }))} />
              <Input className="bn-date" value={from} onChange={(v) => setFrom(String(v))} />
              <span className="bn-find">
                <Input className="bn-find-number" value={number} onChange={(v) => setNumber(String(v))} placeholder="预约编号 QY20261126-0001" onEnter={findBooking} maxlength={40} />
                <Button variant="outline" className="bn-find-submit" onClick={findBooking} disabled={number.trim().length < 3}>
                  查找
                </Button>
              </span>
            </div>
            {found && (
              <div className="bn-found">
                {!found.length && <p className="muted">没有该编号的预约</p>}
                {found.map((b) => (
                  <div key={b.id} className="bn-booking">
                    <span>{b.memberNameMasked}</span>
                    <span className="muted">{b.number}</span>
                    <span>{b.name}</span>
                    {b.timeText && <span>{b.timeText}</span>}
                    <Tag theme={b.status === 'used' ? 'success' : b.status === 'cancelled' ? 'default' : 'primary'}>{b.statusLabel}</Tag>
                  </div>
                ))}
              </div>
            )}
            {!slots.length && <p className="muted">两周内没有时段</p>}
            {days.map((day) => (
              <div key={day} className="bn-day">
                <div className="bn-day-title">{day}</div>
                {slots
                  .filter((s) => s.day === day)
                  .map((s) => (
                    <div key={s.id} className="bn-slot">
                      <div className="bn-slot-head">
                        <span>{s.timeText.slice(11)}</span>
                        <span className={s.left === 0 ? 'bn-full' : ''}>
                          已约 {s.booked} / {s.capacity}
                        </span>
                      </div>
                      {s.bookings.map((b) => (
                        <div key={b.id} className="bn-booking">
                          <span>{b.memberNameMasked}</span>
                          <span className="muted">{b.number}</span>
                          <Tag theme={b.status === 'used' ? 'success' : b.status === 'cancelled' ? 'default' : 'primary'}>{b.statusLabel}</Tag>
                        </div>
                      ))}
                    </div>
                  ))}
              </div>
            ))}
            {canManage && (
              <div className="bn-add-slot">
                <Input className="bn-date" value={newSlot.day} onChange={(v) => setNewSlot({ ...newSlot, day: String(v) })} placeholder="日期 2026-12-01" />
                <Input className="bn-time" value={newSlot.time} onChange={(v) => setNewSlot({ ...newSlot, time: String(v) })} placeholder="09:00" />
                <InputNumber className="bn-count" value={newSlot.capacity} min={1} max={500} onChange={(v) => setNewSlot({ ...newSlot, capacity: Number(v) })} />
                <Button onClick={addSlot}>新增时段</Button>
              </div>
            )}
          </div>
        )}
      </div>
      {told && (
        <div className="panel bn-told-list">
          <h3>
            告知名单 · {told.change.summary}（{told.change.effectiveText} 起）
          </h3>
          {!told.items.length && <p className="muted">尚未告知任何会员</p>}
          {told.items.map((n) => (
            <div key={n.memberId} className="record-row record-row-static">
              <span>{n.nameMasked}</span>
              <span>{n.tierLabel}</span>
              <span className="muted">告知于 {n.atText}（消息中心）</span>
              <span className="muted">{n.pushText}</span>
            </div>
          ))}
        </div>
      )}
    </>
  );
};

/** 权益核销: type or scan the member's code; partners see the masked name only. */
export const CheckInPanel = () => {
  const [code, setCode] = useState('');
  const [done, setDone] = useState<{ number: string; name: string; memberNameMasked: string; timeText?: string; usedAtText?: string }>();
  const [error, setError] = useState('');
  const submit = async () => {
    setError('');
    setDone(undefined);
    try {
      // The server drops spaces and hyphens itself (the code as shown: 1234 5678).
      setDone(await api('benefits/checkIn', { code }));
      setCode('');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="panel bn-checkin">
      <h3>输入会员出示的8位核销码</h3>
      <div className="bn-checkin-row">
        <Input className="bn-code" value={code} onChange={(v) => setCode(String(v))} placeholder="例如 1234 5678" maxlength={9} onEnter={submit} />
        <Button className="bn-checkin-submit" onClick={submit} disabled={code.replace(/[\s-]/g, '').length !== 8}>
          核销
        </Button>
      </div>
      {error && <Alert theme="error" className="bn-error" message={error} />}
      {done && <Alert theme="success" className="bn-done" message={`已核销：${done.name} · ${done.memberNameMasked} · ${done.number}${done.timeText ? ` · ${done.timeText}` : ''}`} />}
    </div>
  );
};
