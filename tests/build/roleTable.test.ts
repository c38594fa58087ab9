import fs from 'node:fs';
import path from 'node:path';
import { PERMISSION_WORDS } from '../../core/staff/roleTable';
import { PERMISSIONS } from '../../core/staff/permissions';
import { readmeWithRoleTable } from '../../scripts/roles';

/** The README's role table is generated from the permission list, so it cannot drift from what the router checks. */
describe('README role table', () => {
  it('says in words what every permission allows', () => {
    expect(Object.keys(PERMISSIONS).filter((p) => !(p in PERMISSION_WORDS))).toEqual([]);
  });

  it('is the table the permission list gives (npm run roles -- --write)', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    expect(readme).toBe(readmeWithRoleTable(readme));
  });
});
