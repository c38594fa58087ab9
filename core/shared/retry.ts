import { isDomainError } from './errors';

/**
 * Run read-apply-write again when the write lost a version race. For changes whose intent does not
 * depend on what the caller saw (a member's rating, the monitor's marks); staff edits, whose intent
 * does, pass the version they read and get the conflict instead.
 */
export const retryOnVersionConflict = async <T>(run: () => Promise<T>, attempts = 3): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (i >= attempts || !(isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT'))) throw e;
    }
  }
};
