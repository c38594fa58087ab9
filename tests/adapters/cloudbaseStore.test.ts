import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { complaintStoreContract } from './complaintStore.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

describe('ComplaintStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  complaintStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { complaints: cloudbaseComplaintStore(db), outbox: cloudbaseOutboxStore(db) };
  });
});

// Real CloudBase: opt-in (tests/adapters/realCloudbase.ts says what it needs, writes and cleans).
describeRealCloudbase('ComplaintStore contract', () => {
  complaintStoreContract(async () => {
    const real = realCloudbase();
    return { complaints: cloudbaseComplaintStore(real.db), outbox: cloudbaseOutboxStore(real.db), close: real.cleanup };
  });
});
