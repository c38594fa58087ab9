import { calendarFromTable } from '../../core/calendar/workingCalendar';
import { builtInHolidayTable } from '../../core/calendar/chinaCalendar';
import { ledgerDeadlineHolder, ledgerDeadlineWatch } from '../../core/ledger/deadlineWatch';
import { openLedgerItem } from '../../core/ledger/openItem';
import { ledgerAttachmentArea } from '../../core/ledger/attachmentArea';
import {
  ledgerAddEvidence,
  ledgerCreateFinding,
  ledgerCreateInspection,
  ledgerInspection,
  ledgerItem,
  ledgerItems,
  ledgerOpen,
  ledgerWrites as W,
} from '../../core/ledger/staffActions';
import type { LedgerItem } from '../../core/ledger/model';
import { codeOf } from '../adapters/contractSupport';
import { HTML, PDF, STAFF, key, ledgerWorld, sh, who } from './ledgerSupport';

// Loosely typed on purpose: the bad-input cases send what the types forbid.
const openInput = (over: Record<string, unknown> = {}): any => ({
  idempotencyKey: key(),
  title: '投诉回访不及时',
  description: '九月抽查的投诉中三件结案后未按时回访',
  source: { kind: 'manual', ref: 'manual-1' },
  ownerId: STAFF.agent.id,
  deadline: { workingDays: 3 },
  ...over,
});

describe('ledger items: deadlines on the working-day calendar', () => {
  it('counts working days past National Day: opened Tue 09-29, 3 working days → end of Fri 10-09', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput());
    // 09-30 is the first working day; 10-01..10-07 are holidays; 10-08 and 10-09 are the second and third.
    expect(item.dueAt).toBe(sh('2026-10-10T00:00:00').toISOString());
    expect(item.dueProvisional).toBe(false);
    // The warning comes three days before the due time, so the timer's first look is then.
    expect(item.nextCheckAt).toBe(sh('2026-10-07T00:00:00').toISOString());
    w.close();
  });

  it('moves a chosen date on a holiday to the next working day, and refuses a date in the past with nothing written', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput({ deadline: { date: '2026-10-03' } }));
    expect(item.dueAt).toBe(sh('2026-10-09T00:00:00').toISOString());
    const err = await openLedgerItem(w.deps, who(STAFF.qa), openInput({ deadline: { date: '2026-09-28' } })).catch((e) => e);
    expect(codeOf(err)).toBe('LEDGER.DEADLINE_IN_PAST');
    expect((await w.deps.store.listItems({}, { limit: 10 })).items).toHaveLength(1);
    expect(await w.audits()).toHaveLength(1);
    w.close();
  });

  it('marks a deadline past the known years 暂定 and recomputes it when that year is published', async () => {
    const w = ledgerWorld('2026-12-30T10:00:00');
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput({ deadline: { workingDays: 5 } }));
    expect(item.dueProvisional).toBe(true);
    // A notice for 2027 that makes 01-04 and 01-05 holidays moves the due date two working days on.
    const table = { holidays: { ...builtInHolidayTable.holidays }, workdays: { ...builtInHolidayTable.workdays } };
    const cal = calendarFromTable(table, [{ year: 2027, days: { holidays: { '2027-01-01': '元旦', '2027-01-04': 'x', '2027-01-05': 'x' }, workdays: {} } }]);
    const out = await ledgerDeadlineHolder({ ...w.deps, calendar: cal }).recalculate(undefined, 10, '国务院2027年节假日安排已公布');
    expect(out).toMatchObject({ examined: 1, changed: 1 });
    const after = (await w.deps.store.getItem(item.id))!;
    expect(after.dueProvisional).toBe(false);
    expect(Date.parse(after.dueAt) - Date.parse(item.dueAt)).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(after.timeline.at(-1)?.text).toContain('整改期限调整为');
    w.close();
  });
});

