import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import simulate from 'miniprogram-simulate';

/** Proof that page tests compile WXML with WeChat's own compiler: a broken template must fail to load. */
describe('the official WXML compiler', () => {
  it('rejects a page whose template is not well formed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-broken-'));
    const dir = path.join(root, 'pages', 'broken');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken.js'), 'Component({})');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"usingComponents":{}}');
    fs.writeFileSync(path.join(dir, 'broken.wxml'), '<view class="a">{{ unclosed </view>');
    expect(() => simulate.load(path.join(dir, 'broken'), { compiler: 'official', rootPath: root } as never)).toThrow();
  });
});
