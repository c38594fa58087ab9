import crypto from 'node:crypto';
import { PushNotSent, type SubscribeMessage, type WeChatSender } from '../../core/notifications/dispatcher';
import type { InboxStore } from '../../core/notifications/inbox';
import type { Clock } from '../../core/shared/ports';
import { callOpenApi, OpenApiRefused, type OpenApiApp } from './openApi';


/** subscribeMessage.send through CloudBase's open API (declared in the notify function's config.json). */
export const cloudbaseSender = (app: OpenApiApp): WeChatSender => ({
  async send(message: SubscribeMessage) {
    let answer: { errcode?: number; errmsg?: string };
    try {
      answer = await callOpenApi<{ errcode?: number; errmsg?: string }>(app, 'subscribeMessage.send', message);
    } catch (e) {
      // Refused by CloudBase: never reached WeChat, safe to send again. Anything else: outcome unknown.
      if (e instanceof OpenApiRefused) throw new PushNotSent(e.message);
      throw e;
    }
    return { errcode: answer.errcode ?? 0, errmsg: answer.errmsg };
  },
});

/** Local stand-in for WeChat: records what would have been sent; the admin page lists it. */
export const sandboxSender = (inbox: InboxStore, clock: Clock): WeChatSender => ({
  async send(message) {
    await inbox.addSandboxMessage({
      id: crypto.randomUUID(),
      touser: message.touser,
      templateId: message.template_id,
      page: message.page,
      data: message.data,
      sentAt: clock.now().toISOString(),
    });
    return { errcode: 0, errmsg: 'ok (sandbox)' };
  },
});
