/** npm run build: every cloud function bundled for deployment under dist/cloudfunctions. */
import { buildFunctions } from './buildFunctions';

buildFunctions()
  .then((built) => {
    for (const f of built) process.stdout.write(`built ${f.name.padEnd(14)} ${(f.bytes / 1024).toFixed(1)} KB\n`);
  })
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
