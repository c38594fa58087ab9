import { anchorSignatureValid, type AnchorSigner, type AuditAnchor } from './anchor';
import { canonicalCheckpointText, entryProblem, GENESIS_HASH, type AuditEntry, type AuditLog } from './chain';

/**
 * Verifies the whole audit log: every subject chain (seq from 1, links, hashes), every head against
 * its chain's last entry, the checkpoint chain (seq, links, hashes, windows that follow each other),
 * and every head a checkpoint recorded against the chain it names.
 *
 * What a checkpoint protects: once checkpoint K records (chainId, seq, hash), every entry of that
 * chain up to `seq` is fixed. Changing, removing or reordering any of them — also deleting the
 * chain's last entry and winding its head back, or rewriting that chain and re-hashing it and its
 * head so that the chain verifies on its own — no longer matches the hash recorded in K, and K
 * cannot be edited without breaking the checkpoint chain's own links.
 * What it cannot protect:
 *  - entries written after their chain's last checkpoint, until the next checkpoint run (minutes:
 *    the timer period plus the lag, see checkpoint.ts). Someone who can write the database can rewrite
 *    or truncate that tail, re-hash it and its head, or drop a chain never checkpointed, and nothing
 *    here can tell; a change that is not re-hashed is still caught by the chain's own hashes. The
 *    verdict counts these entries (`notCheckpointed`).
 *  - the checkpoint chain as a whole: someone who rewrites or truncates its newest entries and
 *    re-hashes them is caught only by the anchors (anchor.ts): signed copies of the checkpoint head
 *    kept outside the database. Given them, every anchored (seq, hash) with a valid signature must
 *    still be in the checkpoint chain; an anchor whose signature does not verify is refused (reported,
 *    never trusted). Checkpoints after the newest anchor are counted (`notAnchored`).
 */
export interface AuditProblem {
  /** The subject chain, or CHECKPOINT_CHAIN for the checkpoint chain. */
  chainId: string;
  seq: number;
  reason: string;
}

export const CHECKPOINT_CHAIN = 'checkpoints';
/** Problems with an anchor record itself (a signature that does not verify). */
export const ANCHORS = 'anchors';

/** The anchors read from their sink, and the anchor key's signer to check them with. */
export interface AnchorCheck {
  anchors: AsyncIterable<AuditAnchor> | Iterable<AuditAnchor>;
  sign: AnchorSigner;
  /**
   * The anchors are the whole record (read from the sink every timer run appends to), not a few pasted from
   * a log: then a checkpoint older than `graceMs` at `now` must be covered by an anchor, or the record was
   * deleted, emptied or cut (outside test: a moved anchor file verified clean).
   */
  complete?: { now: Date; graceMs: number };
}

/** Each timer run anchors the checkpoints it wrote (every minute locally, every 5 in the cloud): a quarter hour is ample. */
export const ANCHOR_GRACE_MS = 15 * 60_000;

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  chains: number;
  checkpoints: number;
  /** Entries after their chain's last checkpointed head: protected by their own chain's hashes only. */
  notCheckpointed: number;
  /** With anchors: how many had a valid signature, and the checkpoints after the newest of them. */
  anchors?: number;
  notAnchored?: number;
  /** The first problems found (at most MAX_PROBLEMS; for a broken chain, its first broken entry). */
  problems: AuditProblem[];
  /** The first problem, flattened for a one-line display. */
  firstBrokenChain?: string;
  firstBrokenSeq?: number;
  reason?: string;
}

export const MAX_PROBLEMS = 20;

