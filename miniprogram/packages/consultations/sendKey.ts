import { newIdempotencyKey } from '../../utils/draft';

/** The key a send carries, remembered with what it carried until the server has answered it. */
export interface PendingSend {
  content: string;
  key: string;
}

/**
 * A retry of the same content (the reply was lost, the member taps again) reuses the key, so the server
 * answers with the first result instead of a second entry; other content gets a new key.
 */
export const keyFor = (pending: PendingSend | null, content: string): PendingSend =>
  pending && pending.content === content ? pending : { content, key: newIdempotencyKey() };
