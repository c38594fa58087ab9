/**
 * Tamper-evident audit log, one hash chain per audited subject (a complaint, a member, a privacy
 * request, a staff account …), checkpointed into one global chain by a timer.
 *
 * - Per-subject chains: every entry names its subject; `chainId` is `subjectType:subjectId`. Within a
 *   chain each entry carries its seq and the hash of the entry before it, so changing, removing or
 *   reordering an entry breaks every link after it. A small head document per chain (last seq and
 *   hash) is what a writer reads and moves inside its transaction: writers on different subjects
 *   never touch one document, writers on one subject serialise on that subject's head.
 * - Checkpoints (`checkpoint.ts`): a timer appends global entries, hash-linked to each other, each
 *   listing the heads (chainId, seq, hash) that moved since the previous one. Only the timer writes
 *   that chain; no request path touches it.
 * - Verification (`verify.ts`) checks every chain, every checkpoint, and that every checkpointed head
 *   is still in its chain.
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
  /** The subject's chain: `chainIdOf(subjectType, subjectId)`. */
  chainId: string;
  /** Unique across chains, `chainId#seq` with seq zero-padded: the keyset tie-breaker after `at`. */
  id: string;
  /** Position within the subject's chain, from 1. */
  seq: number;
  at: string;
  /** Hash of the previous entry of the same chain (GENESIS_HASH for its first). */
  prevHash: string;
  hash: string;
}

/** What a chain's head document holds: its last entry, and where the checkpoint job finds it. */
export interface AuditHead {
  chainId: string;
  seq: number;
  hash: string;
  /** The last entry's time. */
  at: string;
  /** `at|chainId`: the checkpoint job reads heads in this order, a window at a time. */
  moveKey: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * A subject's chain id. The subject id is URI-encoded, so a chain id never holds `#` (the entry id
 * separator) or `|` (the move key separator): entry ids of one chain sort together, in seq order.
 */
export const chainIdOf = (subjectType: string, subjectId: string): string => `${subjectType}:${encodeURIComponent(subjectId)}`;
export const entryIdOf = (chainId: string, seq: number): string => `${chainId}#${String(seq).padStart(10, '0')}`;
export const moveKeyOf = (at: string, chainId: string): string => `${at}|${chainId}`;

/**
 * Key order fixed by hand: the hash must not depend on how a store returns JSON. Unchanged from the
 * single global chain: seq and prevHash are now the chain's own; subjectType and subjectId (hashed)
 * name the chain, so an entry cannot be moved to another chain unnoticed.
 */
export const canonicalAuditText = (e: Omit<AuditEntry, 'hash' | 'chainId' | 'id'>): string =>
  JSON.stringify([e.seq, e.at, e.actorId, e.actorRole, e.action, e.subjectType, e.subjectId, e.detail ?? null, e.prevHash]);

/** The next entry of the draft's subject chain, whose head (last seq and hash) is `previous`. */
export const chainEntry = (
  draft: AuditDraft,
  previous: { seq: number; hash: string } | undefined,
  at: Date,
  sha256: (s: string) => string,
): AuditEntry => {
  const chainId = chainIdOf(draft.subjectType, draft.subjectId);
  const base = {
    ...draft,
    seq: (previous?.seq ?? 0) + 1,
    at: at.toISOString(),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...base, chainId, id: entryIdOf(chainId, base.seq), hash: sha256(canonicalAuditText(base)) };
};

export const headOf = (e: AuditEntry): AuditHead => ({ chainId: e.chainId, seq: e.seq, hash: e.hash, at: e.at, moveKey: moveKeyOf(e.at, e.chainId) });

export type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; firstBrokenSeq: number; reason: string };

/**
 * Checks the next entry of one chain against the one before it (undefined for the first): what is
 * wrong with it, or undefined.
 */
