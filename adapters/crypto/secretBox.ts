import crypto from 'node:crypto';
import type { TokenSource } from '../../core/staff/ports';
import type { KeyRingBox } from '../../core/shared/keyRing';
import { sha256 } from '../hash';

/**
 * AES-256-GCM for personal data and secrets at rest, under a key ring so the key can rotate.
 *
 * - Format: `v2:<keyId>:<base64 iv|tag|body>`. The key id says which key of the ring sealed the value;
 *   `seal` always uses the current key, `open` uses whichever key the value names. Values written
 *   before key ids existed are `v1:<base64>`: they were sealed with the single PII_KEY, which becomes
 *   the ring's `k1`; they are opened with `k1` (or, failing that, any key of the ring: GCM's tag
 *   tells a wrong key from the right one).
 * - Blind index: an HMAC under an index key derived from ONE designated key of the ring (`indexKeyId`,
 *   by default the first listed, `k1` for a deployment that started with a single PII_KEY) and it is
 *   NOT rotated with the sealing key. Equal phones must give equal indexes for search and binding to
 *   find records written before and after a rotation; re-indexing every record would need every reader
 *   to look under two indexes for the duration. So rotating PII_KEY_CURRENT never touches an index, and
 *   the index key's source stays in the ring (it seals nothing once the rekey job has run). A leaked
 *   index key is a separate incident (phone numbers are guessable by brute force): that needs a
 *   re-index job, which does not exist yet.
 */
const VERSION = 'v2';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

export interface KeyRing {
  /** Raw 32-byte keys by id. */
  keys: Record<string, Buffer>;
  /** The id new values are sealed with. */
  current: string;
  /** The id the blind-index key is derived from (never rotated). */
  indexKeyId: string;
}

const derive = (key: Buffer, label: string) => crypto.createHmac('sha256', key).update(label).digest();

