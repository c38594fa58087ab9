import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeFolders } from '../../adapters/folders';

/**
 * Faults of the data folder itself (read-only file system, no permission, a path through a regular
 * file, a full disk, or SQLite unable to open or write its file there): what `npm start` cannot fix
 * by itself, so it says so in one line instead of a stack trace.
 */
const FOLDER_FAULT = /^(EROFS|EACCES|EPERM|ENOTDIR|ENOENT|EEXIST|ENOSPC|EDQUOT|EISDIR|SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_FULL|SQLITE_IOERR)/;

export class DataFolderError extends Error {
  constructor(
    readonly dataDir: string,
    fault: unknown,
  ) {
    const code = String((fault as { code?: unknown } | null)?.code ?? 'error');
    super(
      `Cannot use the data folder ${dataDir} (${code}): make it writable for this user, or choose another with DATA_DIR=/path/to/folder npm start. ` +
        `数据文件夹 ${dataDir} 无法写入（${code}）：请让当前用户可写，或用 DATA_DIR=/其他/文件夹 npm start 另选一个。`,
    );
    this.name = 'DataFolderError';
    this.cause = fault;
  }
}

/** The one-line explanation when `e` is a fault of the data folder, else undefined. */
export const dataFolderProblem = (dataDir: string, e: unknown): DataFolderError | undefined => {
  if (e instanceof DataFolderError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FOLDER_FAULT.test(code) ? new DataFolderError(dataDir, e) : undefined;
};

/**
 * Makes the data folder (0700) and its dev sign-in secret (0600, kept there, never committed) ready,
 * and proves the folder takes a write; returns the secret. Any fault is a DataFolderError.
 */
export const prepareDataFolder = (dataDir: string): { devSecret: string } => {
  try {
    makeFolders(dataDir);
    const secretFile = path.join(dataDir, 'dev-secret');
    if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
    fs.chmodSync(secretFile, 0o600);
    // A folder that still holds last run's files may have become read-only since: find out now, not at the first write.
    const probe = path.join(dataDir, `.start-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
    return { devSecret: fs.readFileSync(secretFile, 'utf8').trim() };
  } catch (e) {
    throw dataFolderProblem(dataDir, e) ?? e;
  }
};
