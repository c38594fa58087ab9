import { cloudbaseContentCheck } from '../../adapters/wechat/contentSafety';
import type { OpenApiApp } from '../../adapters/wechat/openApi';
import { cloudbaseWeChatPhone } from '../../adapters/wechat/phoneNumber';
import { cloudbaseSender } from '../../adapters/wechat/senders';
import { PushNotSent } from '../../core/notifications/dispatcher';

/**
 * The WeChat open-API adapters against a STAND-IN for CloudBase's callWxOpenApi (WeChat itself cannot
 * be reached here): each answers WeChat's documented shapes, and CloudBase's own failure.
 */
const app = (answer: { code?: string; message?: string; result?: unknown }) => {
  const calls: { apiName: string; requestData: unknown }[] = [];
  const a: OpenApiApp = { callWxOpenApi: async (o) => (calls.push(o), answer) };
  return { a, calls };
};

describe('WeChat open APIs through CloudBase', () => {
  it('msgSecCheck: sends version 2 with the openid and scene, reads the suggestion, throws on errcode or a CloudBase failure', async () => {
    const ok = app({ result: { errcode: 0, result: { suggest: 'risky', label: 20001 } } });
    expect(await cloudbaseContentCheck(ok.a).check({ openid: 'o1', scene: 2, text: '文本' })).toEqual({ suggest: 'risky', label: 20001 });
    expect(ok.calls).toEqual([{ apiName: 'security.msgSecCheck', requestData: { version: 2, openid: 'o1', scene: 2, content: '文本' } }]);
    await expect(cloudbaseContentCheck(app({ result: JSON.stringify({ errcode: 61010, errmsg: 'user is not active' }) }).a).check({ openid: 'o1', scene: 2, text: 'x' })).rejects.toThrow('msgSecCheck 61010 user is not active');
    await expect(cloudbaseContentCheck(app({ code: '-604101', message: 'no permission' }).a).check({ openid: 'o1', scene: 2, text: 'x' })).rejects.toThrow('cloudbase -604101: no permission');
    await expect(cloudbaseContentCheck(app({ result: { errcode: 0 } }).a).check({ openid: 'o1', scene: 2, text: 'x' })).rejects.toThrow('without a suggestion');
  });

  it('getPhoneNumber: returns the pure mainland number, refuses errors and foreign numbers', async () => {
    expect(await cloudbaseWeChatPhone(app({ result: { errcode: 0, phone_info: { purePhoneNumber: '13800138000', countryCode: '86' } } }).a).phoneFromCode('c')).toBe('13800138000');
    await expect(cloudbaseWeChatPhone(app({ result: { errcode: 40029, errmsg: 'invalid code' } }).a).phoneFromCode('c')).rejects.toThrow('getPhoneNumber 40029 invalid code');
    await expect(cloudbaseWeChatPhone(app({ result: { errcode: 0, phone_info: { purePhoneNumber: '91234567', countryCode: '852' } } }).a).phoneFromCode('c')).rejects.toThrow('no mainland phone');
  });

  it('subscribeMessage.send: hands WeChat’s errcode to the dispatcher, throws only when CloudBase failed', async () => {
    const message = { touser: 'o1', template_id: 't', page: 'p', data: {}, miniprogram_state: 'formal' as const, lang: 'zh_CN' as const };
    expect(await cloudbaseSender(app({ result: '{"errcode":43101,"errmsg":"user refuse to accept the msg"}' }).a).send(message)).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    expect(await cloudbaseSender(app({ result: { errcode: 0 } }).a).send(message)).toEqual({ errcode: 0, errmsg: undefined });
    // Refused by CloudBase: never reached WeChat, so the dispatcher may send it again.
    await expect(cloudbaseSender(app({ code: 'SYS_ERR', message: 'refused' }).a).send(message)).rejects.toBeInstanceOf(PushNotSent);
    // No answer at all: the outcome is unknown, and the error is not marked as safe to resend.
    const silent: OpenApiApp = { callWxOpenApi: async () => Promise.reject(new Error('ETIMEDOUT')) };
    const err = await cloudbaseSender(silent).send(message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PushNotSent);
  });
});
