import crypto from 'node:crypto';
import { checkpointInBackground } from '../../adapters/sqlite/backgroundCheckpoint';
import { openDatabase } from '../../adapters/sqlite/database';

/**
 * The baselines' storage work, the same the gateway's submit must do at the least: one complaint row and one
 * outbox row in one transaction, in the product's own schema (every index migration added), opened with the
 * product's pragmas (adapters/sqlite/database.ts: WAL, synchronous=NORMAL). What the baselines skip on
 * purpose is the product: idempotency, quotas, numbers, grading, deadlines, sealing, the member view.
 */
export const baselineStore = (file: string, opts: { backgroundCheckpoint?: boolean } = {}) => {
  const db = openDatabase(file);
  // `--baseline-checkpoint`: the baselines get the gateway's checkpointing thread too, to see what it alone is worth.
  if (opts.backgroundCheckpoint) checkpointInBackground(db);
  const insertComplaint = db.prepare(`INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, owner_id,
    policy_no, phone_index, received_at, next_due_at, sla_next_check_at, version, updated_at, doc)
    VALUES (?, ?, ?, 'submitted', 'ordinary', 0, ?, 'miniprogram', NULL, NULL, NULL, ?, ?, ?, 1, ?, ?)`);
  const insertOutbox = db.prepare(`INSERT INTO outbox (id, audience, member_id, topic, subject_id, payload, created_at, status, attempts, next_attempt_at)
    VALUES (?, 'member', ?, 'received', ?, ?, ?, 'pending', 0, ?)`);
  let seq = 0;
  const save = db.transaction((memberId: string, input: { category: string; description: string; idempotencyKey: string }) => {
    const id = crypto.randomUUID();
    const now = new Date();
    const at = now.toISOString();
    const due = new Date(now.getTime() + 15 * 86_400_000).toISOString();
    const number = `TS-BASE-${process.pid}-${++seq}`;
    const complaint = { id, number, memberId, status: 'submitted', category: input.category, description: input.description, receivedAt: at, updatedAt: at };
    insertComplaint.run(id, number, memberId, input.category, at, due, due, at, JSON.stringify(complaint));
    insertOutbox.run(crypto.randomUUID(), memberId, id, JSON.stringify({ number, title: '我们已收到您的投诉' }), at, at);
    return complaint;
  });
  return { db, save: (memberId: string, input: { category: string; description: string; idempotencyKey: string }) => save.immediate(memberId, input) };
};
