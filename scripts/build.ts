/** npm run build: every cloud function bundled for deployment, and the admin page, under dist/. */
import { buildAdmin } from './buildAdmin';
import { bundleBudgetKb, buildFunctions } from './buildFunctions';
import { writeMiniprogramConfig } from '../deploy/config';

const main = async () => {
  // The mini-program's generated configuration, from the same source the deploy reads (README, Configuration).
  const mp = writeMiniprogramConfig();
  process.stdout.write(`mini-program config ${mp.changed ? 'written from' : 'matches'} ${mp.source} (${mp.config.mode} mode)\n`);
  // The admin page first: the admin function serves it, so its package carries a copy (scripts/buildFunctions.ts).
  const admin = await buildAdmin();
  process.stdout.write(`built admin page     ${(admin.bytes / 1024).toFixed(1)} KB -> ${admin.outDir}\n`);
  for (const f of await buildFunctions(undefined, { adminPage: admin.outDir }))
    process.stdout.write(`built ${f.name.padEnd(14)} ${(f.bytes / 1024).toFixed(1).padStart(5)} KB (budget ${bundleBudgetKb(f.name)} KB${f.bytes > bundleBudgetKb(f.name) * 1024 ? ', OVER' : ''})\n`);
};

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
