/** npm run build: every cloud function bundled for deployment, and the admin page, under dist/. */
import { buildAdmin } from './buildAdmin';
import { buildFunctions } from './buildFunctions';

const main = async () => {
  for (const f of await buildFunctions()) process.stdout.write(`built ${f.name.padEnd(14)} ${(f.bytes / 1024).toFixed(1)} KB\n`);
  const admin = await buildAdmin();
  process.stdout.write(`built admin page     ${(admin.bytes / 1024).toFixed(1)} KB -> ${admin.outDir}\n`);
};

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
