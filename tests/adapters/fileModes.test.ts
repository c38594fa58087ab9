import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../adapters/sqlite/database';
import { localSystem } from '../../server/local/localSystem';

/** The local data folder holds the database and the personal-data key: the owner's alone. */
const modeOf = (f: string) => fs.statSync(f).mode & 0o777;
const posix = process.platform !== 'win32';

(posix ? describe : describe.skip)('local data file modes', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-modes-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates the data folder 0700, the database with -wal/-shm and pii.key 0600, whatever the umask', () => {
    const before = process.umask(0o022);
    try {
      const dataDir = path.join(root, 'data');
      const system = localSystem({ dataDir, fastPasswords: true });
      system.db.prepare('CREATE TABLE IF NOT EXISTS mode_probe (x)').run(); // a write, so the WAL files exist
      const db = path.join(dataDir, 'member-service.db');
      expect(modeOf(dataDir)).toBe(0o700);
      for (const f of [db, `${db}-wal`, `${db}-shm`, path.join(dataDir, 'pii.key')]) expect([f, modeOf(f)]).toEqual([f, 0o600]);
      system.db.close();
    } finally {
      process.umask(before);
    }
  });

  it('tightens files an older version left readable to everyone', () => {
    const dataDir = path.join(root, 'old');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    const db = path.join(dataDir, 'member-service.db');
    openDatabase(db).close();
    fs.chmodSync(db, 0o644);
    fs.writeFileSync(path.join(dataDir, 'pii.key'), Buffer.alloc(32, 1).toString('base64'), { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'pii.key'), 0o644);
    const system = localSystem({ dataDir, fastPasswords: true });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(db)).toBe(0o600);
    expect(modeOf(path.join(dataDir, 'pii.key'))).toBe(0o600);
    system.db.close();
  });

  it('a database opened on its own is 0600 in a new 0700 folder', () => {
    const file = path.join(root, 'nested', 'store.db');
    const db = openDatabase(file);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    db.close();
  });
});
