import type { AuditDraft } from '../../core/audit/chain';
import { privacyErrors } from '../../core/privacy/errors';
import type { ConsentEvent, ExportVerification, PrivacyRequest } from '../../core/privacy/model';
import type { PrivacyStore } from '../../core/privacy/ports';
import { commonErrors } from '../../core/shared/errors';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Db } from './database';
import { sqliteOutboxWriter } from './outboxStore';
import type { OutboxEntry } from '../../core/notifications/outbox';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;
const docs = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);

/** Consents, privacy requests and export verifications on the embedded store; each write commits with its audit entry. */
export const sqlitePrivacyStore = (db: Db, appendAudit: AppendAudit): PrivacyStore => {
  const insertConsent = db.prepare('INSERT INTO privacy_consents (id, member_id, at, doc) VALUES (@id, @memberId, @at, @doc)');
  const consentsOf = db.prepare('SELECT doc FROM privacy_consents WHERE member_id = ? ORDER BY at, id');
  const insertRequest = db.prepare(
    'INSERT INTO privacy_requests (id, member_id, kind, status, received_at, due_at, version, doc) VALUES (@id, @memberId, @kind, @status, @receivedAt, @dueAt, @version, @doc)',
  );
  const updateRequest = db.prepare('UPDATE privacy_requests SET status = @status, due_at = @dueAt, version = @version, doc = @doc WHERE id = @id AND version = @expected');
  const getRequest = db.prepare('SELECT doc FROM privacy_requests WHERE id = ?');
  const requestsOf = db.prepare('SELECT doc FROM privacy_requests WHERE member_id = ? ORDER BY received_at DESC, id DESC LIMIT ?');
  const queueFirst = db.prepare('SELECT doc FROM privacy_requests WHERE status = ? ORDER BY due_at, id LIMIT ?');
  const queueAfter = db.prepare('SELECT doc FROM privacy_requests WHERE status = ? AND (due_at, id) > (?, ?) ORDER BY due_at, id LIMIT ?');
  const openAfter = db.prepare("SELECT doc FROM privacy_requests WHERE status = 'received' AND id > ? ORDER BY id LIMIT ?");
  const putVerification = db.prepare('INSERT OR REPLACE INTO privacy_verifications (id, member_id, created_at, doc) VALUES (@id, @memberId, @createdAt, @doc)');
  const newestVerification = db.prepare('SELECT doc FROM privacy_verifications WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT 1');
  const eraseMessages = db.prepare('DELETE FROM member_messages WHERE member_id = ?');
  const eraseCredits = db.prepare('DELETE FROM subscription_credits WHERE member_id = ?');
  // The phones the member was sent codes on (binding and export), and the one on the member record if still there.
  const phonesOf = db.prepare(`
    SELECT json_extract(doc, '$.phoneIndex') AS p FROM binding_challenges WHERE member_id = @m
    UNION SELECT json_extract(doc, '$.phoneIndex') FROM privacy_verifications WHERE member_id = @m
    UNION SELECT json_extract(doc, '$.phone.index') FROM members WHERE id = @m`);
  const eraseChallenges = db.prepare('DELETE FROM binding_challenges WHERE member_id = ?');
  const eraseLimits = db.prepare('DELETE FROM rate_limits WHERE member_id = ?');
  const eraseSandbox = db.prepare('DELETE FROM sms_sandbox WHERE phone_index = ?');

  const appendConsents = db.transaction((events: ConsentEvent[], audit: AuditDraft) => {
    for (const e of events) insertConsent.run({ id: e.id, memberId: e.memberId, at: e.at, doc: JSON.stringify(e) });
    appendAudit(audit, new Date(events[0].at));
  });
  const create = db.transaction((r: PrivacyRequest, audit: AuditDraft) => {
    try {
      insertRequest.run({ ...r, doc: JSON.stringify(r) });
    } catch (e) {
      // The partial unique index: one open request per member and kind, however many arrive at once.
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw privacyErrors.requestOpen(r.kind);
      throw e;
    }
    appendAudit(audit, new Date(r.updatedAt));
  });
  const writeOutbox = sqliteOutboxWriter(db);
  const update = db.transaction((r: PrivacyRequest, expected: number, audit?: AuditDraft, outbox: readonly OutboxEntry[] = []) => {
    if (updateRequest.run({ id: r.id, status: r.status, dueAt: r.dueAt, version: r.version, doc: JSON.stringify(r), expected }).changes === 0)
      throw commonErrors.versionConflict('PRIVACY', r.id);
    if (audit) appendAudit(audit, new Date(r.updatedAt));
    writeOutbox(outbox);
  });
  const settle = db.transaction((memberId: string, decide: Parameters<PrivacyStore['settleVerification']>[1]) => {
    const [current] = docs<ExportVerification>(newestVerification.all(memberId));
    const verdict = decide(current ?? null);
    if (verdict.verification) putVerification.run({ ...verdict.verification, doc: JSON.stringify(verdict.verification) });
    return verdict;
  });
  const erase = db.transaction((memberId: string) => {
    const phones = (phonesOf.all({ m: memberId }) as { p: string | null }[]).flatMap((r) => (r.p ? [r.p] : []));
    return {
      messages: eraseMessages.run(memberId).changes,
      subscriptions: eraseCredits.run(memberId).changes,
      bindingChallenges: eraseChallenges.run(memberId).changes,
      rateLimits: eraseLimits.run(memberId).changes,
      // The local SMS sandbox (development only): the texts sent to those phones.
      smsSandbox: phones.reduce((n, p) => n + eraseSandbox.run(p).changes, 0),
    };
  });

  return {
    appendConsents: async (events, audit) => {
      if (events.length) appendConsents.immediate(events, audit);
    },
    consentsOf: async (memberId) => docs<ConsentEvent>(consentsOf.all(memberId)),
    createRequest: async (r, audit) => {
      create.immediate(r, audit);
    },
    getRequest: async (id) => docs<PrivacyRequest>(getRequest.all(id))[0] ?? null,
    updateRequest: async (r, expected, audit, outbox) => {
      update.immediate(r, expected, audit, outbox);
    },
    requestsOf: async (memberId, limit) => docs<PrivacyRequest>(requestsOf.all(memberId, limit)),
    queue: async (status, { limit, cursor }) => {
      const rows = cursor ? queueAfter.all(status, ...decodeCursor(cursor), limit + 1) : queueFirst.all(status, limit + 1);
      const items = docs<PrivacyRequest>(rows);
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page, nextCursor: items.length > limit && last ? encodeCursor([last.dueAt, last.id]) : undefined };
    },
    listOpen: async ({ after, limit }) => docs<PrivacyRequest>(openAfter.all(after ?? '', limit)),
    putVerification: async (v) => {
      putVerification.run({ ...v, doc: JSON.stringify(v) });
    },
    settleVerification: async (memberId, decide) => settle.immediate(memberId, decide),
    eraseMemberData: async (memberId) => erase.immediate(memberId),
  };
};
