/**
 * The admin API now lives in server/admin/ (router, area tables) so server/ never imports from here.
 * This type stays for server/localSystem.ts and server/demoStaff.ts until they import it from
 * server/admin/deps directly.
 */
export type { AdminDeps } from '../../server/admin/deps';
