import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { PasswordHasher } from '../../core/staff/ports';

const scrypt = promisify(crypto.scrypt) as (p: string, s: Buffer, len: number, o: crypto.ScryptOptions) => Promise<Buffer>;

/** scrypt (memory-hard): N=2^15, r=8, p=1 — about 32 MB and tens of milliseconds per check. */
const PARAMS = { N: 32768, r: 8, p: 1 };
const KEY_LEN = 32;

export const scryptPasswords = (params = PARAMS): PasswordHasher => ({
  async hash(password) {
    const salt = crypto.randomBytes(16);
    const key = await scrypt(password, salt, KEY_LEN, { ...params, maxmem: 128 * params.N * params.r * 2 });
    return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  },
  async verify(password, encoded) {
    const [kind, n, r, p, salt, key] = encoded.split('$');
    if (kind !== 'scrypt' || !salt || !key) return false;
    const N = Number(n);
    const expected = Buffer.from(key, 'base64');
    const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length || KEY_LEN, {
      N,
      r: Number(r),
      p: Number(p),
      maxmem: 128 * N * Number(r) * 2,
    });
    return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
  },
});
