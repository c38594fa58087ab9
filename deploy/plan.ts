/**
 * The deploy plan: pure data in, an ordered list of steps out. `npm run deploy -- --plan` prints it
 * without credentials, CI checks it against the declarations (tests/build/deployPlan.test.ts), and
 * deploy/apply.ts carries the same steps out through a CloudbaseManagerPort.
 *
 * Inputs: the collections and indexes declared once in adapters/cloudbase/collections.ts (the same
 * list the SDK fake and the contract suite read), each function's cloudfunctions/<name>/config.json,
 * and the deploy settings (env id, each function's environment variables).
 */
import type { CollectionDeclaration, IndexKey } from '../adapters/cloudbase/collections';

/**
 * Runtime of every function. Nodejs20.19 is @cloudbase/manager-node 5.6's own default for CreateFunction
 * (lib/function/index.js, configToParams) and is listed beside Nodejs18.15 in its RuntimeVersion type;
 * the bundles are built for node20 (scripts/buildFunctions.ts) and tested on Node 20. A function's
 * runtime is fixed when it is created: an existing function on another runtime is reported, not changed.
 */
export const FUNCTION_RUNTIME = 'Nodejs20.19';
/** esbuild target matching FUNCTION_RUNTIME. */
export const BUNDLE_TARGET = 'node20';

/** The admin function answers its page, its assets and its API under one path on the env's default domain. */
export const ADMIN_HTTP_ROUTE = { path: '/admin', function: 'admin' } as const;

/** Clients (the mini-program SDK) may not read or write any collection: every access goes through a function. */
export const COLLECTION_ACL = 'ADMINONLY' as const;

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7-field cron, UTC+8 (RULES.md). */
  config: string;
}

/** What cloudfunctions/<name>/config.json says (the file WeChat DevTools also reads). */
export interface FunctionConfigFile {
  timeout?: number;
  memorySize?: number;
  envVariables?: Record<string, string>;
  triggers?: TimerTrigger[];
  permissions?: { openapi?: string[] };
}

export interface FunctionSource {
  name: string;
  /** The built bundle's directory (dist/cloudfunctions/<name>). */
  dir: string;
  config: FunctionConfigFile;
}

/**
 * The settings the plan needs. deploy/config.ts (written separately) is the configuration source;
 * deploy/settings.ts adapts it to this shape, so the plan depends on nothing but this interface.
 */