export const entryProblem = (e: AuditEntry, previous: AuditEntry | undefined, sha256: (s: string) => string): { seq: number; reason: string } | undefined => {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (e.seq !== expectedSeq) return { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
  if (e.chainId !== chainIdOf(e.subjectType, e.subjectId) || e.id !== entryIdOf(e.chainId, e.seq))
    return { seq: e.seq, reason: 'entry is filed under another chain' };
  if (e.prevHash !== (previous?.hash ?? GENESIS_HASH)) return { seq: e.seq, reason: 'link to the previous entry does not match' };
  const { hash, chainId: _c, id: _i, ...rest } = e;
  if (sha256(canonicalAuditText(rest)) !== hash) return { seq: e.seq, reason: 'entry content was changed' };
  return undefined;
};

/** One subject's chain, in seq order: names the first broken link. */
export const verifyChain = (entries: Iterable<AuditEntry>, sha256: (s: string) => string): ChainVerdict => {
  let previous: AuditEntry | undefined;
  let n = 0;
  for (const e of entries) {
    n += 1;
    const problem = entryProblem(e, previous, sha256);
    if (problem) return { ok: false, entries: n, firstBrokenSeq: problem.seq, reason: problem.reason };
    previous = e;
  }
  return { ok: true, entries: n };
};

/** One global checkpoint entry: the heads that moved in one slice of a window of head moves. */
export interface AuditCheckpoint {
  /** Position in the checkpoint chain, from 1. */
  seq: number;
  at: string;
  /**
   * The window is every head whose moveKey is in (start of window, `to`]; `to` is `cutoff|` (see
   * checkpoint.ts). This slice covers moveKeys in (`after`, `until`]; `until === to` closes the window.
   */
  after: string;
  until: string;
  to: string;
  /** Each head as read: that chain's entry `seq` has hash `hash`. */
  heads: { chainId: string; seq: number; hash: string }[];
  prevHash: string;
  hash: string;
}

export const canonicalCheckpointText = (c: Omit<AuditCheckpoint, 'hash'>): string =>
  JSON.stringify([c.seq, c.at, c.after, c.until, c.to, c.heads.map((h) => [h.chainId, h.seq, h.hash]), c.prevHash]);

export const checkpointEntry = (
  body: Pick<AuditCheckpoint, 'after' | 'until' | 'to' | 'heads'>,
  previous: AuditCheckpoint | undefined,
  at: Date,
  sha256: (s: string) => string,
): AuditCheckpoint => {
  const base = {
    seq: (previous?.seq ?? 0) + 1,
    at: at.toISOString(),
    after: body.after,
    until: body.until,
    to: body.to,
    heads: body.heads.map((h) => ({ chainId: h.chainId, seq: h.seq, hash: h.hash })),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...base, hash: sha256(canonicalCheckpointText(base)) };
};

type Items<T> = AsyncIterable<T> | Iterable<T>;

export interface AuditPage {
  limit: number;
  /** Only this subject's entries (with subjectType, only that subject's chain). */
  subjectId?: string;
  subjectType?: string;
  /** Keyset: entries strictly older than this one, in (at, id) order. */
  before?: { at: string; id: string };
  /** Only actions of this group: the action's first segment (`staff` for staff.login.failed). Indexed. */
  actionGroup?: string;
  /** Only entries by one of these actors. Indexed (an id or two: a name resolves to its accounts). */
  actorIds?: string[];
}

/** An action's group, the part before its first dot: what the audit log's action index holds. */
export const actionGroupOf = (action: string): string => {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
};

export interface AuditLog {
  /** Appends to the subject's own chain; only that subject's head is read and moved. */
  append(draft: AuditDraft): Promise<AuditEntry>;
  /** Newest first across all chains, by (at, id) descending: a stable keyset order for paging. */
  list(page: AuditPage): Promise<AuditEntry[]>;
  /** Every entry, oldest first by (at, id) (streams, or pages in the CloudBase adapter). */
  all(): Items<AuditEntry>;
  /** Every entry chain by chain, each chain in seq order, for verification. */
  byChain(): Items<AuditEntry>;
  /** Every chain head, for verification. */
  heads(): Items<AuditHead>;
  /** The checkpoint chain in seq order. */
  checkpoints(): Items<AuditCheckpoint>;
  lastCheckpoint(): Promise<AuditCheckpoint | undefined>;
  /** Heads with after < moveKey <= upTo, by moveKey, at most `limit`. */
  movedHeads(q: { after: string; upTo: string; limit: number }): Promise<AuditHead[]>;
  /** Writes checkpoint `seq` unless it exists already (another run wrote it): false then, nothing written. */
  addCheckpoint(c: AuditCheckpoint): Promise<boolean>;
}
