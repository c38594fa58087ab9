/**
 * npm run rekey -- --as USER [--check] [--resume KIND:ID] [--budget N] [--cloud]
 *
 * After a personal-data key rotation (README, Configuration: PII_KEYS / PII_KEY_CURRENT), re-seals
 * every sealed value of members, policies, complaints and staff accounts with the current key
 * (core/members/rekey.ts). Old values stay readable throughout; a stopped run continues with the
 * printed --resume, or simply runs again. Audited under USER (head office or compliance).
 * --check counts values by key and writes nothing: run it before removing a key from PII_KEYS.
 * --cloud works on the CloudBase environment TCB_ENV (with TENCENTCLOUD_SECRETID/SECRETKEY and the
 * same PII_KEYS the functions have) instead of the local data folder.
 */
import path from 'node:path';
import { cloudbaseAuditLog } from '../adapters/cloudbase/auditLog';
import { connectCloudbase } from '../adapters/cloudbase/connect';
import { cloudbaseSealedRecords } from '../adapters/cloudbase/sealedRecords';
import { cloudbaseStaffStore } from '../adapters/cloudbase/staffStores';
import { keyRingBox, keyRingFromEnv } from '../adapters/crypto/secretBox';
import { sqliteSealedRecords } from '../adapters/sqlite/sealedRecords';
import { formatCursor, parseCursor, rekey, type RekeyDeps } from '../core/members/rekey';
import type { StaffStore } from '../core/staff/ports';
import { systemClock } from '../server/runtime/systemPorts';
import { localSystem } from '../server/local/localSystem';
import { exitWithFailure } from './cliFailure';

const ALLOWED_ROLES = ['headOffice', 'compliance'];

const main = async () => {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const username = flag('--as');
  if (!username) throw new Error('usage: npm run rekey -- --as USER [--check] [--resume KIND:ID] [--budget N] [--cloud]');
  let deps: RekeyDeps;
  let staff: StaffStore;
  if (args.includes('--cloud')) {
    if (!process.env.TCB_ENV) throw new Error('--cloud needs TCB_ENV (and TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY)');
    const { db } = connectCloudbase(process.env.TCB_ENV);
    deps = { records: cloudbaseSealedRecords(db), box: keyRingBox(keyRingFromEnv(process.env)), audit: cloudbaseAuditLog(db, systemClock) };
    staff = cloudbaseStaffStore(db);
  } else {
    const system = localSystem({ dataDir: path.resolve(process.env.DATA_DIR ?? 'data') });
    deps = { records: sqliteSealedRecords(system.db), box: system.box, audit: system.admin.audit };
    staff = system.admin.staff;
  }
  const user = await staff.getByUsername(username);
  if (!user || !ALLOWED_ROLES.includes(user.role)) throw new Error(`${username} is not a head-office or compliance staff account`);
  const resume = flag('--resume');
  const budget = flag('--budget');
  const report = await rekey(deps, {
    actor: { id: user.id, role: user.role },
    check: args.includes('--check'),
    ...(resume ? { cursor: parseCursor(resume) } : {}),
    ...(budget ? { budget: Number(budget) } : {}),
  });
  const found = Object.entries(report.foundByKey).map(([k, n]) => `${k}: ${n}`).join(', ') || 'none';
  process.stdout.write(`current key ${report.currentKeyId}; sealed values found by key: ${found}\n`);
  process.stdout.write(`${report.recordsExamined} records examined, ${report.recordsUpdated} updated, ${report.valuesResealed} values re-sealed\n`);
  if (report.cursor) process.stdout.write(`stopped at the budget: continue with --resume ${formatCursor(report.cursor)}\n`);
  else if (args.includes('--check')) process.stdout.write(report.done ? `everything is under ${report.currentKeyId}: older keys may leave PII_KEYS (keep the index key)\n` : 'values remain under older keys: run npm run rekey\n');
};

main().catch(exitWithFailure);
