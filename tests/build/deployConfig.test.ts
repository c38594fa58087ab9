import fs from 'node:fs';
import path from 'node:path';
import { functionNames } from '../../scripts/buildFunctions';

const ROOT = path.resolve(__dirname, '../..');
const config = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudfunctions', name, 'config.json'), 'utf8'));

describe('deploy configuration', () => {
  it('lists every function in cloudbaserc.json with the triggers its config.json declares', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8'));
    expect(rc.functions.map((f: { name: string }) => f.name).sort()).toEqual(functionNames());
    for (const f of rc.functions) expect(f.triggers ?? []).toEqual(config(f.name).triggers ?? []);
  });

  it('gives timers a 7-field cron and declares the open APIs a function calls', () => {
    for (const name of ['notify', 'slaMonitor']) for (const t of config(name).triggers) expect(t.config.split(' ')).toHaveLength(7);
    expect(config('notify').permissions.openapi).toContain('subscribeMessage.send');
  });
});
