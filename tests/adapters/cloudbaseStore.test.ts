import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { complaintStoreContract } from './complaintStore.contract';

describe('ComplaintStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  complaintStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { complaints: cloudbaseComplaintStore(db), outbox: cloudbaseOutboxStore(db) };
  });
});

// Real CloudBase: opt-in. Needs TCB_ENV plus TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, and the
// collections complaints, idempotency_keys, outbox, counters created in the environment.
const credentials = process.env.TCB_ENV && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY;
if (!credentials) {
  // eslint-disable-next-line no-console
  console.log('SKIPPED: real CloudBase contract run (set TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY to run it)');
}
(credentials ? describe : describe.skip)('ComplaintStore contract on real CloudBase (opt-in)', () => {
  complaintStoreContract(async () => {
    const { db } = connectCloudbase(process.env.TCB_ENV);
    return { complaints: cloudbaseComplaintStore(db), outbox: cloudbaseOutboxStore(db) };
  });
});
