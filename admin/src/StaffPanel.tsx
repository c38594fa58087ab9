import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, Input, MessagePlugin, Select, Tag } from 'tdesign-react';
import type { StaffRole } from '../../core/shared/actors';
import { CLI_ONLY_ROLES, ROLE_LABELS, rolesManageableBy } from '../../core/staff/model';
import type { StaffAccountView } from '../../core/staff/staffAdmin';
import { api, messageOf } from './api';

type Account = StaffAccountView & { name: string };
type Issued = { account: StaffAccountView; enrolPath: string };
type Confirm = { kind: 'disable' | 'enable' | 'resetTotp' | 'reissueEnrolment'; account: Account };

const STATUS: Record<StaffAccountView['status'], { label: string; theme: 'success' | 'default' | 'warning' }> = {
  active: { label: '正常', theme: 'success' },
  pendingEnrolment: { label: '待激活', theme: 'warning' },
  disabled: { label: '已停用', theme: 'default' },
};

const CONFIRM: Record<Confirm['kind'], { title: string; body: string; button: string }> = {
  disable: { title: '停用账号', body: '停用后该员工无法登录，已登录的会话立即失效，未使用的激活链接作废。', button: '确认停用' },
  enable: { title: '启用账号', body: '启用后该员工可用原密码和身份验证器登录。', button: '确认启用' },
  resetTotp: { title: '重置动态验证码', body: '该员工的身份验证器绑定将被清除，已登录的会话立即失效；下次用密码登录时须重新扫码绑定。', button: '确认重置' },
  reissueEnrolment: { title: '重新发送激活链接', body: '将生成新的一次性激活链接（24小时内有效），旧链接作废。员工用它重新设置密码并绑定身份验证器。', button: '生成链接' },
};


const when = (iso?: string) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '从未登录');
const linkOf = (enrolPath: string) => `${location.origin}${location.pathname}${enrolPath}`;

