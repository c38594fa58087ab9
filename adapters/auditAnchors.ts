import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AnchorSigner, AnchorSink, AuditAnchor } from '../core/audit/anchor';

/** HMAC-SHA256 hex under the anchor key (core/audit/anchor.ts). */
export const hmacAnchorSigner =
  (key: Buffer): AnchorSigner =>
  (text) =>
    crypto.createHmac('sha256', key).update(text).digest('hex');

/**
 * AUDIT_ANCHOR_KEY: the base64 of at least 32 random bytes (`openssl rand -base64 32`), a key of its
 * own (never a PII key), set only on the function that writes checkpoints (slaMonitor) and on the one
 * that verifies them (admin). Undefined when it is not set.
 */
export const anchorKeyFromEnv = (env: Record<string, string | undefined>): Buffer | undefined => {
  const raw = env.AUDIT_ANCHOR_KEY?.trim();
  if (!raw) return undefined;
  const key = Buffer.from(raw, 'base64');
  if (key.length < 32) throw new Error('AUDIT_ANCHOR_KEY must be the base64 of at least 32 bytes (openssl rand -base64 32)');
  return key;
};

/** A line that is not an anchor is given back as one whose signature cannot verify, so it is reported. */
const parseLine = (line: string): AuditAnchor => {
  try {
    const a = JSON.parse(line) as AuditAnchor;
    return a && typeof a === 'object' ? a : { seq: NaN, hash: '', at: '', sig: '' };
  } catch {
    return { seq: NaN, hash: '', at: '', sig: '' };
  }
};

/**
 * Locally: one JSON line per anchor appended to a file opened for appending only ('a', owner-only),
 * beside the database but not in it: the database's writers never open it.
 */
export const fileAnchorSink = (file: string): AnchorSink => ({
  write: async (a) => {
    const fd = fs.openSync(file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(a)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  *read() {
    if (!fs.existsSync(file)) return;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (line.trim()) yield parseLine(line);
  },
});

/**
 * In the cloud: the function's log output, which CloudBase keeps outside the database (the JSON
 * logger's line `audit anchor`). Write-only from here: to verify, paste the anchors from the log into
 * audit/verify.
 */
/** Any logger that writes a line with fields (the runtime's JSON logger is one). */
interface LineLogger {
  info(message: string, fields?: Record<string, unknown>): void;
}

export const logAnchorSink = (log: LineLogger): AnchorSink => ({
  write: async (a) => log.info('audit anchor', { anchor: a }),
});

/** Several sinks: every write goes to each (the first failure fails it); reads come from the first that reads. */
export const anchorSinks = (...sinks: AnchorSink[]): AnchorSink => {
  const reader = sinks.find((s) => s.read);
  return {
    write: async (a) => {
      for (const s of sinks) await s.write(a);
    },
    ...(reader ? { read: () => reader.read!() } : {}),
  };
};
