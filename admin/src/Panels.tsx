import { useEffect, useState } from 'react';
import { DatePicker, Dialog, Input, Select, Textarea } from 'tdesign-react';
import { StackedTable } from './StackedTable';
import type { StaffComplaintView } from '../../typings/api';
import { api, messageOf } from './api';
import { CATEGORY_OPTIONS } from './format';

/** What the local sandbox sender recorded in place of WeChat pushes. */
export const SandboxMessages = () => {
  const [rows, setRows] = useState<{ id: string; touser: string; templateId: string; page: string; data: Record<string, { value: string }>; sentAt: string }[]>([]);
  useEffect(() => {
    api<typeof rows>('messages/sandbox').then(setRows).catch(() => undefined);
  }, []);
  return (
    <div className="panel">
      <h3>订阅消息（本地沙箱记录，未真正发送到微信）</h3>
      <StackedTable
        rowKey="id"
        data={rows}
        columns={[
          { colKey: 'sentAt', title: '时间', width: 200 },
          { colKey: 'touser', title: '接收会员', width: 180 },
          { colKey: 'templateId', title: '模板', width: 220 },
          { colKey: 'data', title: '内容', cell: ({ row }) => Object.entries(row.data).map(([k, v]) => `${k}: ${v.value}`).join('  |  ') },
        ]}
      />
    </div>
  );
};

export { AuditPanel } from './AuditPanel';

const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;

/** A complaint received by phone, web, app or letter; the receipt time is entered (not in the future, audited). */
export const LogComplaintDialog = ({ visible, onClose, onLogged }: { visible: boolean; onClose: () => void; onLogged: (c: StaffComplaintView) => void }) => {
  const [f, setF] = useState<Record<string, string>>({ channel: 'phone' });
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState('');
  const submit = async () => {
    try {
      const c = await api<StaffComplaintView>('complaints/log', {
        idempotencyKey: key,
        channel: f.channel,
        receivedAt: f.receivedAt ? new Date(f.receivedAt.replace(' ', 'T') + '+08:00').toISOString() : new Date().toISOString(),
        phone: f.phone,
        ...(f.contactName ? { contactName: f.contactName } : {}),
        category: f.category,
        description: f.description,
        ...(f.policyNo ? { policyNo: f.policyNo } : {}),
      });
      setKey(newKey());
      setF({ channel: 'phone' });
      setError('');
      onLogged(c);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Dialog header="登记来电/来信投诉" visible={visible} onClose={onClose} onConfirm={submit} width={560} confirmBtn="登记">
      <div style={{ display: 'grid', gap: 10 }}>
        <Select value={f.channel} onChange={(v) => setF({ ...f, channel: String(v) })} options={[{ label: '电话', value: 'phone' }, { label: '网站', value: 'web' }, { label: 'App', value: 'app' }, { label: '信函', value: 'letter' }]} />
        <DatePicker enableTimePicker placeholder="收到时间（默认现在）" value={f.receivedAt} onChange={(v) => setF({ ...f, receivedAt: String(v) })} style={{ width: '100%' }} />
        <Input placeholder="联系手机号" value={f.phone} onChange={(v) => setF({ ...f, phone: String(v) })} />
        <Input placeholder="联系人（选填）" value={f.contactName} onChange={(v) => setF({ ...f, contactName: String(v) })} />
        <Select placeholder="投诉类型" options={CATEGORY_OPTIONS} value={f.category} onChange={(v) => setF({ ...f, category: String(v) })} />
        <Input placeholder="保单号（选填）" value={f.policyNo} onChange={(v) => setF({ ...f, policyNo: String(v) })} />
        <Textarea placeholder="投诉内容（至少10个字）" value={f.description} onChange={(v) => setF({ ...f, description: String(v) })} />
        {error && <div className="error-text">{error}</div>}
      </div>
    </Dialog>
  );
};
