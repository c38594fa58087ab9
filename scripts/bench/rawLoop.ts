/** The ceiling without HTTP: the baselines' transaction (baselineStore.ts) in a loop for `seconds`, in its own process. */
import path from 'node:path';
import { baselineStore } from './baselineStore';
import { childArgs, send } from './benchChild';

const { dir, seconds, round, backgroundCheckpoint } = childArgs<{ dir: string; seconds: number; round: number; backgroundCheckpoint?: boolean }>();
const store = baselineStore(path.join(dir, 'raw.db'), { backgroundCheckpoint });
const input = { category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理', idempotencyKey: 'raw' };
const run = (ms: number) => {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(ms * 1e6));
  let count = 0;
  while (process.hrtime.bigint() < until) {
    store.save(`raw-${round}-${count % 1000}`, input);
    count++;
  }
  const used = process.cpuUsage(cpu);
  return { count, ms: Number(process.hrtime.bigint() - started) / 1e6, micros: used.user + used.system };
};
run(300); // warm-up: JIT and the file's first pages
send({ type: 'loop', ...run(seconds * 1000) });
process.disconnect?.();
process.exit(0); // the checkpointing thread, if any, goes with the process
