/**
 * The writer thread's side (writerThread.ts): its own connection to the store, the named operations, and the
 * same group commit as the main connection — calls that reach it in one turn share one transaction, a
 * savepoint each, every answer sent only after COMMIT.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LimitRule } from '../../core/members/ports';
import { complaintCreateOp, type ComplaintCreateWork } from './complaintStore';
import { openDatabase } from './database';
import { groupCommit } from './groupCommit';
import { sqliteMemberStore } from './memberStores';

const port = parentPort!;
const db = openDatabase((workerData as { file: string }).file);
const commits = groupCommit(db);
const members = sqliteMemberStore(db, () => {
  throw new Error('the writer thread writes no audit entries');
});
const createComplaint = complaintCreateOp(db);

const ops: Record<string, (input: never) => unknown> = {
  'complaint.create': (input: ComplaintCreateWork) => createComplaint(input),
  'limits.take': (input: { rules: LimitRule[]; now: Date }) => members.takeLimits(input.rules, input.now),
};

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; code?: unknown; stack?: string } };
let replies: Reply[] = [];
const sendReplies = () => {
  const out = replies;
  replies = [];
  if (out.length) port.postMessage(out);
};
const answer = (r: Reply) => {
  // One message per turn back to the main thread, like the calls that came in.
  if (!replies.length) setImmediate(sendReplies);
  replies.push(r);
};

port.on('message', (m: { type: 'calls'; calls: { id: number; op: string; input: never }[] } | { type: 'stop' }) => {
  if (m.type === 'stop') {
    // Joins the open batch, if any: its answers go out first, then the connection closes.
    void commits.write(() => undefined).finally(() =>
      setImmediate(() => {
        sendReplies();
        db.close();
        port.close();
      }),
    );
    return;
  }
  for (const c of m.calls) {
    const op = ops[c.op];
    commits
      .write(() => {
        if (!op) throw new Error(`unknown writer operation ${c.op}`);
        return op(c.input);
      })
      .then(
        (value) => answer({ id: c.id, ok: true, value }),
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          answer({ id: c.id, ok: false, error: { name: err.name, message: err.message, code: (err as { code?: unknown }).code, stack: err.stack } });
        },
      );
  }
});