describe('ledger items: the deadline timer warns, breaches and escalates once', () => {
  it('warns before the due time, records the breach once and escalates to the owner team supervisor once', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const watch = ledgerDeadlineWatch(w.deps);
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput());
    expect((await watch.scan(sh('2026-10-06T12:00:00'), 50)).examined).toBe(0);
    const warn = await watch.scan(sh('2026-10-07T09:00:00'), 50);
    expect(warn).toMatchObject({ warnings: 1, breaches: 0 });
    expect((await watch.scan(sh('2026-10-07T10:00:00'), 50)).changed).toBe(0);
    const breach = await watch.scan(sh('2026-10-10T09:00:00'), 50);
    expect(breach).toMatchObject({ breaches: 1, extra: { escalated: 1 } });
    const again = await watch.scan(sh('2026-10-12T09:00:00'), 50);
    expect(again).toMatchObject({ examined: 0, breaches: 0 });
    const after = (await w.deps.store.getItem(item.id))!;
    expect(after.breachedAt).toBe(sh('2026-10-10T09:00:00').toISOString());
    expect(after.escalatedTo).toMatchObject({ id: STAFF.sup.id, name: STAFF.sup.displayName });
    expect(after.nextCheckAt).toBeUndefined();
    expect(after.timeline.filter((t) => t.kind === 'deadlineBreached')).toHaveLength(1);
    expect(after.timeline.filter((t) => t.kind === 'escalated')).toHaveLength(1);
    // Visible in the list: overdue, escalated to whom.
    w.clock.set(sh('2026-10-12T09:00:00').toISOString());
    const list = await w.call(ledgerItems, STAFF.manager, { overdue: true });
    expect(list.items).toEqual([expect.objectContaining({ id: item.id, overdue: true, escalatedTo: expect.objectContaining({ name: STAFF.sup.displayName }) })]);
    w.close();
  });

  it('escalates an owner without a team supervisor to a manager', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput({ ownerId: STAFF.agent2.id }));
    await ledgerDeadlineWatch(w.deps).scan(sh('2026-10-10T09:00:00'), 50);
    expect((await w.deps.store.getItem(item.id))!.escalatedTo?.id).toBe(STAFF.manager.id);
    w.close();
  });

  it('holds the escalation while the clock guard says so and takes it on a later run, still once', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const watch = ledgerDeadlineWatch(w.deps);
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput());
    const held = await watch.scan(sh('2026-10-10T09:00:00'), 50, { holdEscalations: true });
    expect(held).toMatchObject({ breaches: 1, escalationsHeld: 1, extra: { escalated: 0 } });
    expect((await w.deps.store.getItem(item.id))!.escalatedTo).toBeUndefined();
    const later = await watch.scan(sh('2026-10-10T10:00:00'), 50);
    expect(later).toMatchObject({ breaches: 0, extra: { escalated: 1 } });
    expect(await watch.scan(sh('2026-10-11T10:00:00'), 50)).toMatchObject({ examined: 0 });
    const after = (await w.deps.store.getItem(item.id))!;
    expect(after.escalatedTo?.id).toBe(STAFF.sup.id);
    expect(after.escalationHeld).toBeUndefined();
    w.close();
  });

  it('stops the clock while waiting for verification', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput());
    const withFile = await w.call(ledgerAddEvidence, STAFF.agent, { id: item.id, version: 1, contentBase64: PDF, name: '回访记录' });
    await w.call(W.submit, STAFF.agent, { id: item.id, version: withFile.item.version, note: '已补做回访并建立提醒' });
    expect(await ledgerDeadlineWatch(w.deps).scan(sh('2026-10-12T09:00:00'), 50)).toMatchObject({ examined: 0, breaches: 0 });
    w.close();
  });
});

