import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { knownTemplateIds } from '../../server/runtime/config';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { systemClock } from '../../server/runtime/systemPorts';
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
