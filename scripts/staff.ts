/**
 * npm run staff -- add USER --role ROLE --name 姓名 [--team 团队]
 * npm run staff -- disable USER | enable USER | reset-totp USER | reissue USER
 * npm run staff -- list
 * Options: --cloud (CloudBase: TCB_ENV plus TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, as the
 * @cloudbase/node-sdk reads them), --as NAME (who runs it; default the OS user), --base-url URL (the
 * admin page's address for the enrolment link; default ADMIN_BASE_URL or http://127.0.0.1:8787/admin/).
 *
 * The audited command line for staff accounts (core/staff/staffAdmin.ts): the only way to create the
 * first account and compliance (合规) or head-office (总公司审批人) accounts. It is not ranked: whoever
 * can run it against the store holds the store's keys anyway. Each change is audited on the account's
 * chain with actor `cli:<name>` (role `cli`). `add` and `reissue` print a one-time enrolment link
 * (valid 24 hours, used once) to hand to the person: they set their password and enrol their
 * authenticator there. Locally it works on the SQLite store in DATA_DIR (default ./data).
 */
import os from 'node:os';
import path from 'node:path';
import { cloudbaseSessionStore, cloudbaseStaffStore } from '../adapters/cloudbase/staffStores';
import { connectCloudbase } from '../adapters/cloudbase/connect';
import type { CbDatabase } from '../adapters/cloudbase/database';
import { randomTokens } from '../adapters/crypto/secretBox';
import { systemClock } from '../server/runtime/systemPorts';
import type { Clock } from '../core/shared/ports';
import { ROLE_LABELS } from '../core/staff/model';
import {
  addStaff,
  cliActor,
  disableStaff,
  enableStaff,
  STAFF_ROLES,
  listStaffAccounts,
  reissueEnrolment,
  resetStaffTotp,
  type StaffAccountView,
  type StaffAdminDeps,
} from '../core/staff/staffAdmin';
import { exitWithFailure } from './cliFailure';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8787/admin/';

const USAGE =
  `usage: npm run staff -- add USER --role ${STAFF_ROLES.join('|')} --name 姓名 [--team 团队] | disable USER | enable USER | reset-totp USER | reissue USER | list  [--cloud] [--as NAME] [--base-url URL]`;

/** The CloudBase stores the command line writes with `--cloud` (the same adapters the admin function uses). */
export const cloudStaffAdminDeps = (db: CbDatabase, clock: Clock = systemClock): StaffAdminDeps & { sessions: ReturnType<typeof cloudbaseSessionStore> } => ({
  staff: cloudbaseStaffStore(db),
  sessions: cloudbaseSessionStore(db),
  tokens: randomTokens,
  clock,
});

const VALUE_FLAGS = ['--role', '--name', '--team', '--as', '--base-url'];
const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = (args: string[]) => args.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.includes(args[i - 1] ?? ''));

const line = (a: StaffAccountView) =>
  [
    a.username.padEnd(16),
    a.displayName,
    ROLE_LABELS[a.role],
    a.team ?? '-',
    { active: '正常', disabled: '已停用', pendingEnrolment: '待激活' }[a.status],
    a.lastSignInAt ? `最近登录 ${a.lastSignInAt}` : '从未登录',
  ].join('  ');

/**
 * What `npm run staff` does, on the stores it is given: the test runs it over a temp SQLite folder and
 * over the CloudBase adapters on the strict fake. Returns the lines it printed.
 */
export const runStaffCommand = async (
  deps: StaffAdminDeps,
  argv: string[],
  opts: { operator: string; baseUrl?: string; out?: (text: string) => unknown },
): Promise<string[]> => {
  const printed: string[] = [];
  const print = (text: string) => {
    printed.push(text);
    opts.out?.(`${text}\n`);
  };
  const [command, ...rest] = argv;
  const [username] = positional(rest);
  const actor = cliActor(flag(rest, '--as') ?? opts.operator);
  const base = flag(rest, '--base-url') ?? opts.baseUrl ?? DEFAULT_ADMIN_URL;
  const link = (token: string) => `${base.replace(/#.*$/, '')}#enrol=${token}`;
  const current = async () => {
    const found = (await listStaffAccounts(deps)).find((a) => a.username === username);
    return { username: username!, version: found?.version ?? 0 };
  };
  if (command === 'list') {
    for (const a of await listStaffAccounts(deps)) print(line(a));
    return printed;
  }
  if (!username) throw new Error(USAGE);
  switch (command) {
    case 'add': {
      const role = flag(rest, '--role');
      const team = flag(rest, '--team');
      const out = await addStaff(deps, actor, { username, role, displayName: flag(rest, '--name'), ...(team !== undefined ? { team } : {}) });
      print(`已创建 ${line(out.account)}`);
      print(`一次性激活链接（${out.account.enrolmentExpiresAt} 前有效，只能使用一次，请当面或经安全渠道交给本人）：`);
      print(link(out.enrolToken));
      return printed;
    }
    case 'reissue': {
      const out = await reissueEnrolment(deps, actor, await current());
      print(`已重新发送激活链接 ${line(out.account)}`);
      print(link(out.enrolToken));
      return printed;
    }
    case 'disable':
      print(`已停用 ${line(await disableStaff(deps, actor, await current()))}`);
      return printed;
    case 'enable':
      print(`已启用 ${line(await enableStaff(deps, actor, await current()))}`);
      return printed;
    case 'reset-totp':
      print(`已重置动态验证码，下次登录需重新绑定 ${line(await resetStaffTotp(deps, actor, await current()))}`);
      return printed;
    default:
      throw new Error(USAGE);
  }
};

/** The command itself: picks the store (SQLite in DATA_DIR, or CloudBase with --cloud) and runs it. */
export const main = async (argv = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, out: (t: string) => unknown = (t) => process.stdout.write(t)) => {
  const operator = env.STAFF_CLI_OPERATOR ?? os.userInfo().username;
  const baseUrl = env.ADMIN_BASE_URL ?? DEFAULT_ADMIN_URL;
  if (argv.includes('--cloud')) {
    if (!env.TCB_ENV) throw new Error('--cloud needs TCB_ENV (and TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY)');
    return runStaffCommand(cloudStaffAdminDeps(connectCloudbase(env.TCB_ENV).db), argv.filter((a) => a !== '--cloud'), { operator, baseUrl, out });
  }
  // Imported late: the local system opens (and migrates) the SQLite file.
  const { localSystem } = await import('../server/local/localSystem');
  const system = localSystem({ dataDir: path.resolve(env.DATA_DIR ?? 'data') });
  try {
    return await runStaffCommand(system.admin, argv, { operator, baseUrl, out });
  } finally {
    system.db.close();
  }
};

if (require.main === module) main().catch(exitWithFailure);
