import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataFolderError, prepareDataFolder } from '../../server/local/dataFolder';

/**
 * `npm start` on a data folder it cannot write (read-only file system, a path through a regular file):
 * one clear line in English and Chinese naming the folder and the fix, exit 1, no stack trace.
 */
const ROOT = path.resolve(__dirname, '../..');

describe('starting on a data folder that cannot be written', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-start-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a read-only folder (EROFS on chmod of dev-secret, as reported) is a DataFolderError naming the folder and the fix', () => {
    fs.writeFileSync(path.join(tmp, 'dev-secret'), 'abc');
    // Root ignores modes, so the read-only file system is injected where the report saw it fail.
    jest.spyOn(fs, 'chmodSync').mockImplementation(() => {
      throw Object.assign(new Error("EROFS: read-only file system, chmod 'dev-secret'"), { code: 'EROFS' });
    });
    let error: unknown;
    try {
      prepareDataFolder(tmp);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFolderError);
    const message = (error as Error).message;
    expect(message).toContain(tmp);
    expect(message).toContain('EROFS');
    expect(message).toMatch(/DATA_DIR=/);
    expect(message).toMatch(/数据文件夹.*无法写入/);
    expect(message).not.toContain('\n');
  });

  it('a folder that is writable gets its secret, 0600, and nothing else left behind', () => {
    const dir = path.join(tmp, 'data');
    const { devSecret } = prepareDataFolder(dir);
    expect(devSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(dir)).toEqual(['dev-secret']);
    expect(fs.statSync(path.join(dir, 'dev-secret')).mode & 0o777).toBe(0o600);
    expect(prepareDataFolder(dir).devSecret).toBe(devSecret);
  });

  it('a folder under /proc is refused at once, not spun on (Node\'s recursive mkdir loops there)', () => {
    const dir = path.join('/proc', `ms-data-${process.pid}`, 'data');
    const started = Date.now();
    expect(() => prepareDataFolder(dir)).toThrow(DataFolderError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('npm run totp with a DATA_DIR that holds no local system says so and makes no folder (outside test)', async () => {
    const dataDir = path.join(tmp, 'mistyped');
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/totp.ts', 'agent01'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toContain(`no local system in ${dataDir}`);
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('npm start with DATA_DIR under a regular file prints that one line and exits non-zero', async () => {
    const file = path.join(tmp, 'not-a-folder');
    fs.writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    clearTimeout(timer);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(dataDir);
    expect(lines[0]).toMatch(/ENOTDIR/);
    expect(lines[0]).toMatch(/数据文件夹/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d/);
  }, 70_000);
});
