import fs from 'node:fs';
import path from 'node:path';

/**
 * mkdir -p one level at a time, for folders whose path a person typed (DATA_DIR). Node's own
 * `recursive: true` spins forever at full CPU where mkdir answers ENOENT although the parent exists
 * (/proc, /proc/self: outside test); one level at a time, that ENOENT is simply the error.
 */
export const makeFolders = (dir: string, mode = 0o700): void => {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) fs.mkdirSync(d, { mode });
};
