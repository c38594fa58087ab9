import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixedClock } from '../../core/shared/ports';
import { localSystem } from '../../server/local/localSystem';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';

/** A local system on a fresh SQLite file in a temp folder, with a settable clock. */
export const harness = (at = '2026-11-02T06:00:00Z', opts: { fastPasswords?: boolean; realClock?: boolean } = {}) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-fn-'));
  const clock = fixedClock(at);
  const system = localSystem({ dataDir, clock: opts.realClock ? { now: () => new Date() } : clock, fastPasswords: opts.fastPasswords ?? true });
  const call = (fn: string, caller: Caller, event: unknown) => {
    const entry = system.functions[fn];
    return dispatch(entry.table, entry.deps as never, caller, event, silentLogger);
  };
  const counts = () => ({
    complaints: (system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n,
    outbox: (system.db.prepare('SELECT COUNT(*) n FROM outbox').get() as { n: number }).n,
    versions: (system.db.prepare('SELECT COALESCE(SUM(version),0) v FROM complaints').get() as { v: number }).v,
    credits: (system.db.prepare('SELECT COALESCE(SUM(credits),0) c FROM subscription_credits').get() as { c: number }).c,
  });
  const close = () => {
    system.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { system, clock, call, counts, close, dataDir };
};

export const alice: Caller = { kind: 'member', openid: 'openid-alice' };
export const bob: Caller = { kind: 'member', openid: 'openid-bob' };

export const validSubmit = (key = 'key-0000000000000001') => ({
  action: 'submit',
  data: { idempotencyKey: key, category: 'service', description: '客服多次承诺回电但没有任何人联系我', policyNo: 'P2026000123' },
});