/** 员工管理: accounts with role, team, status and last sign-in; add, disable/enable, reset TOTP, re-enrol. */
export const StaffPanel = ({ canManage, myId, myRole }: { canManage: boolean; myId: string; myRole: StaffRole }) => {
  // Roles up to the manager's own rank; compliance, head-office and manager accounts come only from the audited command line.
  const manageableRoles = rolesManageableBy(myRole);
  const roleOptions = manageableRoles.map((r) => ({ label: ROLE_LABELS[r], value: r }));
  const [items, setItems] = useState<Account[]>([]);
  const [error, setError] = useState('');
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'agent', team: '' });
  const [formError, setFormError] = useState('');
  const [issued, setIssued] = useState<Issued>();
  const [confirm, setConfirm] = useState<Confirm>();
  const [busy, setBusy] = useState(false);

  const load = () =>
    api<Account[]>('staff/list')
      .then((v) => (setItems(v), setError('')))
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    load();
  }, []);

  const add = async () => {
    setBusy(true);
    setFormError('');
    try {
      const out = await api<Issued>('staff/add', { username: form.username, displayName: form.displayName, role: form.role, ...(form.team.trim() ? { team: form.team } : {}) });
      setAdding(false);
      setForm({ username: '', displayName: '', role: 'agent', team: '' });
      setIssued(out);
      load();
    } catch (e) {
      setFormError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const act = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      const out = await api<StaffAccountView | Issued>(`staff/${confirm.kind}`, { username: confirm.account.username, version: confirm.account.version });
      setConfirm(undefined);
      if ('enrolPath' in out) setIssued(out);
      else MessagePlugin.success(`${CONFIRM[confirm.kind].title}：已完成`);
      load();
    } catch (e) {
      MessagePlugin.error(messageOf(e));
      setConfirm(undefined);
      load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel staff-panel">
      <div className="filters">
        <h3 style={{ margin: 0 }}>员工账号</h3>
        <span>
          <Button variant="outline" size="small" onClick={load}>
            刷新
          </Button>{' '}
          {canManage && (
            <Button theme="primary" size="small" onClick={() => (setFormError(''), setAdding(true))} className="staff-add">
              新增员工
            </Button>
          )}
        </span>
      </div>
      {canManage && (
        <Alert
          theme="info"
          style={{ marginBottom: 12 }}
          message={`可管理不高于本人级别的账号。${CLI_ONLY_ROLES.map((r) => ROLE_LABELS[r]).join('、')}账号只能由命令行 npm run staff 创建（全程审计）。`}
        />
      )}
      {error && <div className="error-text">{error}</div>}
      <div className="staff-list">
        <div className="staff-row staff-head">
          <span>员工</span>
          <span>角色</span>
          <span>团队</span>
          <span>状态</span>
          <span>最近登录</span>
          <span>操作</span>
        </div>
        {items.map((a) => {
          const mine = a.id === myId;
          const manageable = canManage && !mine && manageableRoles.includes(a.role);
          return (
            <div className="staff-row" key={a.id} data-username={a.username}>
              <span className="staff-who">
                <strong>{a.displayName}</strong> <span className="muted">{a.username}</span>
              </span>
              <span>{a.roleLabel}</span>
              <span>{a.team ?? <span className="muted">未分组</span>}</span>
              <span>
                <Tag theme={STATUS[a.status].theme} variant="light">
                  {STATUS[a.status].label}
                </Tag>
              </span>
              <span className="muted staff-last">{when(a.lastSignInAt)}</span>
              <span className="staff-actions">
                {manageable &&
                  (a.status === 'disabled' ? (
                    <Button size="small" variant="text" theme="primary" onClick={() => setConfirm({ kind: 'enable', account: a })}>
                      启用
                    </Button>
                  ) : (
                    <>
                      <Button size="small" variant="text" theme="danger" onClick={() => setConfirm({ kind: 'disable', account: a })} className="staff-disable">
                        停用
                      </Button>
                      <Button size="small" variant="text" onClick={() => setConfirm({ kind: 'resetTotp', account: a })} disabled={!a.totpEnrolled} className="staff-reset">
                        重置验证码
                      </Button>
                      <Button size="small" variant="text" onClick={() => setConfirm({ kind: 'reissueEnrolment', account: a })}>
                        重发激活链接
                      </Button>
                    </>
                  ))}
                {mine && <span className="muted">本人</span>}
              </span>
            </div>
          );
        })}
      </div>

      <Dialog header="新增员工" visible={adding} onClose={() => setAdding(false)} onConfirm={add} confirmBtn={{ content: '创建并生成激活链接', loading: busy, className: 'staff-add-confirm' }} width="min(480px, 94vw)">
        <div className="staff-form">
          <label>用户名</label>
          <Input name="username" placeholder="小写字母开头，3–32位，如 zhang.san" value={form.username} onChange={(v) => setForm({ ...form, username: String(v) })} />
          <label>姓名</label>
          <Input name="displayName" placeholder="员工姓名" value={form.displayName} onChange={(v) => setForm({ ...form, displayName: String(v) })} />
          <label>角色</label>
          <Select options={roleOptions} value={form.role} onChange={(v) => setForm({ ...form, role: String(v) })} />
          <label>团队（可选）</label>
          <Input name="team" placeholder="如 华东一组" value={form.team} onChange={(v) => setForm({ ...form, team: String(v) })} />
        </div>
        {formError && <div className="error-text staff-form-error">{formError}</div>}
      </Dialog>

      <Dialog
        header={confirm ? CONFIRM[confirm.kind].title : ''}
        visible={Boolean(confirm)}
        onClose={() => setConfirm(undefined)}
        onConfirm={act}
        confirmBtn={{ content: confirm ? CONFIRM[confirm.kind].button : '', loading: busy, theme: confirm?.kind === 'disable' ? 'danger' : 'primary', className: 'staff-confirm' }}
        width="min(480px, 94vw)"
      >
        {confirm && (
          <p>
            {confirm.account.displayName}（{confirm.account.username}，{confirm.account.roleLabel}）：{CONFIRM[confirm.kind].body}
          </p>
        )}
      </Dialog>

      <Dialog header="一次性激活链接" visible={Boolean(issued)} onClose={() => setIssued(undefined)} cancelBtn={null} confirmBtn={{ content: '我已保存', className: 'staff-link-done' }} onConfirm={() => setIssued(undefined)} width="min(560px, 94vw)">
        {issued && (
          <div className="staff-link">
            <p>
              请把链接当面或经安全渠道交给 {issued.account.displayName}（{issued.account.username}）。链接只显示这一次，
              {when(issued.account.enrolmentExpiresAt)} 前有效，只能使用一次。
            </p>
            <Input readonly value={linkOf(issued.enrolPath)} className="staff-link-value" />
            <div style={{ height: 8 }} />
            <Button size="small" variant="outline" onClick={() => navigator.clipboard?.writeText(linkOf(issued.enrolPath)).then(() => MessagePlugin.success('已复制'))}>
              复制链接
            </Button>
          </div>
        )}
      </Dialog>
    </div>
  );
};
