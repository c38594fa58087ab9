/** The product: the local gateway (server/local/gateway/gateway.ts) on the local system, in its own process. */
import { createGateway } from '../../server/local/gateway/gateway';
import { localSystem } from '../../server/local/localSystem';
import { silentLogger } from '../../server/runtime/log';
import { childArgs, serveForBench } from './benchChild';

const { dir, devSecret, writerThread = false } = childArgs<{ dir: string; devSecret: string; writerThread?: boolean }>();
const system = localSystem({ dataDir: dir });
const gateway = createGateway({ system, devSecret, log: silentLogger, writerThread });

serveForBench(gateway, () => {
  gateway.close();
  system.db.close();
});
