/**
 * npm run deploy -- --plan                 print every step, no credentials needed (CI runs this)
 * npm run deploy                           create / update everything in the env of deploy/config.json
 *   [--env <id>]                           another env id than the configuration's
 *   [--devtools-cli <path>]                WeChat DevTools' cli, to grant the functions' open-API permissions
 *
 * Credentials for a real deploy: TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN
 * for a temporary key) in the environment; the secrets the functions get (PII_KEYS, SMS_SECRET_ID …) likewise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CLOUDBASE_COLLECTIONS } from '../adapters/cloudbase/collections';
import { applyPlan } from '../deploy/apply';
import { managerNodePort } from '../deploy/managerNode';
import { devtoolsCliGranter, manualOpenApiGranter } from '../deploy/openApi';
import { formatPlan, planDeploy } from '../deploy/plan';
import { loadSettings } from '../deploy/settings';
import { ROOT, functionSources } from '../deploy/sources';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const main = async () => {
  const planOnly = process.argv.includes('--plan');
  const loaded = loadSettings(process.env, arg('--env'));
  const plan = planDeploy({ collections: CLOUDBASE_COLLECTIONS, functions: functionSources(), settings: loaded.settings });
  process.stdout.write(`configuration: ${loaded.source}\n${formatPlan(plan)}\n`);
  if (loaded.problems.length) process.stdout.write(`a real deploy would refuse:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  if (planOnly) return;

  if (loaded.problems.length) throw new Error('fix the problems above first');
  const secretId = process.env.TENCENTCLOUD_SECRETID;
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
  if (!secretId || !secretKey) throw new Error('set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (a CAM key allowed to manage this CloudBase env)');
  for (const s of plan.steps)
    if (s.kind === 'function' && !fs.existsSync(path.join(s.fn.dir, 'index.js'))) throw new Error(`${s.fn.dir}/index.js is missing: run npm run build first`);

  const todo: string[] = [];
  const cli = arg('--devtools-cli');
  const granter = cli ? devtoolsCliGranter({ cliPath: cli, projectPath: ROOT, envId: plan.envId, log: (l) => process.stdout.write(`${l}\n`) }) : manualOpenApiGranter(todo);
  const manager = managerNodePort({ envId: plan.envId, secretId, secretKey, token: process.env.TENCENTCLOUD_SESSIONTOKEN });
  const done = await applyPlan(plan, manager, granter, (l) => process.stdout.write(`${l}\n`));
  const count = (o: string) => done.filter((d) => d.outcome === o).length;
  process.stdout.write(`done: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('manual')} to do by hand\n`);
  if (todo.length) process.stdout.write(`still to do:\n${todo.map((t) => `  - ${t}`).join('\n')}\n`);
};

main().catch((e) => {
  process.stderr.write(`deploy: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
