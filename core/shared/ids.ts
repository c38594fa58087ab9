import * as z from 'zod/mini';

/** Uploaded files are referenced by id, never sent inline: cloud:// in CloudBase, local:// on the gateway. */
export const fileId = z.string().check(z.maxLength(300), z.regex(/^(cloud|local):\/\/[\w./@-]+$/));
/** Client-generated per form fill, so a retry on a flaky network never makes a second record. */
export const idempotencyKey = z.string().check(z.minLength(16), z.maxLength(64), z.regex(/^[\w-]+$/));
/** Server-made record ids (ulid-like); anything else is refused before a store is asked. */
export const recordId = z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[\w-]+$/));
