/** npm run totp -- <username>: the current TOTP code of a demo staff account in the local data folder. */
import fs from 'node:fs';
import path from 'node:path';
import { localSystem } from '../server/local/localSystem';
import { currentTotp } from '../adapters/crypto/totp';

const main = async () => {
  const username = process.argv[2];
  if (!username) throw new Error('usage: npm run totp -- <username>');
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
  // Reading codes must not make a data folder: a mistyped DATA_DIR would quietly get fresh keys and no staff.
  if (!fs.existsSync(path.join(dataDir, 'member-service.db')))
    throw new Error(`no local system in ${dataDir}: start it first (npm start), or set DATA_DIR to the folder npm start uses / 此处没有本地数据：请先运行 npm start，或把 DATA_DIR 设为其数据文件夹`);
  const system = localSystem({ dataDir });
  const user = await system.admin.staff.getByUsername(username);
  if (!user?.totpSecretEncrypted) throw new Error(`no TOTP secret for ${username}`);
  process.stdout.write(`${currentTotp(system.admin.box.open(user.totpSecretEncrypted))}\n`);
};

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
