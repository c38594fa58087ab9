import { useEffect, useState, type ReactNode } from 'react';
import { Dialog, Textarea } from 'tdesign-react';
import { messageOf } from './api';

/** Asks why before anything is shown or changed: the reason goes to the audit log. */
export const ReasonDialog = ({
  header,
  visible,
  hint,
  confirm,
  onClose,
  onConfirm,
  children,
}: {
  header: string;
  visible: boolean;
  hint: string;
  confirm: string;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
  children?: ReactNode;
}) => {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    if (visible) (setReason(''), setError(''));
  }, [visible]);
  const submit = async () => {
    if (reason.trim().length < 4) return setError('请填写原因（至少4个字），将记入审计日志');
    try {
      await onConfirm(reason.trim());
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Dialog header={header} visible={visible} onClose={onClose} onConfirm={submit} confirmBtn={confirm} width="min(520px, 94vw)" className="reason-dialog">
      <p className="muted" style={{ marginTop: 0 }}>
        {hint}
      </p>
      {children}
      <Textarea value={reason} onChange={(v) => setReason(String(v))} placeholder="原因（必填，将记入审计日志）" autosize={{ minRows: 3 }} className="reason-text" />
      {error && <div className="error-text reason-error">{error}</div>}
    </Dialog>
  );
};
