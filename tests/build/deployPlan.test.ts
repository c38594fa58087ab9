import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { applyPlan, DeployError, type CloudbaseManagerPort, type FunctionState, type OpenApiGranter } from '../../deploy/apply';
import { ADMIN_HTTP_ROUTE, BUNDLE_TARGET, FUNCTION_RUNTIME, formatPlan, planDeploy, type DeploySettings, type DeployStep, type FunctionDeployment, type TimerTrigger } from '../../deploy/plan';
import { functionSources } from '../../deploy/sources';
import { functionNames } from '../../scripts/buildFunctions';

const ROOT = path.resolve(__dirname, '../..');
const configOf = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudfunctions', name, 'config.json'), 'utf8'));
const nodeMajor = (runtime: string) => Number(/^Nodejs(\d+)/.exec(runtime)?.[1] ?? 0);

const settings: DeploySettings = {
  envId: 'env-test-1a2b',
  functionEnvironment: {
    admin: { PII_KEYS: 'k1:c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMw==' },
    members: { PII_KEYS: 'k1:c2VjcmV0', SMS_SECRET_KEY: 'sms-secret', TPL_COMPLAINT_PROGRESS: 'tpl-progress' },
    notify: { MINIPROGRAM_STATE: 'formal', TPL_COMPLAINT_PROGRESS: 'tpl-progress' },
  },
};
const plan = planDeploy({ collections: CLOUDBASE_COLLECTIONS, functions: functionSources(), settings });
const of = <K extends DeployStep['kind']>(kind: K) => plan.steps.filter((s): s is Extract<DeployStep, { kind: K }> => s.kind === kind);

describe('deploy plan (deploy/plan.ts) against the declarations', () => {
  it('creates every declared collection, closed to clients, and every index with its keys and uniqueness', () => {
    expect(of('collection').map((s) => s.collection)).toEqual(CLOUDBASE_COLLECTIONS.map((c) => c.name));
    expect(of('collectionAcl').map((s) => [s.collection, s.acl])).toEqual(CLOUDBASE_COLLECTIONS.map((c) => [c.name, 'ADMINONLY']));
    const declared = CLOUDBASE_COLLECTIONS.flatMap((c) => c.indexes.map((i) => ({ collection: c.name, index: i.name, keys: i.keys, unique: i.unique === true })));
    expect(of('index').map(({ collection, index, keys, unique }) => ({ collection, index, keys, unique }))).toEqual(declared);
    expect(of('index').filter((s) => s.unique).map((s) => `${s.collection}.${s.index}`)).toEqual(expect.arrayContaining(['complaints.number', 'staff.username']));
    // A collection exists before its ACL and indexes are set, and all of them before any function starts.
    const firstFunction = plan.steps.findIndex((s) => s.kind === 'function');
    expect(plan.steps.slice(firstFunction).some((s) => s.kind === 'collection' || s.kind === 'index')).toBe(false);
  });

  it('deploys every function in cloudfunctions/ on a Node 18+ runtime with its config.json timeout, memory and timer triggers', () => {
    expect(of('function').map((s) => s.fn.name)).toEqual(functionNames());
    for (const { fn } of of('function')) {
      const cfg = configOf(fn.name);
      expect(nodeMajor(fn.runtime)).toBeGreaterThanOrEqual(18);
      expect(fn).toMatchObject({ handler: 'index.main', timeout: cfg.timeout, memorySize: cfg.memorySize, installDependency: true });
      expect(fn.dir).toBe(path.join(ROOT, 'dist', 'cloudfunctions', fn.name));
      expect(of('triggers').find((t) => t.function === fn.name)?.triggers).toEqual(cfg.triggers ?? []);
    }
    expect(of('triggers').find((t) => t.function === 'slaMonitor')?.triggers).toEqual([{ name: 'slaScan', type: 'timer', config: '0 */5 * * * * *' }]);
  });

  it('uses the same Node major everywhere: the plan, cloudbaserc.json and the bundles esbuild target', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8'));
    for (const f of rc.functions) expect(f.runtime).toBe(FUNCTION_RUNTIME);
    expect(BUNDLE_TARGET).toBe(`node${nodeMajor(FUNCTION_RUNTIME)}`);
    expect(fs.readFileSync(path.join(ROOT, 'scripts', 'buildFunctions.ts'), 'utf8')).toMatch(/target: BUNDLE_TARGET/);
  });

  it('gives each function exactly its environment variables, and names the empty ones', () => {
    for (const { fn } of of('function')) expect(fn.envVariables).toEqual(settings.functionEnvironment[fn.name] ?? {});
    expect(plan.missingEnv).toEqual([]);
    const gap = planDeploy({ collections: [], functions: functionSources(), settings: { ...settings, functionEnvironment: { admin: { PII_KEYS: '' } } } });
    expect(gap.missingEnv).toEqual(['admin.PII_KEYS']);
  });

  it('routes /admin to the admin function and asks for every declared open-API permission', () => {
    expect(of('httpRoute')).toEqual([{ kind: 'httpRoute', path: '/admin', function: 'admin' }]);
    expect(ADMIN_HTTP_ROUTE.path).toBe('/admin');
    const declared = functionNames().flatMap((n) => (configOf(n).permissions?.openapi?.length ? [{ function: n, apis: configOf(n).permissions.openapi }] : []));
    expect(of('openApiPermission').map(({ function: f, apis }) => ({ function: f, apis }))).toEqual(declared);
    expect(declared.map((d) => d.function)).toEqual(['complaints', 'consultations', 'members', 'notify']);
  });

  it('prints no secret value', () => {
    const text = formatPlan(plan);
    expect(text).toContain('PII_KEYS=<set>');
    expect(text).toContain('MINIPROGRAM_STATE=formal');
    expect(text).not.toMatch(/sms-secret|c2VjcmV0/);
  });

  it('npm run deploy -- --plan prints the plan without credentials (what CI runs)', () => {
    const env = { ...process.env };
    for (const k of ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'DEPLOY_CONFIG']) delete env[k];
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'deploy.ts'), '--plan'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    for (const c of CLOUDBASE_COLLECTIONS) {
      expect(run.stdout).toContain(`collection ${c.name}: create if missing`);
      for (const i of c.indexes) expect(run.stdout).toContain(`index ${c.name}.${i.name}${i.unique ? ' UNIQUE' : ''} (`);
    }
    for (const n of functionNames()) expect(run.stdout).toContain(`function ${n}: ${FUNCTION_RUNTIME}`);
    expect(run.stdout).toContain('HTTP access /admin -> function admin');
  }, 90_000);
});

