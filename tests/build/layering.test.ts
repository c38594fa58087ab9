import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/**
 * The house's rules, checked on the import graph: the core knows no adapter or runtime; the function
 * runtime (bundled into every cloud function) never reaches into the local host or back up into
 * cloudfunctions/; adapters do not depend on a runtime.
 */
const root = join(__dirname, '..', '..');
const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .filter((file) => existsSync(join(root, file))); // moved or deleted in the working tree, not yet staged

const importsOf = (file: string): string[] => {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => normalize(join(dirname(file), m[1])));
};

const edges = sources.flatMap((file) => importsOf(file).map((target) => ({ file, target })));
const crossing = (from: string, to: string) =>
  edges.filter((e) => e.file.startsWith(from) && e.target.startsWith(to)).map((e) => `${e.file} -> ${e.target}`);

describe('layering', () => {
  it('sees the import graph (a regex that matched nothing would pass every rule)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(crossing('server/local/', 'server/runtime/').length).toBeGreaterThan(0);
  });

  it.each([
    ['core/', 'adapters/'],
    ['core/', 'server/'],
    ['core/', 'cloudfunctions/'],
    ['server/runtime/', 'server/local/'],
    ['server/runtime/', 'cloudfunctions/'],
    ['adapters/', 'server/'],
    ['adapters/', 'cloudfunctions/'],
    ['cloudfunctions/', 'server/local/'],
  ])('%s never imports from %s', (from, to) => {
    expect(crossing(from, to)).toEqual([]);
  });
});
