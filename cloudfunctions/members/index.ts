import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { clientEvent, cloudCaller } from '../../server/cloudIdentity';
import { knownTemplateIds } from '../../server/config';
import { dispatch } from '../../server/functionRuntime';
import { jsonLogger } from '../../server/log';
import { systemClock } from '../../server/systemPorts';
import { memberActions } from './actions';

const { db } = connectCloudbase();
const deps = {
  subscriptions: cloudbaseSubscriptionStore(db),
  inbox: cloudbaseInboxStore(db),
  clock: systemClock,
  knownTemplateIds: knownTemplateIds(),
};
const log = jsonLogger({ fn: 'members' });

export const main = (event: unknown, context: unknown) =>
  dispatch(memberActions, deps, cloudCaller(event, context), clientEvent(event), log);
