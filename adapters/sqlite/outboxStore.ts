import type { OutboxEntry } from '../../core/notifications/outbox';
import type { OutboxStore } from '../../core/notifications/ports';
import type { Db } from './database';

type Row = Omit<OutboxEntry, 'payload' | 'memberId' | 'subjectId' | 'createdAt' | 'nextAttemptAt' | 'lastError' | 'pushAttemptAt'> & {
  push_attempt_at: string | null;
  member_id: string;
  subject_id: string;
  created_at: string;
  next_attempt_at: string;
  last_error: string | null;
  payload: string;
};

const fromRow = (r: Row): OutboxEntry => ({
  id: r.id,
  audience: r.audience,
  memberId: r.member_id,
  topic: r.topic,
  subjectId: r.subject_id,
  payload: JSON.parse(r.payload),
  createdAt: r.created_at,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error ?? undefined,
  ...(r.push_attempt_at ? { pushAttemptAt: r.push_attempt_at } : {}),
});

/**
 * Writes owed notifications; call it inside the transaction that makes the change that owes them,
 * so a change and its notices are stored together or not at all (every store uses this one writer).
 */
export const sqliteOutboxWriter = (db: Db) => {
  const insert = db.prepare(`
    INSERT INTO outbox (id, audience, member_id, topic, subject_id, payload, created_at, status, attempts, next_attempt_at)
    VALUES (@id, @audience, @memberId, @topic, @subjectId, @payload, @createdAt, @status, @attempts, @nextAttemptAt)`);
  return (entries: readonly OutboxEntry[]) => {
    for (const e of entries) insert.run({ ...e, payload: JSON.stringify(e.payload) });
  };
};

export const sqliteOutboxStore = (db: Db): OutboxStore => {
  const due = db.prepare(`
    SELECT * FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
    ORDER BY next_attempt_at, created_at LIMIT ?`);
  const claim = db.prepare(`
    UPDATE outbox SET status = 'sending', next_attempt_at = @lease
    WHERE id = @id AND status IN ('pending', 'sending') AND next_attempt_at <= @now`);
  const settle = db.prepare(`
    UPDATE outbox SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @lastError, push_attempt_at = NULL
    WHERE id = @id AND status = 'sending'`);
  const markPush = db.prepare(`UPDATE outbox SET push_attempt_at = @at WHERE id = @id AND status = 'sending' AND push_attempt_at IS NULL`);
  const bySubject = db.prepare(`SELECT * FROM outbox WHERE subject_id = ? ORDER BY created_at, id`);
  return {
    due: async (at, limit) => (due.all(at.toISOString(), limit) as Row[]).map(fromRow),
    claim: async (id, now, leaseUntil) => claim.run({ id, now: now.toISOString(), lease: leaseUntil.toISOString() }).changes === 1,
    markPushAttempt: async (id, at) => markPush.run({ id, at: at.toISOString() }).changes === 1,
    settle: async (id, o) => {
      settle.run({ id, ...o, lastError: o.lastError ?? null });
    },
    listForSubject: async (subjectId) => (bySubject.all(subjectId) as Row[]).map(fromRow),
  };
};
