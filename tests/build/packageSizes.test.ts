import path from 'node:path';
import { WECHAT_LIMITS, packageReport, subpackageRoots } from '../../scripts/packageSizes';

describe('mini-program package sizes (bench section 4)', () => {
  it('counts a file under a subpackage root to that package and every other file to the main package', () => {
    const r = packageReport(
      { 'app.js': 100, 'services/api.js': 900, 'packages/complaints/pages/complaints/complaints.js': 400, 'packages/members/pages/bind/bind.js': 50 },
      ['packages/complaints', 'packages/members'],
      'compiled',
    );
    expect(r.packages.map((p) => [p.root, p.bytes, p.files])).toEqual([
      ['main', 1000, 2],
      ['packages/complaints', 400, 1],
      ['packages/members', 50, 1],
    ]);
    expect(r.totalBytes).toBe(1450);
    expect(r.packages.some((p) => p.overLimit) || r.totalOverLimit).toBe(false);
  });

  it('flags a package over 2 MB and a total over 20 MB', () => {
    const roots = Array.from({ length: 11 }, (_, i) => `packages/p${i}`);
    const files = Object.fromEntries(roots.map((r) => [`${r}/big.js`, WECHAT_LIMITS.packageBytes - 1]));
    files['packages/p0/more.js'] = 2;
    const r = packageReport(files, roots, 'source');
    expect(r.packages.filter((p) => p.overLimit).map((p) => p.root)).toEqual(['packages/p0']);
    expect(r.totalOverLimit).toBe(true);
  });

  it('reads the subpackage roots from app.json', () => {
    expect(subpackageRoots(path.join(__dirname, '../../miniprogram'))).toEqual(expect.arrayContaining(['packages/complaints', 'packages/members']));
  });
});
