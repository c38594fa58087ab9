/**
 * CloudbaseManagerPort over @cloudbase/manager-node (a dev dependency, loaded only when a real deploy runs,
 * so `--plan` and the tests need neither it nor credentials). Calls checked against its 5.6.5 sources:
 * - database: checkCollectionExists / createCollectionIfNotExists / describeCollection (.Indexes[].Name) /
 *   updateCollection(name, { CreateIndexes: [{ IndexName, MgoKeySchema: { MgoIndexKeys: [{ Name, Direction }], MgoIsUnique } }] })
 *   (types/database/index.d.ts, types/interfaces/flexdb.interface.d.ts; Direction is a string, "1" / "-1");
 * - collection ACL: the TCB API ModifyDatabaseACL (EnvId, CollectionName, AclTag ADMINONLY = 仅管理员可读写) through
 *   commonService('tcb', '2018-06-08').call — the manager's own permission.modifyResourcePermission sends
 *   ModifyResourcePermission and is marked deprecated in 5.6;
 * - functions: getFunctionDetail (Runtime, Triggers[{TriggerName, Type, TriggerDesc}]), createFunction({ func,
 *   functionRootPath }) (packs <root>/<name>, COS upload, no 1.5 MB zip limit; ignores node_modules when the cloud
 *   installs dependencies), updateFunctionWithProgress (code → wait → config → wait), createFunctionTriggers (timer
 *   only, BatchCreateTrigger), deleteFunctionTrigger (lib/function/index.js);
 * - HTTP access: access.getAccessList({ path }) / access.createAccess({ name, path, auth: false }) → CreateCloudBaseGWAPI
 *   (lib/access/index.js).
 * Not run against a real environment from here (no network to Tencent Cloud on these machines).
 */
import type { CloudbaseManagerPort, FunctionState } from './apply';
import type { FunctionDeployment, TimerTrigger } from './plan';

export interface ManagerCredentials {
  envId: string;
  secretId: string;
  secretKey: string;
  token?: string;
}

/* The slice of @cloudbase/manager-node this file uses. */
interface Manager {
  database: {
    checkCollectionExists(name: string): Promise<{ Exists: boolean }>;
    createCollectionIfNotExists(name: string): Promise<unknown>;
    describeCollection(name: string): Promise<{ Indexes?: { Name: string }[] }>;
    updateCollection(name: string, info: { CreateIndexes: unknown[] }): Promise<unknown>;
  };
  functions: {
    getFunctionDetail(name: string): Promise<{ Runtime: string; Triggers?: { TriggerName: string; Type: string; TriggerDesc: string }[] }>;
    createFunction(p: { func: Record<string, unknown>; functionRootPath: string; force?: boolean }): Promise<unknown>;
    updateFunctionWithProgress(p: { name: string; code?: { functionRootPath: string }; config?: Record<string, unknown> }): Promise<unknown>;
    createFunctionTriggers(name: string, triggers: TimerTrigger[]): Promise<unknown>;
    deleteFunctionTrigger(name: string, trigger: string): Promise<unknown>;
  };
  access: {
    getAccessList(o: { path?: string; name?: string }): Promise<{ APISet?: { Path: string; Name: string; Type: number }[] }>;
    createAccess(o: { name: string; path: string; type?: 1 | 2; auth?: boolean }): Promise<unknown>;
  };
  commonService(service?: string, version?: string): { call(o: { Action: string; Param: Record<string, unknown> }): Promise<unknown> };
}

const isNotFound = (e: unknown) => {
  const code = (e as { code?: string })?.code ?? '';
  return code.startsWith('ResourceNotFound') || /not ?found|不存在/i.test(String((e as Error)?.message ?? ''));
};

const rootOf = (dir: string) => dir.replace(/[\\/][^\\/]+[\\/]?$/, '');

const functionConfig = (fn: FunctionDeployment) => ({
  timeout: fn.timeout,
  memorySize: fn.memorySize,
  envVariables: fn.envVariables,
  installDependency: fn.installDependency,
});

export const loadManager = (creds: ManagerCredentials): Manager => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as new (c: Record<string, string | undefined>) => Manager;
  return new CloudBase({ secretId: creds.secretId, secretKey: creds.secretKey, token: creds.token, envId: creds.envId });
};

export const managerNodePort = (creds: ManagerCredentials, manager: Manager = loadManager(creds)): CloudbaseManagerPort => ({
  collectionExists: async (name) => (await manager.database.checkCollectionExists(name)).Exists,
  createCollection: async (name) => {
    await manager.database.createCollectionIfNotExists(name);
  },
  setCollectionAcl: async (name, acl) => {
    await manager.commonService('tcb', '2018-06-08').call({ Action: 'ModifyDatabaseACL', Param: { EnvId: creds.envId, CollectionName: name, AclTag: acl } });
  },
  indexNames: async (collection) => ((await manager.database.describeCollection(collection)).Indexes ?? []).map((i) => i.Name),
  createIndex: async (collection, index) => {
    await manager.database.updateCollection(collection, {
      CreateIndexes: [
        {
          IndexName: index.name,
          MgoKeySchema: { MgoIndexKeys: index.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })), MgoIsUnique: index.unique },
        },
      ],
    });
  },
  getFunction: async (name): Promise<FunctionState | null> => {
    try {
      const d = await manager.functions.getFunctionDetail(name);
      return {
        runtime: d.Runtime,
        triggers: (d.Triggers ?? []).filter((t) => t.Type === 'timer').map((t) => ({ name: t.TriggerName, type: 'timer' as const, config: t.TriggerDesc })),
      };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  },
  createFunction: async (fn) => {
    // Triggers are their own step (apply.ts), so a changed cron replaces the old one.
    await manager.functions.createFunction({
      func: { name: fn.name, runtime: fn.runtime, handler: fn.handler, ...functionConfig(fn), triggers: [] },
      functionRootPath: rootOf(fn.dir),
      force: false,
    });
  },
  updateFunction: async (fn) => {
    await manager.functions.updateFunctionWithProgress({ name: fn.name, code: { functionRootPath: rootOf(fn.dir) }, config: functionConfig(fn) });
  },
  createTriggers: async (fn, triggers) => {
    await manager.functions.createFunctionTriggers(fn, triggers);
  },
  deleteTrigger: async (fn, trigger) => {
    await manager.functions.deleteFunctionTrigger(fn, trigger);
  },
  httpRoute: async (path) => {
    const { APISet = [] } = await manager.access.getAccessList({ path });
    return APISet.find((a) => a.Path === path && a.Type === 1)?.Name ?? null;
  },
  createHttpRoute: async (path, fn) => {
    // type 1 = cloud function; auth false: the admin page is public, staff sign in with their own session.
    await manager.access.createAccess({ name: fn, path, type: 1, auth: false });
  },
});
