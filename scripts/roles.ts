/**
 * npm run roles — prints the role table (core/staff/roleTable.ts) from the permission list;
 * `-- --write` puts it into README.md between the roles markers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { roleTableMarkdown } from '../core/staff/roleTable';

export const ROLES_BEGIN = '<!-- roles:begin (npx tsx scripts/roles.ts --write) -->';
export const ROLES_END = '<!-- roles:end -->';

export const readmeWithRoleTable = (readme: string): string => {
  const start = readme.indexOf(ROLES_BEGIN);
  const end = readme.indexOf(ROLES_END);
  if (start < 0 || end < start) throw new Error('README.md has no roles markers');
  return `${readme.slice(0, start + ROLES_BEGIN.length)}\n${roleTableMarkdown()}\n${readme.slice(end)}`;
};

if (require.main === module) {
  const file = path.resolve(__dirname, '..', 'README.md');
  if (process.argv.includes('--write')) fs.writeFileSync(file, readmeWithRoleTable(fs.readFileSync(file, 'utf8')));
  else process.stdout.write(`${roleTableMarkdown()}\n`);
}
