import { useEffect, useState } from 'react';
import { Button, Input } from 'tdesign-react';
import QRCode from 'qrcode';
import { api, messageOf } from './api';

/** The token of a one-time enrolment link (`…/admin/#enrol=<token>`); the fragment never reaches a server log. */
export const enrolToken = (): string | undefined => {
  const m = /^#enrol=([A-Za-z0-9._-]+)$/.exec(location.hash);
  return m?.[1];
};

/** 账号激活: set a password and enrol the authenticator from the link a staff admin handed over. */
export const Enrol = ({ token, onSignedIn }: { token: string; onSignedIn: () => void }) => {
  const [info, setInfo] = useState<{ username: string; displayName: string; qr: string }>();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    api<{ username: string; displayName: string; otpauthUrl: string }>('auth/enrolStart', { token })
      .then(async (r) => setInfo({ username: r.username, displayName: r.displayName, qr: await QRCode.toDataURL(r.otpauthUrl, { margin: 1, width: 200 }) }))
      .catch((e) => setError(messageOf(e)));
  }, [token]);

  const submit = async () => {
    if (password !== repeat) return setError('两次输入的密码不一致');
    setBusy(true);
    setError('');
    try {
      const res = await api<{ notice?: string }>('auth/enrolFinish', { token, password, code });
      history.replaceState(null, '', location.pathname);
      // Failed sign-ins on this account since its last full sign-in (a re-issued link after a lock-out): shown once.
      if (res?.notice) setNotice(res.notice);
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
        <h2>账号激活</h2>
        {notice ? (
          <div className="signin-notice">
            <div className="hint">登录安全提醒</div>
            <div className="error-text">{notice}</div>
            <div style={{ height: 20 }} />
            <Button theme="primary" block size="large" onClick={onSignedIn}>
              我知道了
            </Button>
          </div>
        ) : info ? (
          <form onSubmit={(e) => (e.preventDefault(), submit())}>
            <div className="hint">
              {info.displayName}（{info.username}）：请设置密码，并用身份验证器扫描二维码
            </div>
            <Input name="password" type="password" placeholder="新密码（至少10位，含字母和数字）" value={password} onChange={(v) => setPassword(String(v))} size="large" />
            <div style={{ height: 12 }} />
            <Input name="repeat" type="password" placeholder="再次输入新密码" value={repeat} onChange={(v) => setRepeat(String(v))} size="large" />
            <div style={{ textAlign: 'center', margin: '12px 0' }}>
              <img src={info.qr} alt="身份验证器二维码" width={180} height={180} />
            </div>
            <Input name="code" placeholder="身份验证器中的6位动态验证码" value={code} maxlength={6} onChange={(v) => setCode(String(v))} size="large" />
            <div style={{ height: 20 }} />
            <Button type="submit" theme="primary" block size="large" loading={busy} className="enrol-submit">
              激活并登录
            </Button>
          </form>
        ) : (
          !error && <div className="hint">正在核对激活链接…</div>
        )}
        {error && <div className="error-text login-error">{error}</div>}
      </div>
    </div>
  );
};
