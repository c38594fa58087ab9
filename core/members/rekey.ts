import type { AuditLog } from '../audit/chain';
import type { KeyRingBox } from '../shared/keyRing';

/**
 * Re-encryption after a personal-data key rotation (npm run rekey): walks every record kind that holds
 * sealed values and re-seals each value not under the current key. Old values stay readable throughout
 * (the ring opens every key it lists), so the service runs while this job does.
 *
 * - Resumable: records are walked in id order, a page at a time; a run stopped by its budget returns a
 *   cursor to continue from, and a run started over simply skips what is already under the current key.
 * - Safe beside live writes: each record is re-sealed inside the store's own transaction by a pure
 *   function of the record as it is at that moment (`SealedRecordStore.update`), replacing only values
 *   it re-sealed from what it read; a value someone else rewrote meanwhile is left as they wrote it.
 * - Blind indexes are not touched: they do not depend on the sealing key (adapters/crypto/secretBox.ts).
 * - Audited: one entry when a run starts and one with its counts when it ends, on the `pii-key` chain
 *   of the current key.
 */
export const SEALED_KINDS = ['members', 'policies', 'complaints', 'consultations', 'claims', 'staff'] as const;
export type SealedKind = (typeof SEALED_KINDS)[number];

/** Where each kind keeps sealed strings; `[]` walks an array, `{}` every value of a map. */
export const SEALED_PATHS: Record<SealedKind, readonly string[]> = {
  members: ['name.sealed', 'phone.sealed', 'idNumber.sealed'],
  policies: ['holder.name.sealed', 'holder.phone.sealed', 'holder.idNumber.sealed', 'insured[].name.sealed', 'insured[].idNumber.sealed'],
  complaints: ['contact.phoneSealed', 'sealedTexts{}'],
  // Personal numbers in their texts (core/shared/sealedTexts.ts), like complaints'.
  consultations: ['sealedTexts{}'],
  claims: ['sealedTexts{}'],
  staff: ['totpSecretEncrypted'],
};

type Doc = Record<string, unknown>;

const mapPath = (value: unknown, parts: string[], f: (s: string) => string): unknown => {
  if (!parts.length) return typeof value === 'string' ? f(value) : value;
  const [head, ...rest] = parts;
  if (head.endsWith('{}')) {
    // Every value of a map (a complaint's sealed texts, by key).
    const key = head.slice(0, -2);
    if (!value || typeof value !== 'object') return value;
    const map = (value as Doc)[key];
    if (!map || typeof map !== 'object') return value;
    return { ...(value as Doc), [key]: Object.fromEntries(Object.entries(map as Doc).map(([k, v]) => [k, mapPath(v, rest, f)])) };
  }
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    if (!value || typeof value !== 'object') return value;
    const arr = (value as Doc)[key];
    if (!Array.isArray(arr)) return value;
    return { ...(value as Doc), [key]: arr.map((item) => mapPath(item, rest, f)) };
  }
  if (!value || typeof value !== 'object' || !(head in (value as Doc))) return value;
  return { ...(value as Doc), [head]: mapPath((value as Doc)[head], rest, f) };
};

/** The record with every sealed string passed through `f` (a new object; the rest shared). */
export const mapSealed = (kind: SealedKind, doc: Doc, f: (sealed: string) => string): Doc =>
  SEALED_PATHS[kind].reduce<Doc>((d, p) => mapPath(d, p.split('.'), f) as Doc, doc);

export const sealedValues = (kind: SealedKind, doc: Doc): string[] => {
  const out: string[] = [];
  mapSealed(kind, doc, (s) => {
    out.push(s);
    return s;
  });
  return out;
};

/** Storage of the records that hold sealed values, as raw documents (implemented for SQLite and CloudBase). */
export interface SealedRecordStore {
  /** Up to `limit` records of a kind with id > `after`, in id order. */
  page(kind: SealedKind, after: string | undefined, limit: number): Promise<{ id: string; doc: Doc }[]>;
  /** Reads the record and writes `change(record)` in one transaction; false when the record is gone. */
  update(kind: SealedKind, id: string, change: (doc: Doc) => Doc): Promise<boolean>;
}

