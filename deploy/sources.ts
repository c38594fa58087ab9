/** Reads what the plan is made from: the function bundles' configs (cloudfunctions/<name>/config.json). */
import fs from 'node:fs';
import path from 'node:path';
import type { FunctionConfigFile, FunctionSource } from './plan';

export const ROOT = path.resolve(__dirname, '..');

export const functionSources = (root = ROOT, bundleRoot = path.join(root, 'dist', 'cloudfunctions')): FunctionSource[] =>
  fs
    .readdirSync(path.join(root, 'cloudfunctions'))
    .filter((n) => fs.existsSync(path.join(root, 'cloudfunctions', n, 'index.ts')))
    .sort()
    .map((name) => ({
      name,
      dir: path.join(bundleRoot, name),
      config: JSON.parse(fs.readFileSync(path.join(root, 'cloudfunctions', name, 'config.json'), 'utf8')) as FunctionConfigFile,
    }));
