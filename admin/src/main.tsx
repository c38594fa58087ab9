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

type View = { kind: 'queue' } | { kind: 'detail'; id: string } | { kind: 'sandbox' } | { kind: 'audit' } | { kind: 'calendar' };

const TITLES: Record<View['kind'], string> = {
  queue: '投诉工作台 · 按到期时间排序',
  detail: '投诉详情',
  sandbox: '订阅消息记录',
  audit: '审计日志',
  calendar: '节假日日历',
};

const ALERT_TITLES: Record<string, string> = {
  greenChannelAlert: '绿色通道案件',
  reviewRequested: '会员申请核查',
  escalated: '案件已升级至主管',
  deadlineWarning: '时限即将到期',
  deadlineBreached: '时限已超时，已升级',
};

/** New green-channel cases and near-breaches reach staff as browser notifications (and in-page). */
const useAlerts = (me: SignedInStaff | undefined, open: (id: string) => void) => {
  const since = useRef(new Date().toISOString());
  useEffect(() => {
    if (!me?.permissions.includes('alerts.read')) return;
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => undefined);
    const poll = async () => {
      const alerts = await api<{ id: string; kind: string; complaintId: string; number: string; summary: string; createdAt: string }[]>('alerts/list', { since: since.current }).catch(() => []);
      for (const a of alerts.reverse()) {
        since.current = a.createdAt > since.current ? a.createdAt : since.current;
        const title = `${ALERT_TITLES[a.kind] ?? '提醒'}：${a.number}`;
        if ('Notification' in window && Notification.permission === 'granted') new Notification(title, { body: a.summary, tag: a.id }).onclick = () => open(a.complaintId);
        NotificationPlugin.info({ title, content: a.summary, duration: 8000, placement: 'bottom-right' });
      }
    };
    const t = setInterval(poll, 15_000);
    return () => clearInterval(t);
  }, [me, open]);
};

const App = () => {
  const [me, setMe] = useState<SignedInStaff>();
  const [checked, setChecked] = useState(false);
  const [view, setView] = useState<View>({ kind: 'queue' });
  const [logging, setLogging] = useState(false);
  const refreshMe = () =>
    api<SignedInStaff>('staff/me')
      .then(setMe)
      .catch(() => setMe(undefined))
      .finally(() => setChecked(true));
  useEffect(() => {
    refreshMe();
  }, []);
  const open = (id: string) => setView({ kind: 'detail', id });
  useAlerts(me, open);

  if (!checked) return null;
  if (!me) return <Login onSignedIn={refreshMe} />;
  const can = (p: string) => me.permissions.includes(p);
  return (
    <div className="shell">
      <aside className="side">
        <div className="brand">会员服务管理台</div>
        <Menu value={view.kind === 'detail' ? 'queue' : view.kind} onChange={(v) => setView({ kind: v as 'queue' })} style={{ width: '100%', boxShadow: 'none' }}>
          <Menu.MenuItem value="queue">投诉工作台</Menu.MenuItem>
          {can('messages.sandbox') && <Menu.MenuItem value="sandbox">订阅消息记录</Menu.MenuItem>}
          {can('audit.read') && <Menu.MenuItem value="audit">审计日志</Menu.MenuItem>}
          {can('calendar.read') && <Menu.MenuItem value="calendar">节假日日历</Menu.MenuItem>}
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
          {view.kind === 'detail' && <Detail id={view.id} permissions={me.permissions} onBack={() => setView({ kind: 'queue' })} />}
          {view.kind === 'sandbox' && <SandboxMessages />}
          {view.kind === 'audit' && <AuditPanel />}
          {view.kind === 'calendar' && <CalendarPanel canImport={can('calendar.import')} />}
        </div>
      </main>
      <LogComplaintDialog visible={logging} onClose={() => setLogging(false)} onLogged={(c) => (setLogging(false), open(c.id))} />
    </div>
  );
};

createRoot(document.getElementById('root')!).render(<App />);
