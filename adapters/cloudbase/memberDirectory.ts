import type { HolderKey, MemberDirectory } from '../../core/members/directory';
import type { Member, Policy } from '../../core/members/model';
import type { CbDatabase } from './database';

/**
 * Staff lookups on the `policies` and `members` collections. It reads documents as the CloudBase
 * member and policy stores write them: `_id` is the policy number (the member's openid), every other
 * field of the record as it is. The holder lookups are served by the indexes declared in collections.ts.
 */
export const HOLDER_INDEX_FIELDS = {
  phoneIndex: 'holder.phone.index',
  nameIndex: 'holder.name.index',
  idNumberIndex: 'holder.idNumber.index',
} as const;

/** `_.in` takes at most this many values per query in CloudBase. */
const IN_CHUNK = 100;

const toPolicy = (d: Record<string, unknown>): Policy => {
  const { _id, ...rest } = d;
  return { ...(rest as unknown as Policy), policyNo: String(rest.policyNo ?? _id) };
};
const toMember = (d: Record<string, unknown>): Member => {
  const { _id, ...rest } = d;
  return { ...(rest as unknown as Member), id: String(_id) };
};

const POLICIES = 'policies';
const MEMBERS = 'members';

const chunks = <T>(xs: T[]): T[][] => Array.from({ length: Math.ceil(xs.length / IN_CHUNK) }, (_, i) => xs.slice(i * IN_CHUNK, (i + 1) * IN_CHUNK));

export const cloudbaseMemberDirectory = (db: CbDatabase): MemberDirectory => {
  const _ = db.command;
  const byIds = async <T>(read: (ids: string[]) => Promise<{ data: Record<string, unknown>[] }>, ids: string[], to: (d: Record<string, unknown>) => T): Promise<T[]> => {
    const out: T[] = [];
    for (const part of chunks([...new Set(ids)])) out.push(...(await read(part)).data.map(to));
    return out;
  };
  const inIds = (ids: string[]) => ({ _id: _.in(ids) });
  return {
    // Ordered from the prefix on, every number that starts with it comes first: one range read, no regex scan.
    policiesByNumberPrefix: async (prefix, limit) => {
      const res = await db.collection(POLICIES).where({ _id: _.gte(prefix) }).orderBy('_id', 'asc').limit(limit).get();
      return res.data.map(toPolicy).filter((p) => p.policyNo.startsWith(prefix));
    },
    policiesByHolder: async (key: HolderKey, limit) => {
      const [field, value] = Object.entries(key)[0] as [keyof typeof HOLDER_INDEX_FIELDS, string];
      const res = await db.collection(POLICIES).where({ [HOLDER_INDEX_FIELDS[field]]: value }).orderBy('_id', 'asc').limit(limit).get();
      return res.data.map(toPolicy);
    },
    policies: (nos) => byIds((part) => db.collection(POLICIES).where(inIds(part)).orderBy('_id', 'asc').limit(IN_CHUNK).get(), nos, toPolicy),
    members: (ids) => byIds((part) => db.collection(MEMBERS).where(inIds(part)).orderBy('_id', 'asc').limit(IN_CHUNK).get(), ids, toMember),
  };
};
