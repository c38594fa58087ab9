import { useState } from 'react';
import { Button, Input } from 'tdesign-react';
import QRCode from 'qrcode';
import { api, messageOf } from './api';

type Step = { kind: 'password' } | { kind: 'totp' } | { kind: 'enrol'; qr: string } | { kind: 'notice'; text: string };

/** Password, then the authenticator code; a first sign-in enrols the authenticator from a QR code. */
export const Login = ({ onSignedIn }: { onSignedIn: () => void }) => {
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submitPassword = async () => {
    setBusy(true);
    setError('');
    try {
      const res = await api<{ next: 'totp' } | { next: 'enrol'; otpauthUrl: string }>('auth/login', { username, password });
      setStep(res.next === 'totp' ? { kind: 'totp' } : { kind: 'enrol', qr: await QRCode.toDataURL(res.otpauthUrl, { margin: 1, width: 200 }) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const submitCode = async () => {
    setBusy(true);
    setError('');
    try {
      const res = await api<{ notice?: string }>('auth/totp', { code });
      // Failed sign-ins on this account since the last sign-in (core/staff/auth.ts): shown once, before the queue.
      if (res?.notice) setStep({ kind: 'notice', text: res.notice });
      else onSignedIn();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-wrap">
      <div className="login-card">
        <h2>会员服务管理台</h2>
        <div className="hint">{step.kind === 'password' ? '请使用员工账号登录' : step.kind === 'notice' ? '登录安全提醒' : '请输入身份验证器中的6位动态验证码'}</div>
        {step.kind === 'notice' ? (
          <div className="signin-notice">
            <div className="error-text">{step.text}</div>
            <div style={{ height: 20 }} />
            <Button theme="primary" block size="large" onClick={onSignedIn}>
              我知道了
            </Button>
          </div>
        ) : step.kind === 'password' ? (
          <form onSubmit={(e) => (e.preventDefault(), submitPassword())}>
            <Input name="username" placeholder="用户名" value={username} onChange={(v) => setUsername(String(v))} size="large" />
            <div style={{ height: 12 }} />
            <Input name="password" type="password" placeholder="密码" value={password} onChange={(v) => setPassword(String(v))} size="large" />
            <div style={{ height: 20 }} />
            <Button type="submit" theme="primary" block size="large" loading={busy} className="login-submit">
              登录
            </Button>
          </form>
        ) : (
          <form onSubmit={(e) => (e.preventDefault(), submitCode())}>
            {step.kind === 'enrol' && (
              <div style={{ textAlign: 'center', marginBottom: 12 }}>
                <img src={step.qr} alt="身份验证器二维码" width={180} height={180} />
                <div className="muted">首次登录：请用身份验证器扫描二维码，再输入显示的验证码</div>
              </div>
            )}
            <Input name="code" placeholder="6位动态验证码" value={code} maxlength={6} onChange={(v) => setCode(String(v))} size="large" />
            <div style={{ height: 20 }} />
            <Button type="submit" theme="primary" block size="large" loading={busy} className="totp-submit">
              验证
            </Button>
          </form>
        )}
        {error && <div className="error-text login-error">{error}</div>}
      </div>
    </div>
  );
};
