import type { SecretBox } from '../staff/ports';

/**
 * A SecretBox whose sealed values name the key that sealed them (adapters/crypto/secretBox.ts), so
 * the key can rotate: new values are sealed with the current key, every key of the ring still opens,
 * and the rekey job (core/members/rekey.ts) moves old values to the current key. Blind indexes do not
 * change with rotation.
 */
export interface KeyRingBox extends SecretBox {
  /** The id new values are sealed with. */
  readonly currentKeyId: string;
  /** The id a sealed value names (`v1` for a value sealed before key ids). */
  keyIdOf(sealed: string): string;
  /** The same plain text sealed with the current key; the value itself when it already is. */
  reseal(sealed: string): string;
}