describe('ledger items: who may do what', () => {
  const opened = async (w: ReturnType<typeof ledgerWorld>, owner = STAFF.qa) => (await openLedgerItem(w.deps, who(STAFF.manager), openInput({ ownerId: owner.id }))).item;
  const toVerify = async (w: ReturnType<typeof ledgerWorld>, owner = STAFF.qa): Promise<LedgerItem> => {
    const item = await opened(w, owner);
    const e = await w.call(ledgerAddEvidence, owner, { id: item.id, version: 1, contentBase64: PDF });
    await w.call(W.submit, owner, { id: item.id, version: e.item.version, note: '整改完成' });
    return (await w.deps.store.getItem(item.id))!;
  };

  it('refuses verification by the owner, even an inspector, with LEDGER.OWNER_CANNOT_VERIFY and nothing changed', async () => {
    const w = ledgerWorld();
    const item = await toVerify(w, STAFF.qa);
    const before = await w.audits();
    const err = await w.call(W.verify, STAFF.qa, { id: item.id, version: item.version, note: '自查通过' }).catch((e) => e);
    expect(codeOf(err)).toBe('LEDGER.OWNER_CANNOT_VERIFY');
    const ret = await w.call(W.return, STAFF.qa, { id: item.id, version: item.version, reason: '自己退回' }).catch((e) => e);
    expect(codeOf(ret)).toBe('LEDGER.OWNER_CANNOT_VERIFY');
    expect(await w.deps.store.getItem(item.id)).toEqual(item);
    expect(await w.audits()).toHaveLength(before.length);
    w.close();
  });

  it('runs open → evidence → submit → 验证退回 → submit → verified by compliance → 已关闭, each step audited', async () => {
    const w = ledgerWorld();
    let item = await toVerify(w, STAFF.agent);
    expect(item.status).toBe('awaitingVerification');
    await w.call(W.return, STAFF.qa, { id: item.id, version: item.version, reason: '证明材料不完整' });
    item = (await w.deps.store.getItem(item.id))!;
    expect(item.status).toBe('inProgress');
    await w.call(W.progress, STAFF.agent, { id: item.id, version: item.version, note: '补充回访录音' });
    item = (await w.deps.store.getItem(item.id))!;
    await w.call(W.submit, STAFF.agent, { id: item.id, version: item.version, note: '已补充' });
    item = (await w.deps.store.getItem(item.id))!;
    await w.call(W.verify, STAFF.comp, { id: item.id, version: item.version, note: '抽查回访记录完整' });
    item = (await w.deps.store.getItem(item.id))!;
    expect(item).toMatchObject({ status: 'closed', verifiedBy: STAFF.comp.id });
    expect(item.nextCheckAt).toBeUndefined();
    const actions = (await w.audits()).filter((a) => a.subjectId === item.id).map((a) => a.action);
    expect(actions).toEqual([
      'ledger.item.open',
      'ledger.item.evidence',
      'ledger.item.submit',
      'ledger.item.return',
      'ledger.item.progress',
      'ledger.item.submit',
      'ledger.item.verify',
    ]);
    const err = await w.call(W.progress, STAFF.agent, { id: item.id, version: item.version, note: '再补充' }).catch((e) => e);
    expect(codeOf(err)).toBe('LEDGER.WRONG_STATUS');
    w.close();
  });

  it('lets an owner without ledger.read work their own item only; others learn nothing', async () => {
    const w = ledgerWorld();
    const mine = await opened(w, STAFF.agent);
    const theirs = await opened(w, STAFF.agent2);
    const list = await w.call(ledgerItems, STAFF.agent, {});
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(list.canReadAll).toBe(false);
    expect((await w.call(ledgerItem, STAFF.agent, { id: mine.id })).may).toMatchObject({ progress: true, verify: false, reassign: false });
    expect(codeOf(await w.call(ledgerItem, STAFF.agent, { id: theirs.id }).catch((e) => e))).toBe('LEDGER.NOT_FOUND');
    expect(codeOf(await w.call(W.progress, STAFF.agent, { id: theirs.id, version: 1, note: '越权更新' }).catch((e) => e))).toBe('LEDGER.NOT_FOUND');
    // A reader who neither owns nor manages may look but not work.
    expect(codeOf(await w.call(W.progress, STAFF.sup, { id: theirs.id, version: 1, note: '主管更新' }).catch((e) => e))).toBe('LEDGER.NOT_OWNER');
    expect(codeOf(await w.call(ledgerOpen, STAFF.agent, openInput()).catch((e) => e))).toBe('AUTH.FORBIDDEN');
    expect(codeOf(await openLedgerItem(w.deps, who(STAFF.sup), openInput()).catch((e) => e))).toBe('AUTH.FORBIDDEN');
    w.close();
  });

  it('answers a stale version with LEDGER.VERSION_CONFLICT and changes nothing', async () => {
    const w = ledgerWorld();
    const item = await opened(w, STAFF.agent);
    await w.call(W.progress, STAFF.agent, { id: item.id, version: 1, note: '第一次更新' });
    const saved = await w.deps.store.getItem(item.id);
    const err = await w.call(W.progress, STAFF.manager, { id: item.id, version: 1, note: '基于旧版本的更新' }).catch((e) => e);
    expect(codeOf(err)).toBe('LEDGER.VERSION_CONFLICT');
    expect(await w.deps.store.getItem(item.id)).toEqual(saved);
    const ev = await w.call(ledgerAddEvidence, STAFF.agent, { id: item.id, version: 1, contentBase64: PDF }).catch((e) => e);
    expect(codeOf(ev)).toBe('LEDGER.VERSION_CONFLICT');
    expect(w.stored.size).toBe(0);
    w.close();
  });
});

