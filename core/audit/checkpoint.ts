import { writeAnchor, type AnchorConfig, type AuditAnchor } from './anchor';
import { checkpointEntry, type AuditCheckpoint, type AuditLog } from './chain';

/**
 * The checkpoint job (run by the slaMonitor timer, and locally by `npm start`'s timer): appends to the
 * one global chain the heads (chainId, seq, hash) of every subject chain that moved since the last
 * checkpoint. Only this job writes the global chain; request paths never read or write it.
 *
 * Which heads "moved": a head's moveKey is `at|chainId` of its last entry. The job works through
 * windows of moveKeys. A window is (end of the previous window, `cutoff|\uffff`], cutoff = now − lag:
 * the lag lets transactions that stamped `at` before the cutoff commit first (an entry's `at` is taken
 * at most a function time limit, ≤ 60 s, before its commit). A window is read in slices of
 * `sliceSize` heads by moveKey; each slice is one checkpoint entry saying which part of the window it
 * covers (`after`, `until`), so:
 *  - a crash mid-run is harmless: each checkpoint is one atomic write, and the next run continues the
 *    open window after the last slice written (resumable);
 *  - two runs at once cannot both write: checkpoint `seq` is created only if absent, the loser reads
 *    the winner's and goes on from there (idempotent);
 *  - a run does at most `maxSlices` slices (bounded work within a function's time limit); the rest of
 *    the window is the next run's.
 * A head that moves again after its slice simply turns up in a later window with its newer seq. An
 * empty window writes nothing (it grows until something moves).
 *
 * Limit: a head whose `at` lies more than the lag behind its commit (a badly skewed clock) can land in
 * a window already closed; it is then checkpointed the next time its chain moves. verifyAudit counts
 * such entries as not yet checkpointed, so the gap shows.
 */
export interface CheckpointOptions {
  now: Date;
  hash: (s: string) => string;
  /** Head moves younger than this wait for the next run (default 2 minutes). */
  lagMs?: number;
  /** Heads per checkpoint entry (default 200). */
  sliceSize?: number;
  /** Checkpoint entries per run at most (default 20). */
  maxSlices?: number;
  /**
   * Signs the newest checkpoint after a run that wrote any, to an append-only sink outside the
   * database and the log (anchor.ts). A failed anchor write does not undo the checkpoints: the run
   * reports `anchorError`, and verifyAudit counts the checkpoints past the newest anchor.
   */
  anchor?: AnchorConfig;
}

export interface CheckpointRun {
  /** Checkpoint entries this run wrote. */
  written: number;
  heads: number;
  /** The last checkpoint after this run, if any. */
  last?: { seq: number; hash: string };
  /** False when the run stopped at maxSlices with the window still open. */
  caughtUp: boolean;
  /** The anchor written for this run's newest checkpoint, or why it was not. */
  anchor?: AuditAnchor;
  anchorError?: string;
}

export const CHECKPOINT_DEFAULTS = { lagMs: 2 * 60_000, sliceSize: 200, maxSlices: 20 } as const;

/** The upper moveKey bound of a window closing at `cutoff`: every `cutoff|chainId` is below it. */
export const windowEnd = (cutoff: Date): string => `${cutoff.toISOString()}|\uffff`;

const brief = (c: AuditCheckpoint | undefined) => (c ? { seq: c.seq, hash: c.hash } : undefined);

export const checkpointAudit = async (log: AuditLog, opts: CheckpointOptions): Promise<CheckpointRun> => {
  const run = await checkpointRun(log, opts);
  if (!opts.anchor || run.written === 0 || !run.last) return run;
  try {
    return { ...run, anchor: await writeAnchor(opts.anchor, run.last, opts.now) };
  } catch (e) {
    return { ...run, anchorError: String(e) };
  }
};

const checkpointRun = async (log: AuditLog, opts: CheckpointOptions): Promise<CheckpointRun> => {
  const { lagMs, sliceSize, maxSlices } = { ...CHECKPOINT_DEFAULTS, ...opts };
  const cutoffEnd = windowEnd(new Date(opts.now.getTime() - lagMs));
  let written = 0;
  let heads = 0;
  let last: AuditCheckpoint | undefined = await log.lastCheckpoint();
  for (let attempt = 0; attempt < maxSlices; attempt++) {
    const open = last !== undefined && last.until !== last.to;
    const after = open ? last!.until : (last?.to ?? '');
    const to = open ? last!.to : cutoffEnd;
    if (!open && to <= after) return { written, heads, last: brief(last), caughtUp: true };
    const found = await log.movedHeads({ after, upTo: to, limit: sliceSize + 1 });
    const slice = found.slice(0, sliceSize);
    if (!open && slice.length === 0) return { written, heads, last: brief(last), caughtUp: true };
    const until = found.length > sliceSize ? slice[slice.length - 1].moveKey : to;
    const next = checkpointEntry({ after, until, to, heads: slice }, last, opts.now, opts.hash);
    if (await log.addCheckpoint(next)) {
      written += 1;
      heads += slice.length;
      last = next;
    } else last = await log.lastCheckpoint(); // another run wrote this seq: go on from what it wrote
  }
  const open = last !== undefined && last.until !== last.to;
  return { written, heads, last: brief(last), caughtUp: !open && last?.to === cutoffEnd };
};
