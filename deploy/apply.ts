/**
 * Carries a DeployPlan out, step by step, through a narrow port. Every step is idempotent: what exists
 * is updated or left as it is, never created twice, so `npm run deploy` can be run again after a
 * failure or for every release. deploy/managerNode.ts implements the port with @cloudbase/manager-node.
 */
import type { IndexKey } from '../adapters/cloudbase/collections';
import type { DeployPlan, DeployStep, FunctionDeployment, TimerTrigger } from './plan';

export interface FunctionState {
  runtime: string;
  triggers: TimerTrigger[];
}

/** Only what the deploy needs from CloudBase's management API. */
export interface CloudbaseManagerPort {
  collectionExists(name: string): Promise<boolean>;
  createCollection(name: string): Promise<void>;
  /** Database ACL (ModifyDatabaseACL): 'ADMINONLY' = only the server side (functions, the manager) reads and writes. */
  setCollectionAcl(name: string, acl: 'ADMINONLY'): Promise<void>;
  indexNames(collection: string): Promise<string[]>;
  createIndex(collection: string, index: { name: string; keys: IndexKey[]; unique: boolean }): Promise<void>;
  /** null when no function of that name exists. */
  getFunction(name: string): Promise<FunctionState | null>;
  createFunction(fn: FunctionDeployment): Promise<void>;
  /** New code, then timeout, memory and the whole set of environment variables. */
  updateFunction(fn: FunctionDeployment): Promise<void>;
  createTriggers(fn: string, triggers: TimerTrigger[]): Promise<void>;
  deleteTrigger(fn: string, trigger: string): Promise<void>;
  /** The function an HTTP access path points at, or null. */
  httpRoute(path: string): Promise<string | null>;
  createHttpRoute(path: string, fn: string): Promise<void>;
}

/**
 * Open-API permissions (config.json `permissions.openapi`) are applied only by WeChat DevTools on its
 * upload of a function (RULES.md); deploy/openApi.ts has the command-line DevTools implementation and the
 * one that leaves it as a printed to-do.
 */
export interface OpenApiGranter {
  grant(fn: string, apis: string[], dir: string): Promise<'granted' | 'manual'>;
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'manual';

export interface AppliedStep {
  step: DeployStep;
  outcome: Outcome;
  detail?: string;
}

export class DeployError extends Error {}

const sameTrigger = (a: TimerTrigger, b: TimerTrigger) => a.name === b.name && a.type === b.type && a.config.trim() === b.config.trim();

export const applyPlan = async (
  plan: DeployPlan,
  manager: CloudbaseManagerPort,
  granter: OpenApiGranter,
  log: (line: string) => void = () => {},
): Promise<AppliedStep[]> => {
  if (plan.missingEnv.length) throw new DeployError(`environment variables not set: ${plan.missingEnv.join(', ')}`);
  const fnDirs = new Map(plan.steps.flatMap((s) => (s.kind === 'function' ? [[s.fn.name, s.fn] as const] : [])));
  const done: AppliedStep[] = [];
  const record = (step: DeployStep, outcome: Outcome, detail?: string) => {
    done.push({ step, outcome, ...(detail ? { detail } : {}) });
    log(`${outcome.padEnd(9)} ${stepLabel(step)}${detail ? ` (${detail})` : ''}`);
  };
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'collection': {
        if (await manager.collectionExists(step.collection)) record(step, 'unchanged');
        else {
          await manager.createCollection(step.collection);
          record(step, 'created');
        }
        break;
      }
      case 'collectionAcl':
        // Setting the same tag again is harmless, and the API has no cheaper way to compare.
        await manager.setCollectionAcl(step.collection, step.acl);
        record(step, 'updated');
        break;
      case 'index': {
        if ((await manager.indexNames(step.collection)).includes(step.index)) record(step, 'unchanged');
        else {
          await manager.createIndex(step.collection, { name: step.index, keys: step.keys, unique: step.unique });
          record(step, 'created');
        }
        break;
      }
      case 'function': {
        const existing = await manager.getFunction(step.fn.name);
        if (!existing) {
          await manager.createFunction(step.fn);
          record(step, 'created');
        } else {
          if (existing.runtime !== step.fn.runtime)
            throw new DeployError(
              `function ${step.fn.name} runs ${existing.runtime}, the plan needs ${step.fn.runtime}: a runtime is fixed at creation, so delete the function in the console and deploy again`,
            );
          await manager.updateFunction(step.fn);
          record(step, 'updated');
        }
        break;
      }
      case 'triggers': {
        const current = (await manager.getFunction(step.function))?.triggers ?? [];
        const stale = current.filter((t) => !step.triggers.some((w) => sameTrigger(t, w)));
        const missing = step.triggers.filter((w) => !current.some((t) => sameTrigger(t, w)));
        for (const t of stale) await manager.deleteTrigger(step.function, t.name);
        if (missing.length) await manager.createTriggers(step.function, missing);
        record(step, stale.length || missing.length ? 'updated' : 'unchanged');
        break;
      }
      case 'httpRoute': {
        const target = await manager.httpRoute(step.path);
        if (target === step.function) record(step, 'unchanged');
        else if (target) throw new DeployError(`HTTP access ${step.path} already points at function ${target}; remove that route in the console first`);
        else {
          await manager.createHttpRoute(step.path, step.function);
          record(step, 'created');
        }
        break;
      }
      case 'openApiPermission': {
        const fn = fnDirs.get(step.function);
        const outcome = await granter.grant(step.function, step.apis, fn?.dir ?? '');
        // A DevTools upload may rewrite the function's configuration from config.json: put ours back.
        if (outcome === 'granted' && fn) await manager.updateFunction(fn);
        record(step, outcome === 'granted' ? 'updated' : 'manual');
        break;
      }
    }
  }
  return done;
};

export const stepLabel = (s: DeployStep): string => {
  switch (s.kind) {
    case 'collection':
      return `collection ${s.collection}`;
    case 'collectionAcl':
      return `collection ${s.collection} ${s.acl}`;
    case 'index':
      return `index ${s.collection}.${s.index}`;
    case 'function':
      return `function ${s.fn.name}`;
    case 'triggers':
      return `triggers of ${s.function}`;
    case 'httpRoute':
      return `HTTP access ${s.path} -> ${s.function}`;
    case 'openApiPermission':
      return `open-API permission of ${s.function}: ${s.apis.join(', ')}`;
  }
};
