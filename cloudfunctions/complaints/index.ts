import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { clientEvent, cloudCaller } from '../../server/cloudIdentity';
import { dispatch } from '../../server/functionRuntime';
import { jsonLogger } from '../../server/log';
import { complaintDeps } from '../../server/systemPorts';
import { complaintActions } from './actions';

// Created once per warm container and reused across invocations.
const { db } = connectCloudbase();
const deps = complaintDeps(cloudbaseComplaintStore(db));
const log = jsonLogger({ fn: 'complaints' });

export const main = (event: unknown, context: unknown) =>
  dispatch(complaintActions, deps, cloudCaller(event, context), clientEvent(event), log);