/** RECORDING FAKE of the management API: in-memory state, every mutating call logged. */
const recordingManager = (initial: { functions?: Record<string, FunctionState>; routes?: Record<string, string> } = {}) => {
  const collections = new Map<string, Set<string>>();
  const functions = new Map<string, FunctionState & { fn?: FunctionDeployment }>(Object.entries(initial.functions ?? {}));
  const routes = new Map<string, string>(Object.entries(initial.routes ?? {}));
  const calls: string[] = [];
  const port: CloudbaseManagerPort = {
    collectionExists: async (n) => collections.has(n),
    createCollection: async (n) => {
      if (collections.has(n)) throw new Error(`collection ${n} exists`);
      collections.set(n, new Set());
      calls.push(`createCollection ${n}`);
    },
    setCollectionAcl: async (n, acl) => {
      if (!collections.has(n)) throw new Error(`DATABASE_COLLECTION_NOT_EXIST ${n}`);
      calls.push(`setCollectionAcl ${n} ${acl}`);
    },
    indexNames: async (c) => [...(collections.get(c) ?? [])],
    createIndex: async (c, i) => {
      const set = collections.get(c);
      if (!set) throw new Error(`DATABASE_COLLECTION_NOT_EXIST ${c}`);
      if (set.has(i.name)) throw new Error(`index ${i.name} exists`);
      set.add(i.name);
      calls.push(`createIndex ${c}.${i.name}${i.unique ? ' unique' : ''}`);
    },
    getFunction: async (n) => functions.get(n) ?? null,
    createFunction: async (fn) => {
      if (functions.has(fn.name)) throw new Error(`ResourceInUse.Function ${fn.name}`);
      functions.set(fn.name, { runtime: fn.runtime, triggers: [], fn });
      calls.push(`createFunction ${fn.name}`);
    },
    updateFunction: async (fn) => {
      const f = functions.get(fn.name);
      if (!f) throw new Error(`ResourceNotFound.Function ${fn.name}`);
      f.fn = fn;
      calls.push(`updateFunction ${fn.name}`);
    },
    createTriggers: async (n, ts: TimerTrigger[]) => {
      const f = functions.get(n)!;
      for (const t of ts) if (f.triggers.some((x) => x.name === t.name)) throw new Error(`ResourceInUse.Trigger ${t.name}`);
      f.triggers.push(...ts);
      calls.push(`createTriggers ${n} ${ts.map((t) => t.name).join(',')}`);
    },
    deleteTrigger: async (n, t) => {
      const f = functions.get(n)!;
      f.triggers = f.triggers.filter((x) => x.name !== t);
      calls.push(`deleteTrigger ${n} ${t}`);
    },
    httpRoute: async (p) => routes.get(p) ?? null,
    createHttpRoute: async (p, fn) => {
      if (routes.has(p)) throw new Error('InvalidParameter.APICreated');
      routes.set(p, fn);
      calls.push(`createHttpRoute ${p} ${fn}`);
    },
  };
  return { port, calls, functions, collections, routes };
};

