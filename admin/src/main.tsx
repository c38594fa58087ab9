// TDesign's message/notification plugins render imperatively; React 19 needs its createRoot adapter.
import 'tdesign-react/es/_util/react-19-adapter';
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Button, Menu, NotificationPlugin } from 'tdesign-react';
import { api, type SignedInStaff } from './api';
import { Detail } from './Detail';
import { Login } from './Login';
import { AuditPanel, LogComplaintDialog, SandboxMessages } from './Panels';
import { Queue } from './Queue';
import { CalendarPanel } from './CalendarPanel';
import { PrivacyPanel } from './PrivacyPanel';
import { MemberPage, MembersPanel, type MemberSubject } from './MembersPanel';
import { RegisterImportPanel } from './RegisterImportPanel';
import { SmsSandboxPanel } from './SmsSandboxPanel';
import { StaffPanel } from './StaffPanel';
import { SatisfactionPanel } from './SatisfactionPanel';
import { BenefitsPanel, CheckInPanel } from './BenefitsPanel';
import { EducationPanel } from './EducationPanel';
import { ConsultationsPanel } from './ConsultationsPanel';
import { ClaimsPanel } from './ClaimsPanel';
import { DashboardPanel } from './DashboardPanel';
import { QuarterlyReportPanel } from './QuarterlyReportPanel';
import { LedgerPanel } from './LedgerPanel';
import { EarlyWarningPanel } from './EarlyWarningPanel';
import { IncidentsPanel } from './IncidentsPanel';
import { QualityPanel } from './QualityPanel';
import { Enrol, enrolToken } from './Enrol';
import type { StaffAlert } from '../../core/notifications/inbox';
import type { StaffRole } from '../../core/shared/actors';

type View =
  | { kind: 'queue' }
  | { kind: 'detail'; id: string; from?: View }
  | { kind: 'sandbox' }
  | { kind: 'audit' }
  | { kind: 'calendar' }
  | { kind: 'privacy' }
  | { kind: 'members' }
  | { kind: 'member'; subject: MemberSubject }
  | { kind: 'registerImport' }
  | { kind: 'smsSandbox' }
  | { kind: 'staff' }
  | { kind: 'satisfaction' }
  | { kind: 'benefits' }
  | { kind: 'checkIn' }
  | { kind: 'education' }
  | { kind: 'consultations' }
  | { kind: 'claims' }
  | { kind: 'dashboard' }
  | { kind: 'quarterly' }
  | { kind: 'ledger'; item?: string }
  | { kind: 'earlyWarning'; alert?: string }
  | { kind: 'incidents' }
  | { kind: 'quality' };

const TITLES: Record<View['kind'], string> = {
  queue: '投诉工作台 · 按到期时间排序',
  detail: '投诉详情',
  sandbox: '订阅消息记录',
  audit: '审计日志',
  members: '会员查询',
  member: '会员主页',
  registerImport: '保单导入',
  smsSandbox: '短信沙箱',
  staff: '员工管理',
  calendar: '节假日日历',
  privacy: '个人信息申请',
  satisfaction: '满意度与时限',
  benefits: '会员权益',
  checkIn: '权益核销',
  education: '权益宣传',
  consultations: '咨询工作台 · 按答复期限排序',
  claims: '理赔工作台 · 按时限排序',
  dashboard: '经营看板',
  quarterly: '季度报告',
  ledger: '整改台账',
  earlyWarning: '风险预警 · 每周投诉异常',
  incidents: '安全事件 · 信息安全事件登记与处置',
  quality: '服务质检 · 抽样、评分与申诉',
};

/**
 * The side menu, in order: each screen with the permission that shows it. A role opens on the first
 * screen it may see (a partner has no complaint queue; an advisor starts at consultations).
 */
