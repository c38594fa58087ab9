import crypto from 'node:crypto';
import type { SmsSender } from '../../core/members/ports';
import { maskPhone } from '../../core/shared/masking';
import type { SecretBox } from '../../core/staff/ports';
import type { Db } from '../sqlite/database';

/**
 * Local stand-in for Tencent Cloud SMS: records the text that would have been sent (the phone masked),
 * so a developer binds a demo policy by reading the code in the admin page's 短信沙箱. Never used in the cloud.
 * Each text keeps the phone's blind index, so a member's deletion request erases the texts sent to them.
 */
export const sandboxSms = (db: Db, box: Pick<SecretBox, 'blindIndex'>) => {
  const insert = db.prepare('INSERT INTO sms_sandbox (id, phone_masked, text, sent_at, phone_index) VALUES (?, ?, ?, ?, ?)');
  const sender: SmsSender = {
    sendCode: async (phone, code, at, purpose = 'binding') => {
      const what = purpose === 'export' ? '导出个人数据的验证码' : '绑定验证码';
      insert.run(crypto.randomUUID(), maskPhone(phone), `【会员服务】您的${what}为${code}，5分钟内有效。如非本人操作，请忽略。`, at.toISOString(), box.blindIndex(phone));
    },
  };
  const list = (limit = 50) =>
    db.prepare('SELECT id, phone_masked AS phoneMasked, text, sent_at AS sentAt FROM sms_sandbox ORDER BY sent_at DESC LIMIT ?').all(limit) as {
      id: string;
      phoneMasked: string;
      text: string;
      sentAt: string;
    }[];
  return { sender, list };
};
