import { cloudbaseBenefitStore } from '../../adapters/cloudbase/benefitStores';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { sha256 } from '../../adapters/hash';
import { svgQr } from '../../adapters/qr/qrcode';
import type { BenefitDeps } from '../../core/benefits/deps';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { randomCode, randomIds, systemClock } from '../../server/runtime/systemPorts';
import { assertStartable } from '../../server/runtime/startupCheck';
import { benefitActions } from './actions';

assertStartable('benefits');
// Created once per warm container and reused across invocations. The benefits read no sealed personal
// data (staff see the member record's mask), so this function holds no personal-data key.
const { db } = connectCloudbase();
const deps: BenefitDeps = {
  benefits: cloudbaseBenefitStore(db),
  members: cloudbaseMemberStore(db),
  policies: cloudbasePolicyStore(db),
  qr: svgQr,
  clock: systemClock,
  ids: randomIds,
  hash: sha256,
  newCode: randomCode,
  policy: BENEFIT_POLICY,
};
const log = jsonLogger({ fn: 'benefits' });

export const main = async (event: unknown, context: unknown) => dispatch(benefitActions, deps, cloudCaller(event, context), clientEvent(event), log);