const NAV: { kind: View['kind']; label: string; permission: string }[] = [
  // The work queues first, so each role opens on its own work …
  { kind: 'queue', label: '投诉工作台', permission: 'queue.read' },
  { kind: 'consultations', label: '咨询工作台', permission: 'consultations.read' },
  { kind: 'claims', label: '理赔工作台', permission: 'claims.read' },
  { kind: 'benefits', label: '会员权益', permission: 'benefits.read' },
  { kind: 'checkIn', label: '权益核销', permission: 'benefits.checkIn' },
  { kind: 'education', label: '权益宣传', permission: 'education.read' },
  { kind: 'members', label: '会员查询', permission: 'members.read' },
  { kind: 'privacy', label: '个人信息申请', permission: 'privacy.read' },
  // … then oversight, then the settings and tools.
  { kind: 'dashboard', label: '经营看板', permission: 'dashboard.read' },
  { kind: 'satisfaction', label: '满意度与时限', permission: 'reports.satisfaction' },
  { kind: 'quarterly', label: '季度报告', permission: 'reports.quarterly' },
  // Every employee: owners work their own items here; readers see the whole ledger.
  { kind: 'ledger', label: '整改台账', permission: 'ledger.own' },
  // Every role that reads scores or appeals its own (quality.appeal includes every quality.read role).
  { kind: 'quality', label: '服务质检', permission: 'quality.appeal' },
  { kind: 'earlyWarning', label: '风险预警', permission: 'earlyWarning.read' },
  { kind: 'incidents', label: '安全事件', permission: 'incidents.read' },
  { kind: 'audit', label: '审计日志', permission: 'audit.read' },
  { kind: 'calendar', label: '节假日日历', permission: 'calendar.read' },
  { kind: 'registerImport', label: '保单导入', permission: 'members.import' },
  { kind: 'staff', label: '员工管理', permission: 'staff.list' },
  { kind: 'sandbox', label: '订阅消息记录', permission: 'messages.sandbox' },
  { kind: 'smsSandbox', label: '短信沙箱', permission: 'messages.sandbox' },
];

/**
 * New green-channel cases and near-breaches reach staff as browser notifications (and in-page); roles that do
 * not read the whole feed get the alerts addressed to them (ledger deadlines, new 风险预警).
 */
const useAlerts = (me: SignedInStaff | undefined, openCase: (id: string) => void, goTo: (v: View) => void) => {
  const since = useRef(new Date().toISOString());
  // The latest callbacks, read when an alert is clicked: the poll's timer depends on who is signed in only,
  // so re-rendering the page (a new `open` each render) does not restart its 15 s.
  const nav = useRef({ open: openCase, go: goTo });
  nav.current = { open: openCase, go: goTo };
  useEffect(() => {
    const open = (id: string) => nav.current.open(id);
    const go = (v: View) => nav.current.go(v);
    const route = me?.permissions.includes('alerts.read') ? 'alerts/list' : me?.permissions.includes('alerts.mine') ? 'alerts/mine' : undefined;
    if (!route) return;
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => undefined);
    const poll = async () => {
      const alerts = await api<StaffAlert[]>(route, { since: since.current }).catch(() => []);
      for (const a of alerts.reverse()) {
        since.current = a.createdAt > since.current ? a.createdAt : since.current;
        const title = a.title;
        // Complaint, ledger and 风险预警 alerts open their record or screen; other areas' alerts are shown, not linked.
        const onclick =
          a.area === 'complaints' ? () => open(a.subjectId)
          : a.area === 'ledger' ? () => go({ kind: 'ledger', item: a.subjectId })
          : a.area === 'earlyWarning' ? () => go({ kind: 'earlyWarning', alert: a.subjectId })
          : null;
        if ('Notification' in window && Notification.permission === 'granted') new Notification(title, { body: a.summary, tag: a.id }).onclick = onclick;
        const content = onclick ? (
          <span>
            {a.summary}{' '}
            <a className="alert-jump" href="#" onClick={(ev) => (ev.preventDefault(), onclick())}>
              查看
            </a>
          </span>
        ) : (
          a.summary
        );
        NotificationPlugin.info({ title, content, duration: 8000, placement: 'bottom-right' });
      }
    };
    const t = setInterval(poll, 15_000);
    return () => clearInterval(t);
  }, [me]);
};

