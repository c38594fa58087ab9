import { useEffect, useState } from 'react';
import { Alert, Button } from 'tdesign-react';
import type { SmsSandboxView } from '../../typings/staffMembers';
import { api, messageOf } from './api';

/** 短信沙箱: the binding codes the local sandbox sender recorded instead of sending an SMS. */
export const SmsSandboxPanel = () => {
  const [view, setView] = useState<SmsSandboxView>();
  const [error, setError] = useState('');
  const load = () =>
    api<SmsSandboxView>('members/smsSandbox')
      .then((v) => (setView(v), setError('')))
      .catch((e) => setError(messageOf(e)));
  useEffect(() => {
    load();
  }, []);
  return (
    <div className="panel sms-sandbox">
      <div className="filters">
        <h3 style={{ margin: 0 }}>短信验证码（本地沙箱记录，未真正发送）</h3>
        <Button variant="outline" size="small" onClick={load} className="sms-refresh">
          刷新
        </Button>
      </div>
      {view && !view.sandbox ? (
        <Alert theme="info" message="当前环境通过腾讯云短信发送验证码，系统不保存短信内容，此处没有记录。" />
      ) : (
        <Alert theme="warning" message="仅用于本地开发调试：会员绑定保单时发送的验证码记录在这里，不会发到手机。验证码5分钟内有效。" style={{ marginBottom: 12 }} />
      )}
      {error && <div className="error-text">{error}</div>}
      {view?.sandbox && (
        <div className="sms-list">
          {!view.items.length && <div className="muted">暂无短信</div>}
          {view.items.map((m) => (
            <div className="record-row sms-row" key={m.id}>
              <span className="muted">{m.sentAtText}</span>
              <span>{m.phoneMasked}</span>
              <span className="sms-text record-summary">{m.text}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
};