describe('ledger: idempotent creates', () => {
  it('answers a retry with the first item and one audit entry; other content under the key is refused', async () => {
    const w = ledgerWorld();
    const input = openInput({ links: [{ area: 'complaints', id: 'cmp-00000001', number: 'TS20260920-0001' }] });
    const a = await openLedgerItem(w.deps, who(STAFF.qa), input);
    const b = await openLedgerItem(w.deps, who(STAFF.qa), input);
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, item: { id: a.item.id, number: a.item.number } });
    expect((await w.audits()).filter((e) => e.action === 'ledger.item.open')).toHaveLength(1);
    const err = await openLedgerItem(w.deps, who(STAFF.qa), { ...input, title: '另一件事' }).catch((e) => e);
    expect(codeOf(err)).toBe('LEDGER.IDEMPOTENCY_KEY_REUSED');
    // Keys are the caller's own: another inspector's same key is a new item.
    const c = await openLedgerItem(w.deps, who(STAFF.manager), input);
    expect(c.item.id).not.toBe(a.item.id);
    w.close();
  });

  it('creates inspections and findings once per key, numbers findings in order, and files items under them', async () => {
    const w = ledgerWorld();
    const insInput = { idempotencyKey: key(), kind: 'disclosure', title: '信息披露专项检查', period: '2026年第三季度', scope: '官网与小程序产品页', inspector: '质检一组' };
    const i1 = await w.call(ledgerCreateInspection, STAFF.qa, insInput);
    const i2 = await w.call(ledgerCreateInspection, STAFF.qa, insInput);
    expect(i2).toMatchObject({ created: false, inspection: { id: i1.inspection.id } });
    const fInput = { idempotencyKey: key(), inspectionId: i1.inspection.id, description: '费率表未标注更新日期', severity: 'high' };
    const f1 = await w.call(ledgerCreateFinding, STAFF.qa, fInput);
    expect((await w.call(ledgerCreateFinding, STAFF.qa, fInput)).created).toBe(false);
    const f2 = await w.call(ledgerCreateFinding, STAFF.qa, { ...fInput, idempotencyKey: key(), description: '犹豫期说明位置不醒目' });
    expect([f1.finding.seq, f2.finding.seq]).toEqual([1, 2]);
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput({ source: { kind: 'finding', ref: f2.finding.id } }));
    expect(item).toMatchObject({ kind: 'disclosure', inspectionId: i1.inspection.id, findingId: f2.finding.id });
    const view = await w.call(ledgerInspection, STAFF.manager, { id: i1.inspection.id });
    expect(view.findings.map((f: { seq: number; items: unknown[] }) => [f.seq, f.items.length])).toEqual([[1, 0], [2, 1]]);
    expect(view.inspection.findingCount).toBe(2);
    w.close();
  });
});