const App = () => {
  const [me, setMe] = useState<SignedInStaff>();
  const [checked, setChecked] = useState(false);
  const [view, setView] = useState<View>({ kind: 'queue' });
  const [logging, setLogging] = useState(false);
  const refreshMe = () =>
    api<SignedInStaff>('staff/me')
      .then((who) => {
        setMe(who);
        const first = NAV.find((n) => who.permissions.includes(n.permission));
        if (first) setView({ kind: first.kind } as View);
      })
      .catch(() => setMe(undefined))
      .finally(() => setChecked(true));
  useEffect(() => {
    refreshMe();
  }, []);
  const open = (id: string) => setView({ kind: 'detail', id });
  useAlerts(me, open, setView);

  if (!checked) return null;
  const enrolling = enrolToken();
  if (!me && enrolling) return <Enrol token={enrolling} onSignedIn={refreshMe} />;
  if (!me) return <Login onSignedIn={refreshMe} />;
  const can = (p: string) => me.permissions.includes(p);
  return (
    <div className="shell">
      <aside className="side">
        <div className="brand">会员服务管理台</div>
        <Menu value={view.kind === 'detail' ? 'queue' : view.kind === 'member' ? 'members' : view.kind} onChange={(v) => setView({ kind: v as 'queue' })} style={{ width: '100%', boxShadow: 'none' }}>
          {NAV.filter((n) => can(n.permission)).map((n) => (
            <Menu.MenuItem key={n.kind} value={n.kind}>
              {n.label}
            </Menu.MenuItem>
          ))}
        </Menu>
      </aside>
      <main className="main">
        <div className="topbar">
          <strong>{TITLES[view.kind]}</strong>
          <span>
            <span className="me">{me.name}（{me.roleLabel}）</span>{' '}
            <Button variant="text" onClick={() => api('auth/logout').then(() => setMe(undefined))}>
              退出
            </Button>
          </span>
        </div>
        <div className="content">
          {view.kind === 'queue' && <Queue onOpen={open} onLog={() => setLogging(true)} canLog={can('complaint.log')} />}
          {view.kind === 'detail' && (
            <Detail
              id={view.id}
              permissions={me.permissions}
              onBack={() => setView(view.from ?? { kind: 'queue' })}
              onOpenMember={(memberId) => setView({ kind: 'member', subject: { memberId } })}
            />
          )}
          {view.kind === 'members' && <MembersPanel onOpen={(subject) => setView({ kind: 'member', subject })} />}
          {view.kind === 'member' && (
            <MemberPage subject={view.subject} permissions={me.permissions} onBack={() => setView({ kind: 'members' })} onOpenComplaint={(id) => setView({ kind: 'detail', id, from: view })} />
          )}
          {view.kind === 'registerImport' && <RegisterImportPanel />}
          {view.kind === 'smsSandbox' && <SmsSandboxPanel />}
          {view.kind === 'staff' && <StaffPanel canManage={can('staff.manage')} myId={me.id} myRole={me.role as StaffRole} />}
          {view.kind === 'sandbox' && <SandboxMessages />}
          {view.kind === 'audit' && <AuditPanel />}
          {view.kind === 'calendar' && <CalendarPanel canImport={can('calendar.import')} />}
          {view.kind === 'privacy' && <PrivacyPanel canHandle={can('privacy.handle')} />}
          {view.kind === 'satisfaction' && <SatisfactionPanel canOpenLedger={can('ledger.manage')} />}
          {view.kind === 'quarterly' && <QuarterlyReportPanel canComment={can('reports.comment')} canSetTarget={can('reports.targets')} />}
          {view.kind === 'benefits' && <BenefitsPanel canManage={can('benefits.manage')} />}
          {view.kind === 'checkIn' && <CheckInPanel />}
          {view.kind === 'education' && <EducationPanel canManage={can('education.manage')} />}
          {view.kind === 'consultations' && <ConsultationsPanel role={me.role} />}
          {view.kind === 'claims' && <ClaimsPanel />}
          {view.kind === 'ledger' && <LedgerPanel permissions={me.permissions} item={view.item} />}
          {view.kind === 'earlyWarning' && <EarlyWarningPanel key={view.alert ?? ''} canHandle={can('earlyWarning.handle')} canOpenLedger={can('ledger.manage')} alert={view.alert} />}
          {view.kind === 'incidents' && <IncidentsPanel canHandle={can('incidents.handle')} />}
          {view.kind === 'quality' && <QualityPanel permissions={me.permissions} />}
          {view.kind === 'dashboard' && <DashboardPanel onOpenComplaint={(id) => setView({ kind: 'detail', id, from: view })} />}
        </div>
      </main>
      <LogComplaintDialog visible={logging} onClose={() => setLogging(false)} onLogged={(c) => (setLogging(false), open(c.id))} />
    </div>
  );
};

createRoot(document.getElementById('root')!).render(<App />);