export const verifyAudit = async (log: AuditLog, sha256: (s: string) => string, anchored?: AnchorCheck): Promise<AuditVerdict> => {
  const problems: AuditProblem[] = [];
  const report = (chainId: string, seq: number, reason: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ chainId, seq, reason });
  };

  // 1. The checkpoint chain, and what it recorded: chainId → seq → [hash, checkpoint seq].
  const pins = new Map<string, Map<number, [string, number]>>();
  let checkpoints = 0;
  let prev: { seq: number; hash: string; until: string; to: string } | undefined;
  let checkpointChainBroken = false;
  const stored = new Map<number, string>();
  const writtenAt = new Map<number, string>();
  let lastCheckpointSeq = 0;
  for await (const c of log.checkpoints()) {
    checkpoints += 1;
    stored.set(c.seq, c.hash);
    writtenAt.set(c.seq, c.at);
    lastCheckpointSeq = Math.max(lastCheckpointSeq, c.seq);
    if (checkpointChainBroken) continue;
    const expectedSeq = (prev?.seq ?? 0) + 1;
    const { hash, ...rest } = c;
    const open = prev !== undefined && prev.until !== prev.to;
    const problem =
      c.seq !== expectedSeq
        ? `checkpoint ${expectedSeq} is missing`
        : c.prevHash !== (prev?.hash ?? GENESIS_HASH)
          ? 'link to the previous checkpoint does not match'
          : sha256(canonicalCheckpointText(rest)) !== hash
            ? 'checkpoint content was changed'
            : c.after !== (open ? prev!.until : (prev?.to ?? '')) || (open && c.to !== prev!.to)
              ? 'checkpoint window does not follow the previous one'
              : undefined;
    if (problem) {
      report(CHECKPOINT_CHAIN, c.seq !== expectedSeq ? expectedSeq : c.seq, problem);
      checkpointChainBroken = true;
      continue;
    }
    for (const h of c.heads) {
      const ofChain = pins.get(h.chainId) ?? new Map<number, [string, number]>();
      pins.set(h.chainId, ofChain);
      const earlier = ofChain.get(h.seq);
      if (earlier && earlier[0] !== h.hash) report(h.chainId, h.seq, `checkpoints ${earlier[1]} and ${c.seq} record different entries ${h.seq}`);
      ofChain.set(h.seq, [h.hash, c.seq]);
    }
    prev = c;
  }

  // 1b. The anchors: every anchored checkpoint still in the chain, as it was.
  let anchorCount = 0;
  let newestAnchored = 0;
  if (anchored)
    for await (const a of anchored.anchors) {
      if (!anchorSignatureValid(a, anchored.sign)) {
        report(ANCHORS, Number.isInteger(a?.seq) ? a.seq : 0, 'anchor signature is not valid: anchor refused');
        continue;
      }
      anchorCount += 1;
      newestAnchored = Math.max(newestAnchored, a.seq);
      const hash = stored.get(a.seq);
      if (hash === undefined) report(CHECKPOINT_CHAIN, a.seq, `checkpoint ${a.seq} is missing: it was anchored at ${a.at}`);
      else if (hash !== a.hash) report(CHECKPOINT_CHAIN, a.seq, `checkpoint ${a.seq} is not the one anchored at ${a.at}: the checkpoint chain was rewritten`);
    }
  if (anchored?.complete) {
    const due = anchored.complete.now.getTime() - anchored.complete.graceMs;
    const uncovered = [...writtenAt].filter(([seq, at]) => seq > newestAnchored && Date.parse(at) <= due).map(([seq]) => seq);
    if (uncovered.length)
      report(ANCHORS, Math.min(...uncovered), `checkpoints ${Math.min(...uncovered)}–${Math.max(...uncovered)} are older than ${anchored.complete.graceMs / 60_000} minutes and no anchor covers them: the anchor record is missing, emptied or cut`);
  }

  // 2. Every chain, entry by entry; the chain's checkpointed heads must still be in it.
  const lasts = new Map<string, { seq: number; hash: string }>();
  let entries = 0;
  let notCheckpointed = 0;
  let current: { chainId: string; last?: AuditEntry; broken: boolean } | undefined;
  const finish = () => {
    if (!current) return;
    const { chainId, last, broken } = current;
    lasts.set(chainId, { seq: last?.seq ?? 0, hash: last?.hash ?? '' });
    const pinned = pins.get(chainId);
    pins.delete(chainId);
    const lastSeq = last?.seq ?? 0;
    const maxPinned = Math.max(0, ...(pinned?.keys() ?? []));
    if (!broken && maxPinned > lastSeq)
      report(chainId, lastSeq + 1, `entry ${lastSeq + 1} is missing: checkpoint ${pinned!.get(maxPinned)![1]} recorded the chain up to entry ${maxPinned}`);
    notCheckpointed += Math.max(0, lastSeq - maxPinned);
  };
  for await (const e of log.byChain()) {
    entries += 1;
    if (current?.chainId !== e.chainId) {
      finish();
      if (lasts.has(e.chainId)) report(e.chainId, e.seq, 'entries of this chain are out of order');
      current = { chainId: e.chainId, broken: false };
    }
    if (current.broken) continue;
    const problem = entryProblem(e, current.last, sha256);
    const pin = pins.get(e.chainId)?.get(e.seq);
    if (problem) {
      report(e.chainId, problem.seq, problem.reason);
      current.broken = true;
    } else if (pin && pin[0] !== e.hash) {
      report(e.chainId, e.seq, `entry ${e.seq} is not the one checkpoint ${pin[1]} recorded: the chain was rewritten`);
      current.broken = true;
    }
    current.last = e;
  }
  finish();
  for (const [chainId, pinned] of pins) {
    const seq = Math.min(...pinned.keys());
    report(chainId, 1, `chain is missing: checkpoint ${pinned.get(seq)![1]} recorded it up to entry ${Math.max(...pinned.keys())}`);
  }

  // 3. Heads: each the last entry of its chain.
  const headed = new Set<string>();
  for await (const h of log.heads()) {
    headed.add(h.chainId);
    const last = lasts.get(h.chainId);
    if (!last) report(h.chainId, h.seq, 'head of a chain with no entries');
    else if (last.seq < h.seq) report(h.chainId, last.seq + 1, `entry ${last.seq + 1} is missing: the head is at entry ${h.seq}`);
    else if (last.seq !== h.seq || last.hash !== h.hash) report(h.chainId, h.seq, 'head does not match the last entry');
  }
  for (const chainId of lasts.keys()) if (!headed.has(chainId)) report(chainId, lasts.get(chainId)!.seq, 'chain has no head');

  const first = problems[0];
  return {
    ok: problems.length === 0,
    entries,
    chains: lasts.size,
    checkpoints,
    notCheckpointed,
    ...(anchored ? { anchors: anchorCount, notAnchored: Math.max(0, lastCheckpointSeq - newestAnchored) } : {}),
    problems,
    ...(first ? { firstBrokenChain: first.chainId, firstBrokenSeq: first.seq, reason: first.reason } : {}),
  };
};
