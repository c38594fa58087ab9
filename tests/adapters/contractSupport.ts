import type { AuditEntry, AuditLog } from '../../core/audit/chain';

/** Helpers shared by the store contract suites (tests/adapters/*.contract.ts). */

export const codeOf = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

/**
 * Runs `n` callers at once. A caller answered STORE.BUSY (on CloudBase: a write conflict that outlasted
 * the SDK's retries) tries again, together with the others that were, as a client told 系统繁忙 would.
 * Any other failure fails the test. Returns every caller's final answer, in caller order.
 */
export const retryWhileBusy = async <T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> => {
  const answers = new Array<T>(n);
  let waiting = Array.from({ length: n }, (_, i) => i);
  for (let round = 0; waiting.length; round++) {
    if (round > 40) throw new Error(`no progress after ${round} rounds of STORE.BUSY`);
    const settled = await Promise.allSettled(waiting.map(call));
    const again: number[] = [];
    settled.forEach((r, k) => {
      if (r.status === 'fulfilled') answers[waiting[k]] = r.value;
      else if (codeOf(r.reason) === 'STORE.BUSY') again.push(waiting[k]);
      else throw r.reason;
    });
    waiting = again;
  }
  return answers;
};

export const auditEntries = async (log: AuditLog): Promise<AuditEntry[]> => {
  const out: AuditEntry[] = [];
  for await (const e of log.all()) out.push(e);
  return out;
};
