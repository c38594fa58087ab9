/**
 * Tamper-evident audit log: each entry carries the hash of the one before it, so changing, removing
 * or reordering any entry breaks every link after it. `verifyChain` names the first broken link.
 */
export interface AuditDraft {
  actorId: string;
  actorRole: string;
  /** e.g. complaint.reply, complaint.viewPersonalData, staff.login.failed */
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export interface AuditEntry extends AuditDraft {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Key order fixed by hand: the hash must not depend on how a store returns JSON. */
export const canonicalAuditText = (e: Omit<AuditEntry, 'hash'>): string =>
  JSON.stringify([e.seq, e.at, e.actorId, e.actorRole, e.action, e.subjectType, e.subjectId, e.detail ?? null, e.prevHash]);

export const chainEntry = (
  draft: AuditDraft,
  previous: { seq: number; hash: string } | undefined,
  at: Date,
  sha256: (s: string) => string,
): AuditEntry => {
  const base = {
    ...draft,
    seq: (previous?.seq ?? 0) + 1,
    at: at.toISOString(),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...base, hash: sha256(canonicalAuditText(base)) };
};

export type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; firstBrokenSeq: number; reason: string };

export const verifyChain = (entries: Iterable<AuditEntry>, sha256: (s: string) => string): ChainVerdict => {
  let previous: AuditEntry | undefined;
  let n = 0;
  for (const e of entries) {
    n += 1;
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq) return { ok: false, entries: n, firstBrokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
    if (e.prevHash !== (previous?.hash ?? GENESIS_HASH))
      return { ok: false, entries: n, firstBrokenSeq: e.seq, reason: 'link to the previous entry does not match' };
    const { hash, ...rest } = e;
    if (sha256(canonicalAuditText(rest)) !== hash) return { ok: false, entries: n, firstBrokenSeq: e.seq, reason: 'entry content was changed' };
    previous = e;
  }
  return { ok: true, entries: n };
};

export interface AuditLog {
  append(draft: AuditDraft): Promise<AuditEntry>;
  list(page: { afterSeq?: number; limit: number; subjectId?: string }): Promise<AuditEntry[]>;
  /** All entries in order, for verification (streams in the SQLite adapter). */
  all(): AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
}
