/**
 * Anchors: signed copies of the checkpoint chain's head, kept where the database's writer cannot
 * rewrite them. Whenever the checkpoint job writes checkpoints it signs {seq, hash, at} of the newest
 * one with the anchor key (HMAC-SHA256, a key of its own, not a personal-data key) and hands the record
 * to an append-only sink (locally `data/audit-anchors.log`; in the cloud the function's log output,
 * which CloudBase keeps outside the database) and prints it to the log. verifyAudit, given the
 * anchors, checks that the checkpoint chain still holds every anchored (seq, hash): deleting the newest
 * checkpoints, or recomputing the chain (and the subject chains under it), no longer matches.
 *
 * Limits: an anchor proves the chain up to its seq only; checkpoints written after the newest anchor
 * (an anchor write that failed) are counted as `notAnchored`. Whoever holds the anchor key can forge
 * anchors, so it is kept away from the database's writers (configuration of the timer function).
 */
export interface AuditAnchor {
  /** The checkpoint anchored: its seq and hash in the checkpoint chain. */
  seq: number;
  hash: string;
  /** When it was anchored. */
  at: string;
  /** HMAC-SHA256 (hex) of anchorText under the anchor key. */
  sig: string;
}

/** Append-only: `write` adds a record, never changes one; `read` gives them back, oldest first (if it can). */
export interface AnchorSink {
  write(a: AuditAnchor): Promise<void>;
  read?(): AsyncIterable<AuditAnchor> | Iterable<AuditAnchor>;
}

/** HMAC-SHA256 hex of a text under the anchor key. */
export type AnchorSigner = (text: string) => string;

export const anchorText = (a: Pick<AuditAnchor, 'seq' | 'hash' | 'at'>): string => JSON.stringify(['audit-anchor/1', a.seq, a.hash, a.at]);

export const signAnchor = (body: Pick<AuditAnchor, 'seq' | 'hash' | 'at'>, sign: AnchorSigner): AuditAnchor => ({
  seq: body.seq,
  hash: body.hash,
  at: body.at,
  sig: sign(anchorText(body)),
});

/** Constant-time over the signature's length: a forged signature learns nothing from timing. */
export const anchorSignatureValid = (a: AuditAnchor, sign: AnchorSigner): boolean => {
  if (typeof a?.sig !== 'string' || typeof a.hash !== 'string' || !Number.isInteger(a.seq)) return false;
  const expected = sign(anchorText(a));
  if (expected.length !== a.sig.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ a.sig.charCodeAt(i);
  return diff === 0;
};

/** What the checkpoint job anchors with; `print` is the log line (the cloud sink may be the log itself). */
export interface AnchorConfig {
  sign: AnchorSigner;
  sink: AnchorSink;
  print?: (a: AuditAnchor) => void;
}

/** Anchors checkpoint (seq, hash) now: to the sink, then the log. */
export const writeAnchor = async (cfg: AnchorConfig, last: { seq: number; hash: string }, now: Date): Promise<AuditAnchor> => {
  const a = signAnchor({ seq: last.seq, hash: last.hash, at: now.toISOString() }, cfg.sign);
  await cfg.sink.write(a);
  cfg.print?.(a);
  return a;
};
