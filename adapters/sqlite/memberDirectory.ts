import type { HolderKey, MemberDirectory } from '../../core/members/directory';
import type { Member, Policy } from '../../core/members/model';
import type { Db } from './database';

/**
 * The holder's blind indexes live inside `doc`; migration 6 indexes these exact expressions, so each
 * lookup is an index seek (tests/adapters/memberDirectory.test.ts reads the query plan).
 */
export const HOLDER_INDEX_EXPRESSIONS = {
  phoneIndex: 'holder_phone_index',
  nameIndex: "json_extract(doc, '$.holder.name.index')",
  idNumberIndex: "json_extract(doc, '$.holder.idNumber.index')",
} as const;

/** The highest code point a policy number could continue with: `prefix <= no < prefix + MAX` is "starts with". */
const AFTER_PREFIX = '\u{10FFFF}';

const docs = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);

export const sqliteMemberDirectory = (db: Db): MemberDirectory => {
  const byPrefix = db.prepare('SELECT doc FROM policies WHERE policy_no >= ? AND policy_no < ? ORDER BY policy_no LIMIT ?');
  const byHolder = Object.fromEntries(
    Object.entries(HOLDER_INDEX_EXPRESSIONS).map(([key, expr]) => [key, db.prepare(`SELECT doc FROM policies WHERE ${expr} = ? ORDER BY policy_no LIMIT ?`)]),
  );
  // json_each keeps one prepared statement for any number of ids.
  const policiesIn = db.prepare('SELECT doc FROM policies WHERE policy_no IN (SELECT value FROM json_each(?)) ORDER BY policy_no');
  const membersIn = db.prepare('SELECT doc FROM members WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id');
  return {
    policiesByNumberPrefix: async (prefix, limit) => docs<Policy>(byPrefix.all(prefix, prefix + AFTER_PREFIX, limit)),
    policiesByHolder: async (key: HolderKey, limit) => {
      const [field, value] = Object.entries(key)[0] as [keyof typeof HOLDER_INDEX_EXPRESSIONS, string];
      return docs<Policy>(byHolder[field].all(value, limit));
    },
    policies: async (nos) => (nos.length ? docs<Policy>(policiesIn.all(JSON.stringify(nos))) : []),
    members: async (ids) => (ids.length ? docs<Member>(membersIn.all(JSON.stringify(ids))) : []),
  };
};
