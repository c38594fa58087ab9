/**
 * npm run calendar -- import FILE --as USER [--year YYYY] [--source 文号] [--dry-run]
 * npm run calendar -- list
 *
 * Enters a year's State Council holiday notice into the local store (the admin page's 节假日日历 does
 * the same). The import is recorded in the audit log under the named staff account, which must hold
 * the calendar.import permission (合规 or 总公司审批人).
 */
import fs from 'node:fs';
import path from 'node:path';
import { importHolidayNotice, listHolidayNotices } from '../core/calendar/importNotice';
import { ROLE_LABELS } from '../core/staff/model';
import { localSystem } from '../server/local/localSystem';
import { exitWithFailure } from './cliFailure';

const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const main = async () => {
  const [command, ...args] = process.argv.slice(2);
  const system = localSystem({ dataDir: path.resolve(process.env.DATA_DIR ?? 'data') });
  const deps = system.admin.holidays;
  if (command === 'list') {
    const operator = { id: 'cli', role: 'compliance' as const, name: 'command line' };
    const { builtInThrough, versions } = await listHolidayNotices(deps, operator);
    process.stdout.write(`built-in holiday data through ${builtInThrough}\n`);
    for (const v of versions)
      process.stdout.write(
        `${v.year} v${v.version}${v.inForce ? ' (in force)' : ''}  ${v.source}  imported ${v.importedAt} by ${v.importedBy.name}` +
          `${v.recompute ? `  recompute ${v.recompute.done ? 'done' : 'running'}: ${v.recompute.changed} cases changed, ${v.recompute.told} members told` : ''}\n`,
      );
    return;
  }
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const username = flag(args, '--as');
  if (command !== 'import' || !file || !username) throw new Error('usage: npm run calendar -- import FILE --as USER [--year YYYY] [--source 文号] [--dry-run] | list');
  const user = await system.admin.staff.getByUsername(username);
  if (!user) throw new Error(`no staff account ${username}`);
  const csv = fs.readFileSync(file, 'utf8');
  const firstDate = csv.match(/\b(\d{4})-\d{2}-\d{2}\b/);
  const year = Number(flag(args, '--year') ?? firstDate?.[1]);
  const source = flag(args, '--source') ?? path.basename(file);
  const out = await importHolidayNotice(deps, { id: user.id, role: user.role, name: user.displayName }, { year, source, csv, dryRun: args.includes('--dry-run') });
  process.stdout.write(
    [
      `${out.year}: ${out.holidays.length} festivals, ${out.holidayDays} days off, ${out.makeupWorkdays.length} make-up workdays`,
      ...out.holidays.map((h) => `  ${h.name} ${h.from} … ${h.to} (${h.days} days)`),
      out.unchanged
        ? `unchanged: the same as version ${out.replacesVersion} in force; nothing written`
        : out.imported
          ? `imported as version ${out.version} by ${user.displayName} (${ROLE_LABELS[user.role]}); recompute: ${out.recompute?.changed ?? 0} cases changed, ${out.recompute?.told ?? 0} members told${out.recompute?.done ? '' : ' so far (the SLA timer finishes the rest)'}`
          : 'dry run: valid, nothing written',
      '',
    ].join('\n'),
  );
};

main().catch(exitWithFailure);
