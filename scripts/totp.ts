/** npm run totp -- <username>: the current TOTP code of a demo staff account in the local data folder. */
import path from 'node:path';
import { localSystem } from '../server/local/localSystem';
import { currentTotp } from '../adapters/crypto/totp';

const main = async () => {
  const username = process.argv[2];
  if (!username) throw new Error('usage: npm run totp -- <username>');
  const system = localSystem({ dataDir: path.resolve(process.env.DATA_DIR ?? 'data') });
  const user = await system.admin.staff.getByUsername(username);
  if (!user?.totpSecretEncrypted) throw new Error(`no TOTP secret for ${username}`);
  process.stdout.write(`${currentTotp(system.admin.box.open(user.totpSecretEncrypted))}\n`);
};

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
