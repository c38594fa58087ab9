import { isDomainError } from '../core/shared/errors';

/** How every operator command ends on a failure: the code, the Chinese message and each field issue, then exit 1. */
export const exitWithFailure = (e: unknown): never => {
  if (isDomainError(e)) {
    const issues = (e.details?.issues as { path: string; message: string }[] | undefined) ?? [];
    process.stderr.write(`${e.code}: ${e.memberMessage}\n${issues.map((i) => `  ${i.path}：${i.message}`).join('\n')}\n`);
  } else process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
};