export interface RekeyDeps {
  records: SealedRecordStore;
  box: KeyRingBox;
  audit: Pick<AuditLog, 'append'>;
}

export interface RekeyCursor {
  kind: SealedKind;
  after?: string;
}

export interface RekeyReport {
  currentKeyId: string;
  /** Sealed values found, by the key id that sealed them before this run (`v1`: before key ids). */
  foundByKey: Record<string, number>;
  recordsExamined: number;
  recordsUpdated: number;
  valuesResealed: number;
  /** Set when the budget ran out: pass it back to continue. */
  cursor?: RekeyCursor;
  /** Every kind walked to the end. With `check`, whether nothing is left under an old key. */
  done: boolean;
}

export const formatCursor = (c: RekeyCursor) => `${c.kind}:${c.after ?? ''}`;
export const parseCursor = (text: string): RekeyCursor => {
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)) as SealedKind;
  if (!SEALED_KINDS.includes(kind)) throw new Error(`--resume must be <kind>:<id> with kind one of ${SEALED_KINDS.join(', ')}`);
  const after = colon < 0 ? '' : text.slice(colon + 1);
  return after ? { kind, after } : { kind };
};

export const rekey = async (
  deps: RekeyDeps,
  opts: { actor: { id: string; role: string }; cursor?: RekeyCursor; budget?: number; pageSize?: number; check?: boolean },
): Promise<RekeyReport> => {
  const { box } = deps;
  const pageSize = opts.pageSize ?? 100;
  const budget = opts.budget ?? Number.POSITIVE_INFINITY;
  const report: RekeyReport = { currentKeyId: box.currentKeyId, foundByKey: {}, recordsExamined: 0, recordsUpdated: 0, valuesResealed: 0, done: false };
  const subject = { actorId: opts.actor.id, actorRole: opts.actor.role, subjectType: 'pii-key', subjectId: box.currentKeyId };
  if (!opts.check) await deps.audit.append({ ...subject, action: 'pii.rekey.started', detail: { from: opts.cursor ? formatCursor(opts.cursor) : 'start' } });

  const startKind = opts.cursor ? SEALED_KINDS.indexOf(opts.cursor.kind) : 0;
  outer: for (const kind of SEALED_KINDS.slice(startKind)) {
    let after = opts.cursor?.kind === kind ? opts.cursor.after : undefined;
    for (;;) {
      if (report.recordsExamined >= budget) {
        report.cursor = { kind, ...(after !== undefined ? { after } : {}) };
        break outer;
      }
      const page = await deps.records.page(kind, after, Math.min(pageSize, budget - report.recordsExamined));
      if (!page.length) break;
      for (const { id, doc } of page) {
        report.recordsExamined++;
        const stale = sealedValues(kind, doc).filter((s) => {
          const keyId = box.keyIdOf(s);
          report.foundByKey[keyId] = (report.foundByKey[keyId] ?? 0) + 1;
          return keyId !== box.currentKeyId;
        });
        if (!stale.length || opts.check) continue;
        const resealed = new Map(stale.map((s) => [s, box.reseal(s)]));
        let changed = 0;
        const wrote = await deps.records.update(kind, id, (current) => {
          changed = 0; // a store may run this again when its transaction is retried
          return mapSealed(kind, current, (s) => {
            const next = resealed.get(s);
            if (next === undefined) return s; // rewritten meanwhile: leave it as written
            changed++;
            return next;
          });
        });
        if (wrote && changed) {
          report.recordsUpdated++;
          report.valuesResealed += changed;
        }
      }
      after = page[page.length - 1].id;
    }
  }
  report.done = !report.cursor && (!opts.check || Object.keys(report.foundByKey).every((k) => k === box.currentKeyId));
  if (!opts.check)
    await deps.audit.append({
      ...subject,
      action: 'pii.rekey.finished',
      detail: {
        foundByKey: report.foundByKey,
        recordsExamined: report.recordsExamined,
        recordsUpdated: report.recordsUpdated,
        valuesResealed: report.valuesResealed,
        ...(report.cursor ? { cursor: formatCursor(report.cursor) } : {}),
      },
    });
  return report;
};