export const keyRingBox = (ring: KeyRing): KeyRingBox => {
  const ids = Object.keys(ring.keys);
  if (!ids.length) throw new Error('secret box key ring is empty');
  for (const id of ids) {
    if (!KEY_ID.test(id)) throw new Error(`secret box key id "${id}" must be 1-16 letters, digits, _ or -`);
    if (ring.keys[id].length !== 32) throw new Error(`secret box key ${id} must be 32 bytes`);
  }
  if (!ring.keys[ring.current]) throw new Error(`secret box current key ${ring.current} is not in the ring (${ids.join(', ')})`);
  if (!ring.keys[ring.indexKeyId]) throw new Error(`secret box index key ${ring.indexKeyId} is not in the ring (${ids.join(', ')})`);
  const encKeys = new Map(ids.map((id) => [id, derive(ring.keys[id], 'enc')]));
  const idxKey = derive(ring.keys[ring.indexKeyId], 'index');

  const decrypt = (encKey: Buffer, raw: Buffer) => {
    const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  };
  const parse = (sealed: string): { keyId: string | undefined; raw: Buffer } => {
    if (sealed.startsWith(`${VERSION}:`)) {
      const rest = sealed.slice(VERSION.length + 1);
      const colon = rest.indexOf(':');
      if (colon < 0) throw new Error('sealed value is malformed');
      return { keyId: rest.slice(0, colon), raw: Buffer.from(rest.slice(colon + 1), 'base64') };
    }
    return { keyId: undefined, raw: Buffer.from(sealed.replace(/^v1:/, ''), 'base64') };
  };
  const box: KeyRingBox = {
    currentKeyId: ring.current,
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKeys.get(ring.current)!, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `${VERSION}:${ring.current}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const { keyId, raw } = parse(sealed);
      if (keyId !== undefined) {
        const key = encKeys.get(keyId);
        if (!key) throw new Error(`sealed value names key ${keyId}, which is not in the ring (${ids.join(', ')}): a retired key was removed too early`);
        return decrypt(key, raw);
      }
      // Legacy v1: sealed by the single PII_KEY (k1 by convention); try it first, then the rest.
      const order = [...(encKeys.has('k1') ? ['k1'] : []), ...ids.filter((id) => id !== 'k1')];
      for (const id of order) {
        try {
          return decrypt(encKeys.get(id)!, raw);
        } catch {
          // wrong key: GCM's tag does not verify
        }
      }
      throw new Error('sealed value (v1) opens under no key of the ring');
    },
    keyIdOf: (sealed) => parse(sealed).keyId ?? 'v1',
    reseal: (sealed) => (box.keyIdOf(sealed) === ring.current ? sealed : box.seal(box.open(sealed))),
    blindIndex: (plain) => crypto.createHmac('sha256', idxKey).update(plain).digest('hex'),
  };
  return box;
};

/** A one-key ring (`k1`): the local data/pii.key, and a deployment that has only PII_KEY. Indexes are unchanged from before key ids. */
export const aesGcmBox = (masterKey: Buffer): KeyRingBox => keyRingBox({ keys: { k1: masterKey }, current: 'k1', indexKeyId: 'k1' });

/**
 * The ring from the environment: `PII_KEYS` = `k1:<base64>,k2:<base64>` (every key still needed to
 * open data), `PII_KEY_CURRENT` = the id to seal with (default: the last listed), `PII_INDEX_KEY_ID` =
 * the id the blind index comes from (default: the first listed). Without PII_KEYS, a single `PII_KEY`
 * is the ring `k1`. Throws an English message naming the setting that is wrong.
 */
export const keyRingFromEnv = (env: Record<string, string | undefined>): KeyRing => {
  const list = env.PII_KEYS?.trim();
  if (!list) {
    const single = env.PII_KEY?.trim();
    if (!single) throw new Error('PII_KEYS (or the older single PII_KEY) is not set: generate a key with `openssl rand -base64 32` and set PII_KEYS=k1:<that value>');
    const key = Buffer.from(single, 'base64');
    if (key.length !== 32) throw new Error('PII_KEY must be the base64 of 32 bytes (openssl rand -base64 32)');
    if (env.PII_KEY_CURRENT && env.PII_KEY_CURRENT !== 'k1') throw new Error(`PII_KEY_CURRENT is ${env.PII_KEY_CURRENT} but only PII_KEY (k1) is set: list every key in PII_KEYS`);
    return { keys: { k1: key }, current: 'k1', indexKeyId: 'k1' };
  }
  const keys: Record<string, Buffer> = {};
  const order: string[] = [];
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = item.indexOf(':');
    const id = colon > 0 ? item.slice(0, colon) : '';
    if (!KEY_ID.test(id)) throw new Error('PII_KEYS must be a comma-separated list of <id>:<base64 key>, e.g. k1:AAAA…=,k2:BBBB…=');
    if (keys[id]) throw new Error(`PII_KEYS lists key ${id} twice`);
    const key = Buffer.from(item.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new Error(`PII_KEYS key ${id} must be the base64 of 32 bytes (openssl rand -base64 32)`);
    if (env.PII_KEY && Buffer.from(env.PII_KEY, 'base64').equals(key) && id !== 'k1')
      throw new Error(`PII_KEYS lists the old PII_KEY as ${id}: it must be k1, the id values sealed before key ids are read under`);
    keys[id] = key;
    order.push(id);
  }
  if (!order.length) throw new Error('PII_KEYS is empty');
  const current = env.PII_KEY_CURRENT?.trim() || order[order.length - 1];
  if (!keys[current]) throw new Error(`PII_KEY_CURRENT is ${current}, which PII_KEYS does not list (${order.join(', ')})`);
  const indexKeyId = env.PII_INDEX_KEY_ID?.trim() || order[0];
  if (!keys[indexKeyId]) throw new Error(`PII_INDEX_KEY_ID is ${indexKeyId}, which PII_KEYS does not list (${order.join(', ')}): the blind-index key must stay in the ring`);
  return { keys, current, indexKeyId };
};

export const randomTokens: TokenSource = {
  newToken: () => crypto.randomBytes(32).toString('base64url'),
  sha256,
};
