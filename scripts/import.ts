/**
 * npm run import -- policies FILE.csv --as USER [--full] [--valid-only] [--dry-run]
 *
 * Imports the policy register exported from the core system into the local store. The whole file is
 * checked first; with any bad row nothing is written unless --valid-only is given (an explicit choice).
 * --full marks in-force policies missing from the file as lapsed. Audited under USER.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../core/members/importPolicies';
import { localSystem } from '../server/local/localSystem';
import { exitWithFailure } from './cliFailure';

const main = async () => {
  const [what, file, ...args] = process.argv.slice(2);
  const i = args.indexOf('--as');
  const username = i >= 0 ? args[i + 1] : undefined;
  if (what !== 'policies' || !file || !username) throw new Error('usage: npm run import -- policies FILE.csv --as USER [--full] [--valid-only] [--dry-run]');
  const system = localSystem({ dataDir: path.resolve(process.env.DATA_DIR ?? 'data') });
  const user = await system.admin.staff.getByUsername(username);
  if (!user || !['supervisor', 'headOffice', 'compliance'].includes(user.role)) throw new Error(`${username} is not a staff account allowed to import the register`);
  const report = await importPolicies(system.members, { id: user.id, role: user.role }, {
    csv: fs.readFileSync(file, 'utf8'),
    full: args.includes('--full'),
    validRowsOnly: args.includes('--valid-only'),
    dryRun: args.includes('--dry-run'),
  });
  for (const issue of report.issues) process.stdout.write(`skipped line ${issue.line} ${issue.policyNo ?? ''} ${issue.field}: ${issue.message}\n`);
  process.stdout.write(
    report.imported
      ? `batch ${report.batchId}: ${report.inserted} new, ${report.updated} updated, ${report.lapsed} lapsed, ${report.issues.length ? `${new Set(report.issues.map((x) => x.line)).size} rows skipped` : 'no rows skipped'}\n`
      : `checked ${report.rows} rows: ${report.valid} valid; nothing written${args.includes('--dry-run') ? ' (dry run)' : ''}\n`,
  );
};

main().catch(exitWithFailure);