export interface DeploySettings {
  envId: string;
  /** Environment variables by function name; a value of '' is a variable that must be set but is not. */
  functionEnvironment: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface FunctionDeployment {
  name: string;
  dir: string;
  runtime: string;
  handler: 'index.main';
  timeout: number;
  memorySize: number;
  /** The cloud installs @cloudbase/node-sdk from the bundle's package.json (scripts/buildFunctions.ts). */
  installDependency: true;
  envVariables: Record<string, string>;
}

export type DeployStep =
  | { kind: 'collection'; collection: string }
  | { kind: 'collectionAcl'; collection: string; acl: typeof COLLECTION_ACL }
  | { kind: 'index'; collection: string; index: string; keys: IndexKey[]; unique: boolean }
  | { kind: 'function'; fn: FunctionDeployment }
  | { kind: 'triggers'; function: string; triggers: TimerTrigger[] }
  | { kind: 'httpRoute'; path: string; function: string }
  | { kind: 'openApiPermission'; function: string; apis: string[] };

export interface DeployPlan {
  envId: string;
  steps: DeployStep[];
  /** `<function>.<VAR>` declared but empty: a real deploy refuses to run until they are set. */
  missingEnv: string[];
}

const DEFAULT_TIMEOUT_S = 3;
const DEFAULT_MEMORY_MB = 256;

/** Declaration + functions + settings → the ordered steps. Pure: same inputs, same plan. */
export const planDeploy = (input: {
  collections: readonly CollectionDeclaration[];
  functions: readonly FunctionSource[];
  settings: DeploySettings;
}): DeployPlan => {
  const steps: DeployStep[] = [];
  // Collections before functions: a function that starts against a missing collection fails (RULES.md).
  for (const c of input.collections) {
    steps.push({ kind: 'collection', collection: c.name });
    steps.push({ kind: 'collectionAcl', collection: c.name, acl: COLLECTION_ACL });
    for (const i of c.indexes) steps.push({ kind: 'index', collection: c.name, index: i.name, keys: i.keys.map((k) => ({ ...k })), unique: i.unique === true });
  }
  const missingEnv: string[] = [];
  const functions = [...input.functions].sort((a, b) => a.name.localeCompare(b.name));
  for (const f of functions) {
    // The settings alone decide a function's variables (config.json's envVariables are DevTools' placeholders).
    const given = input.settings.functionEnvironment[f.name] ?? {};
    const envVariables: Record<string, string> = {};
    for (const k of Object.keys(given).sort()) envVariables[k] = given[k] ?? '';
    for (const [k, v] of Object.entries(envVariables)) if (v === '') missingEnv.push(`${f.name}.${k}`);
    steps.push({
      kind: 'function',
      fn: {
        name: f.name,
        dir: f.dir,
        runtime: FUNCTION_RUNTIME,
        handler: 'index.main',
        timeout: f.config.timeout ?? DEFAULT_TIMEOUT_S,
        memorySize: f.config.memorySize ?? DEFAULT_MEMORY_MB,
        installDependency: true,
        envVariables,
      },
    });
    // Always planned, also when empty: apply removes a trigger the config no longer declares.
    steps.push({ kind: 'triggers', function: f.name, triggers: (f.config.triggers ?? []).map((t) => ({ ...t })) });
  }
  if (functions.some((f) => f.name === ADMIN_HTTP_ROUTE.function)) steps.push({ kind: 'httpRoute', ...ADMIN_HTTP_ROUTE });
  // Last: granting open-API permission re-uploads through WeChat DevTools (see deploy/openApi.ts).
  for (const f of functions) {
    const apis = f.config.permissions?.openapi ?? [];
    if (apis.length) steps.push({ kind: 'openApiPermission', function: f.name, apis: [...apis] });
  }
  return { envId: input.settings.envId, steps, missingEnv };
};

const SECRET = /KEY|SECRET|TOKEN|PASSWORD/i;
/** Values of secret-looking variables never reach the terminal or CI logs. */
export const redact = (name: string, value: string) => (value === '' ? '<unset>' : SECRET.test(name) ? '<set>' : value);

export const describeStep = (s: DeployStep): string => {
  switch (s.kind) {
    case 'collection':
      return `collection ${s.collection}: create if missing`;
    case 'collectionAcl':
      return `collection ${s.collection}: permission ${s.acl} (clients cannot read or write it directly)`;
    case 'index':
      return `index ${s.collection}.${s.index}${s.unique ? ' UNIQUE' : ''} (${s.keys.map((k) => `${k.field} ${k.direction === 1 ? 'asc' : 'desc'}`).join(', ')}): create if missing`;
    case 'function': {
      const env = Object.entries(s.fn.envVariables).map(([k, v]) => `${k}=${redact(k, v)}`);
      return `function ${s.fn.name}: ${s.fn.runtime}, ${s.fn.timeout} s, ${s.fn.memorySize} MB, code from ${s.fn.dir}; env ${env.length ? env.join(' ') : '(none)'}`;
    }
    case 'triggers':
      return `function ${s.function}: timer triggers ${s.triggers.length ? s.triggers.map((t) => `${t.name} "${t.config}"`).join(', ') : '(none)'}`;
    case 'httpRoute':
      return `HTTP access ${s.path} -> function ${s.function} (page, assets and /admin/api on the default domain)`;
    case 'openApiPermission':
      return `function ${s.function}: open-API permission ${s.apis.join(', ')} (upload through WeChat DevTools, which applies config.json)`;
  }
};

export const formatPlan = (plan: DeployPlan): string =>
  [
    `deploy plan for env ${plan.envId || '<unset>'} (${plan.steps.length} steps)`,
    ...plan.steps.map((s, i) => `${String(i + 1).padStart(3)}. ${describeStep(s)}`),
    plan.missingEnv.length ? `missing environment variables (a real deploy refuses until set): ${plan.missingEnv.join(', ')}` : 'every declared environment variable is set',
  ].join('\n');