const recordingGranter = () => {
  const grants: string[] = [];
  const granter: OpenApiGranter = { grant: async (fn, apis) => (grants.push(`${fn}: ${apis.join(',')}`), 'manual') };
  return { granter, grants };
};

/** What a first run against an empty env must do, derived from the plan alone. */
const expectedFirstRun = (steps: DeployStep[]) =>
  steps.flatMap((s) => {
    switch (s.kind) {
      case 'collection':
        return [`createCollection ${s.collection}`];
      case 'collectionAcl':
        return [`setCollectionAcl ${s.collection} ${s.acl}`];
      case 'index':
        return [`createIndex ${s.collection}.${s.index}${s.unique ? ' unique' : ''}`];
      case 'function':
        return [`createFunction ${s.fn.name}`];
      case 'triggers':
        return s.triggers.length ? [`createTriggers ${s.function} ${s.triggers.map((t) => t.name).join(',')}`] : [];
      case 'httpRoute':
        return [`createHttpRoute ${s.path} ${s.function}`];
      case 'openApiPermission':
        return [];
    }
  });

describe('applyPlan (deploy/apply.ts) against a recording fake manager', () => {
  it('performs exactly the plan steps, in order, on an empty env', async () => {
    const m = recordingManager();
    const g = recordingGranter();
    const done = await applyPlan(plan, m.port, g.granter);
    expect(m.calls).toEqual(expectedFirstRun(plan.steps));
    expect(done.map((d) => d.step)).toEqual(plan.steps);
    expect(g.grants).toEqual(['complaints: security.msgSecCheck', 'consultations: security.msgSecCheck', 'members: phonenumber.getPhoneNumber', 'notify: subscribeMessage.send']);
    expect(m.functions.get('members')?.fn?.envVariables).toEqual(settings.functionEnvironment.members);
    expect(m.functions.get('notify')?.triggers).toEqual(configOf('notify').triggers);
  });

  it('is idempotent: a second run updates functions and creates nothing', async () => {
    const m = recordingManager();
    await applyPlan(plan, m.port, recordingGranter().granter);
    m.calls.length = 0;
    const done = await applyPlan(plan, m.port, recordingGranter().granter);
    expect(m.calls.filter((c) => c.startsWith('create'))).toEqual([]);
    expect(m.calls.filter((c) => c.startsWith('updateFunction'))).toEqual(functionNames().map((n) => `updateFunction ${n}`));
    expect(done.filter((d) => d.outcome === 'created')).toEqual([]);
    expect(new Set(done.filter((d) => d.step.kind === 'index' || d.step.kind === 'collection' || d.step.kind === 'triggers' || d.step.kind === 'httpRoute').map((d) => d.outcome))).toEqual(new Set(['unchanged']));
  });

  it('replaces a trigger whose cron changed and removes one no longer declared', async () => {
    const m = recordingManager({
      functions: { slaMonitor: { runtime: FUNCTION_RUNTIME, triggers: [{ name: 'slaScan', type: 'timer', config: '0 0 * * * * *' }, { name: 'old', type: 'timer', config: '0 0 1 * * * *' }] } },
    });
    await applyPlan(plan, m.port, recordingGranter().granter);
    expect(m.calls.filter((c) => c.includes('slaMonitor'))).toEqual(['updateFunction slaMonitor', 'deleteTrigger slaMonitor slaScan', 'deleteTrigger slaMonitor old', 'createTriggers slaMonitor slaScan']);
    expect(m.functions.get('slaMonitor')?.triggers).toEqual(configOf('slaMonitor').triggers);
  });

  it('refuses, naming the fix, a function created on an old runtime, a route owned by another function, and unset variables', async () => {
    await expect(applyPlan(plan, recordingManager({ functions: { admin: { runtime: 'Nodejs16.13', triggers: [] } } }).port, recordingGranter().granter)).rejects.toThrow(
      /admin runs Nodejs16\.13.*delete the function/,
    );
    await expect(applyPlan(plan, recordingManager({ routes: { '/admin': 'other' } }).port, recordingGranter().granter)).rejects.toThrow(DeployError);
    const gap = planDeploy({ collections: [], functions: functionSources(), settings: { ...settings, functionEnvironment: { admin: { PII_KEYS: '' } } } });
    const m = recordingManager();
    await expect(applyPlan(gap, m.port, recordingGranter().granter)).rejects.toThrow(/admin\.PII_KEYS/);
    expect(m.calls).toEqual([]);
  });

  it('puts a function configuration back after DevTools granted its open-API permission', async () => {
    const m = recordingManager();
    await applyPlan(plan, m.port, { grant: async () => 'granted' });
    expect(m.calls.slice(-4)).toEqual(['updateFunction complaints', 'updateFunction consultations', 'updateFunction members', 'updateFunction notify']);
  });
});
