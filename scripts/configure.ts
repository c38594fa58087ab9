/**
 * npm run configure [-- --check]
 *
 * Reads deploy/config.json (or DEPLOY_CONFIG; without one, the local defaults), checks it against the
 * areas' template declarations, and writes miniprogram/config.generated.ts (mode, CloudBase env id,
 * gateway, template ids). --check writes nothing and fails when the generated file is out of date.
 * Prints which environment variables each function will get (names only: values may be secrets).
 */
import fs from 'node:fs';
import path from 'node:path';
import { functionEnvironment, GENERATED_FILE, loadDeployConfig, miniprogramConfigSource, ROOT } from '../deploy/config';
import { exitWithFailure } from './cliFailure';

const main = () => {
  const { config, source } = loadDeployConfig();
  const text = miniprogramConfigSource(config);
  const rel = path.relative(ROOT, GENERATED_FILE);
  const current = fs.existsSync(GENERATED_FILE) ? fs.readFileSync(GENERATED_FILE, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) throw new Error(`${rel} does not match ${source}: run npm run configure`);
    process.stdout.write(`${rel} matches ${source} (${config.mode} mode)\n`);
    return;
  }
  if (current !== text) fs.writeFileSync(GENERATED_FILE, text);
  process.stdout.write(`${rel} ${current === text ? 'already matches' : 'written from'} ${source} (${config.mode} mode${config.mode === 'cloud' ? `, env ${config.envId}` : ''})\n`);
  const env = functionEnvironment(config, config.mode === 'cloud' ? process.env : {});
  for (const [fn, vars] of Object.entries(env)) process.stdout.write(`  ${fn.padEnd(11)} ${Object.keys(vars).join(', ') || '(nothing)'}\n`);
};

try {
  main();
} catch (e) {
  exitWithFailure(e);
}
