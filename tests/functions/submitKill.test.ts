import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '../../adapters/hash';
import { devTokens } from '../../server/local/gateway/devTokens';
import { localSystem } from '../../server/local/localSystem';

/**
 * Issue 9 item 11: submits are group-committed (adapters/sqlite/groupCommit.ts), so an answer may only leave
 * after the COMMIT that holds its record. A real gateway process takes a flood of submits over HTTP and is
 * killed with SIGKILL mid-flood; the store, reopened, must hold every submit that was answered 200 exactly
 * once, with its outbox entry, under the id and number the member was told.
 */
jest.setTimeout(60_000);

const SECRET = 'kill-test-secret';
const CONNECTIONS = 32;

const startGateway = (dataDir: string, writerThread: boolean) => {
  const child = fork(path.join(__dirname, '../support/killableGateway.ts'), [], {
    execArgv: ['--import', 'tsx'],
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, KILL_DATA_DIR: dataDir, KILL_DEV_SECRET: SECRET, KILL_WRITER_THREAD: writerThread ? '1' : '0' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`gateway exited early (${code})`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
  return { child, port, exited };
};

interface Acked {
  member: string;
  key: string;
  id: string;
  number: string;
}

describe('no acknowledged submit is lost when the gateway is killed (kill -9)', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-kill-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // In-thread group commit, and the writer thread that takes the submits off the event loop.
  it.each([
    ['on the main connection', false],
    ['on the writer thread', true],
  ])('keeps every submit answered 200 exactly once, with its outbox entry, after SIGKILL mid-flood (%s)', async (_where, writerThread) => {
    const gw = startGateway(dataDir, writerThread);
    const base = `http://127.0.0.1:${await gw.port}`;
    const tokens = devTokens(SECRET);
    const acked: Acked[] = [];
    const sent: { member: string; key: string }[] = [];
    let failed = 0;
    let next = 0;
    let killed = false;
    // A member per three submits keeps every member under the hourly quota (MEMBER_QUOTAS).
    const submitOne = async () => {
      const i = next++;
      const member = `kill-m${Math.floor(i / 3)}`;
      const key = `kill-${String(i).padStart(12, '0')}`;
      sent.push({ member, key });
      try {
        const res = await fetch(`${base}/api/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.issue(member)}` },
          body: JSON.stringify({ action: 'submit', data: { idempotencyKey: key, category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理' } }),
        });
        const body = (await res.json()) as { ok: boolean; data?: { complaint: { id: string; number: string } } };
        if (res.status === 200 && body.ok) acked.push({ member, key, id: body.data!.complaint.id, number: body.data!.complaint.number });
        else failed++;
      } catch {
        failed++; // the connection died with the process: not acknowledged
      }
    };
    const worker = async () => {
      while (!killed) await submitOne();
    };
    const flood = Promise.all(Array.from({ length: CONNECTIONS }, worker));
    // Kill once a good number are answered, while many more are in flight (and in an open batch).
    while (acked.length < 300) {
      if (failed > 0) {
        killed = true;
        gw.child.kill('SIGKILL');
        throw new Error(`the gateway refused submits before the kill (${failed})`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    gw.child.kill('SIGKILL');
    expect(await gw.exited).toBe('SIGKILL');
    killed = true;
    await flood;
    expect(failed).toBeGreaterThan(0); // the kill did land mid-flood

    const system = localSystem({ dataDir });
    try {
      const keyRow = system.db.prepare('SELECT complaint_id FROM idempotency_keys WHERE key_hash = ?');
      const complaintRow = system.db.prepare('SELECT id, number, member_id FROM complaints WHERE id = ?');
      const outboxRows = system.db.prepare('SELECT COUNT(*) n FROM outbox WHERE subject_id = ?');
      for (const a of acked) {
        const k = keyRow.all(sha256(`${a.member}:${a.key}`)) as { complaint_id: string }[];
        expect(k).toEqual([{ complaint_id: a.id }]);
        expect(complaintRow.all(a.id)).toEqual([{ id: a.id, number: a.number, member_id: a.member }]);
        expect((outboxRows.get(a.id) as { n: number }).n).toBe(1);
      }
      // Nothing half-written by the batch the kill cut short: every stored record has its key and its notice.
      const counts = system.db
        .prepare(`SELECT (SELECT COUNT(*) FROM complaints) c, (SELECT COUNT(*) FROM idempotency_keys) k, (SELECT COUNT(*) FROM outbox) o, (SELECT COUNT(DISTINCT number) FROM complaints) n`)
        .get() as { c: number; k: number; o: number; n: number };
      expect(counts.c).toBeGreaterThanOrEqual(acked.length);
      expect(counts.c).toBeLessThanOrEqual(sent.length);
      expect(counts).toEqual({ c: counts.c, k: counts.c, o: counts.c, n: counts.c });
    } finally {
      system.db.close();
    }

    // A member retrying after the crash gets the record they were told about, not a second one.
    const again = startGateway(dataDir, writerThread);
    try {
      const base2 = `http://127.0.0.1:${await again.port}`;
      for (const a of acked.slice(0, 20)) {
        const res = await fetch(`${base2}/api/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.issue(a.member)}` },
          body: JSON.stringify({ action: 'submit', data: { idempotencyKey: a.key, category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理' } }),
        });
        const body = (await res.json()) as { data: { complaint: { id: string }; created: boolean } };
        expect(res.status).toBe(200);
        expect(body.data).toMatchObject({ created: false, complaint: { id: a.id } });
      }
    } finally {
      again.child.kill('SIGKILL');
      await again.exited;
    }
  });
});