describe('ledger: bad input at every entry point is refused with its code and changes nothing', () => {
  it.each([
    ['openLedgerItem without a title', () => openInput({ title: '' }), 'REQUEST.INVALID'],
    ['openLedgerItem with an unknown source kind', () => openInput({ source: { kind: 'rumour', ref: 'x' } }), 'REQUEST.INVALID'],
    ['openLedgerItem with an unknown field', () => ({ ...openInput(), memberName: '张三' }), 'REQUEST.INVALID'],
    ['openLedgerItem with a deadline of 0 working days', () => openInput({ deadline: { workingDays: 0 } }), 'REQUEST.INVALID'],
    ['openLedgerItem with a link to an unknown area', () => openInput({ links: [{ area: 'mars', id: 'cmp-00000001', number: 'TS1' }] }), 'REQUEST.INVALID'],
    ['openLedgerItem owned by a partner', () => openInput({ ownerId: STAFF.partner.id }), 'LEDGER.OWNER_NOT_ELIGIBLE'],
    ['openLedgerItem owned by nobody', () => openInput({ ownerId: 'staff-nobody00' }), 'LEDGER.OWNER_NOT_FOUND'],
    ['openLedgerItem from a finding that does not exist', () => openInput({ source: { kind: 'finding', ref: 'find-missing' } }), 'LEDGER.SOURCE_MISMATCH'],
    ['openLedgerItem with a deadline too far ahead', () => openInput({ deadline: { date: '2029-12-31' } }), 'LEDGER.DEADLINE_TOO_FAR'],
  ])('%s', async (_name, input, code) => {
    const w = ledgerWorld();
    const err = await openLedgerItem(w.deps, who(STAFF.qa), input() as never).catch((e) => e);
    expect(codeOf(err)).toBe(code);
    expect((await w.deps.store.listItems({}, { limit: 10 })).items).toEqual([]);
    expect(await w.audits()).toEqual([]);
    w.close();
  });

  it('refuses bad inspections, findings and item updates with their codes, leaving records, files and audit as they were', async () => {
    const w = ledgerWorld();
    const { item } = await openLedgerItem(w.deps, who(STAFF.manager), openInput());
    const audits = (await w.audits()).length;
    const cases: [Promise<unknown>, string][] = [
      [w.call(ledgerCreateInspection, STAFF.qa, { idempotencyKey: key(), kind: 'weather', title: '检查', period: 'Q3', scope: '全部', inspector: '甲' }), 'REQUEST.INVALID'],
      [w.call(ledgerCreateInspection, STAFF.agent, { idempotencyKey: key(), kind: 'other', title: '检查', period: 'Q3', scope: '全部', inspector: '甲' }), 'AUTH.FORBIDDEN'],
      [w.call(ledgerCreateFinding, STAFF.qa, { idempotencyKey: key(), inspectionId: 'insp-missing', description: '问题描述' }), 'LEDGER.INSPECTION_NOT_FOUND'],
      [w.call(W.progress, STAFF.agent, { id: item.id, version: 1, note: '' }), 'REQUEST.INVALID'],
      [w.call(W.progress, STAFF.agent, { id: item.id, note: '缺版本号' }), 'REQUEST.INVALID'],
      [w.call(W.submit, STAFF.agent, { id: item.id, version: 1, note: '没有证明材料' }), 'LEDGER.EVIDENCE_REQUIRED'],
      [w.call(W.verify, STAFF.comp, { id: item.id, version: 1, note: '未提交就验证' }), 'LEDGER.WRONG_STATUS'],
      [w.call(W.verify, STAFF.manager, { id: item.id, version: 1, note: '经理无验证权限' }), 'AUTH.FORBIDDEN'],
      [w.call(W.reassign, STAFF.qa, { id: item.id, version: 1, ownerId: STAFF.partner.id, reason: '改派' }), 'LEDGER.OWNER_NOT_ELIGIBLE'],
      [w.call(W.changeDeadline, STAFF.qa, { id: item.id, version: 1, deadline: { date: '2026-09-01' }, reason: '调整' }), 'LEDGER.DEADLINE_IN_PAST'],
      [w.call(ledgerAddEvidence, STAFF.agent, { id: item.id, version: 1, contentBase64: HTML, name: 'evil.pdf' }), 'UPLOAD.TYPE_NOT_ALLOWED'],
      [w.call(ledgerAddEvidence, STAFF.agent, { id: item.id, version: 1, contentBase64: 'not base64!' }), 'REQUEST.INVALID'],
      [w.call(ledgerAddEvidence, STAFF.agent, { id: item.id, version: 1, contentBase64: Buffer.alloc(3 * 1024 * 1024 + 1, 0x25).toString('base64') }), 'UPLOAD.TOO_LARGE'],
    ];
    for (const [p, code] of cases) expect(codeOf(await p.catch((e) => e))).toBe(code);
    expect(await w.deps.store.getItem(item.id)).toEqual(item);
    expect(w.stored.size).toBe(0);
    expect((await w.deps.store.listInspections({ limit: 10 })).items).toEqual([]);
    expect(await w.audits()).toHaveLength(audits);
    w.close();
  });
});

