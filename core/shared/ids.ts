import { z } from 'zod';

/** Uploaded files are referenced by id, never sent inline: cloud:// in CloudBase, local:// on the gateway. */
export const fileId = z.string().max(300).regex(/^(cloud|local):\/\/[\w./@-]+$/);
/** Client-generated per form fill, so a retry on a flaky network never makes a second record. */
export const idempotencyKey = z.string().min(16).max(64).regex(/^[\w-]+$/);
/** Server-made record ids (ulid-like); anything else is refused before a store is asked. */
export const recordId = z.string().min(8).max(64).regex(/^[\w-]+$/);
