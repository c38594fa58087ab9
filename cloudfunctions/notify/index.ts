import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { cloudbaseSender } from '../../adapters/wechat/senders';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { subscribeTemplateIds } from '../../server/runtime/config';
import { NOTIFICATION_AREAS } from '../../server/runtime/notificationAreas';
import { jsonLogger } from '../../server/runtime/log';
import { systemClock } from '../../server/runtime/systemPorts';
import { assertStartable } from '../../server/runtime/startupCheck';

assertStartable('notify');
const { app, db } = connectCloudbase();
const deps = {
  outbox: cloudbaseOutboxStore(db),
  inbox: cloudbaseInboxStore(db),
  subscriptions: cloudbaseSubscriptionStore(db),
  sender: cloudbaseSender(app as never),
  clock: systemClock,
  areas: NOTIFICATION_AREAS,
  templateIds: subscribeTemplateIds(),
  miniprogramState: (process.env.MINIPROGRAM_STATE ?? 'formal') as 'formal',
};
const log = jsonLogger({ fn: 'notify' });

/** Timer-triggered every minute: drains the outbox. Carries no OPENID and needs none. */
export const main = async () => {
  const report = await dispatchOutbox(deps);
  log.info('outbox drained', { ...report });
  return report;
};