describe('ledger: texts, links and evidence', () => {
  it('masks personal numbers written into an item and keeps linked cases by number only', async () => {
    const w = ledgerWorld();
    const { item } = await openLedgerItem(
      w.deps,
      who(STAFF.qa),
      openInput({ description: '投诉人手机13812345678反映未回访', links: [{ area: 'complaints', id: 'cmp-00000001', number: 'TS20260920-0001' }] }),
    );
    expect(item.description).not.toContain('13812345678');
    expect(item.description).toContain('138****5678');
    const detail = await w.call(ledgerItem, STAFF.manager, { id: item.id });
    expect(detail.links).toEqual([{ area: 'complaints', areaLabel: '投诉', id: 'cmp-00000001', number: 'TS20260920-0001' }]);
    w.close();
  });

  it('stores sniffed evidence under the uploader, keeps it from the orphan sweep, and audits each link', async () => {
    const w = ledgerWorld();
    const { item } = await openLedgerItem(w.deps, who(STAFF.qa), openInput());
    await w.call(ledgerAddEvidence, STAFF.agent, { id: item.id, version: 1, contentBase64: PDF, name: '整改报告' });
    const [fileId] = [...w.stored.keys()];
    expect(w.stored.get(fileId)?.owner).toBe(`staff:${STAFF.agent.id}`);
    const area = ledgerAttachmentArea(w.deps.store);
    const held = await area.listByMember(`staff:${STAFF.agent.id}`, { limit: 10 });
    expect(held.items.flatMap((i) => area.filesOf(i))).toEqual([fileId]);
    expect((await area.listByMember('openid-member', { limit: 10 })).items).toEqual([]);
    const link = await w.call(ledgerItem, STAFF.agent, { id: item.id });
    expect(link.evidence).toEqual([expect.objectContaining({ fileId, name: '整改报告', uploadedBy: STAFF.agent.displayName })]);
    const { ledgerEvidenceUrl } = await import('../../core/ledger/staffActions');
    await w.call(ledgerEvidenceUrl, STAFF.manager, { id: item.id, fileId });
    expect(codeOf(await w.call(ledgerEvidenceUrl, STAFF.manager, { id: item.id, fileId: 'local://uploads/other.pdf' }).catch((e) => e))).toBe('ATTACHMENT.NOT_FOUND');
    expect((await w.audits()).filter((e) => e.action === 'ledger.item.viewEvidence')).toHaveLength(1);
    w.close();
  });
});
