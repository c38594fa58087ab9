import type { WeChatPhone } from '../../core/members/ports';
import { callOpenApi, type OpenApiApp } from './openApi';


/** phonenumber.getPhoneNumber through CloudBase's open API (declared in the members function's config.json). */
export const cloudbaseWeChatPhone = (app: OpenApiApp): WeChatPhone => ({
  async phoneFromCode(code) {
    const answer = await callOpenApi<{ errcode?: number; errmsg?: string; phone_info?: { purePhoneNumber?: string; countryCode?: string } }>(
      app,
      'phonenumber.getPhoneNumber',
      { code },
    );
    if (answer.errcode) throw new Error(`getPhoneNumber ${answer.errcode} ${answer.errmsg ?? ''}`.trim());
    const phone = answer.phone_info?.purePhoneNumber;
    if (!phone || (answer.phone_info?.countryCode && answer.phone_info.countryCode !== '86')) throw new Error('getPhoneNumber gave no mainland phone');
    return phone;
  },
});

/**
 * LABELLED FAKE of WeChat's phone-number check for the local gateway and tests (it needs WeChat).
 * The local stand-in of the getPhoneNumber button hands out `dev-phone-<11 digits>`; this returns
 * those digits. Any other code fails as an expired one would.
 */
export const fakeWeChatPhone: WeChatPhone = {
  async phoneFromCode(code) {
    const m = /^dev-phone-(1\d{10})$/.exec(code);
    if (!m) throw new Error('fake: unknown or expired phone code');
    return m[1];
  },
};
