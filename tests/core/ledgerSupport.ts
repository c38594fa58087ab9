import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteLedgerStore } from '../../adapters/sqlite/ledgerStore';
import { sha256 } from '../../adapters/hash';
import { chinaCalendar } from '../../core/calendar/chinaCalendar';
import type { StaffLedgerDeps } from '../../core/ledger/deps';
import { fixedClock } from '../../core/shared/ports';
import type { StaffRole } from '../../core/shared/actors';
import type { StaffPrincipal, StaffUser } from '../../core/staff/model';
import { performStaffAction, type StaffAction } from '../../core/staff/actions';
import { sniffFile } from '../../core/shared/files';
import { auditEntries } from '../adapters/contractSupport';

/** Shanghai wall time → instant. */
export const sh = (local: string) => new Date(`${local}+08:00`);

const user = (id: string, role: StaffRole, displayName: string, team?: string): StaffUser => ({
  id,
  username: id,
  displayName,
  role,
  passwordHash: 'x',
  totpEnrolled: true,
  failedAttempts: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...(team ? { team } : {}),
});

export const STAFF = {
  qa: user('staff-qa01', 'inspector', '质检员甲'),
  manager: user('staff-manager01', 'manager', '经理乙'),
  agent: user('staff-agent01', 'agent', '坐席丙', '一组'),
  agent2: user('staff-agent02', 'agent', '坐席丁', '二组'),
  sup: user('staff-super01', 'supervisor', '主管戊', '一组'),
  comp: user('staff-comp01', 'compliance', '合规己'),
  partner: user('staff-partner01', 'partner', '合作机构'),
};
export const who = (u: StaffUser): StaffPrincipal => ({ id: u.id, role: u.role, name: u.displayName });

export const PDF = Buffer.from('%PDF-1.4\n% evidence\n').toString('base64');
export const HTML = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');

/** The ledger on an in-memory SQLite store with a real audit chain, an injected clock and an in-memory file store. */
export const ledgerWorld = (start = '2026-09-29T10:00:00') => {
  const clock = fixedClock(sh(start).toISOString());
  const db = openDatabase(':memory:');
  const audit = sqliteAuditLog(db, clock);
  const staff = Object.values(STAFF);
  const stored = new Map<string, { owner: string; bytes: Uint8Array; name?: string }>();
  let n = 0;
  const deps: StaffLedgerDeps = {
    store: sqliteLedgerStore(db, audit.appendSync),
    clock,
    ids: { newId: () => `id-${String(++n).padStart(6, '0')}` },
    calendar: chinaCalendar,
    staff: { getById: async (id) => staff.find((s) => s.id === id) ?? null, list: async () => staff },
    hash: sha256,
    files: {
      head: async (id) => {
        const f = stored.get(id);
        return f ? { owner: f.owner, size: f.bytes.length, firstBytes: f.bytes.subarray(0, 16) } : null;
      },
      remove: async (id) => {
        stored.delete(id);
      },
      link: async (id, viewer, exp) => `/files/${id}?v=${viewer}&exp=${exp.getTime()}`,
    },
    uploads: {
      put: async (owner, bytes, name) => {
        const id = `local://uploads/f${++n}.${sniffFile(bytes) ?? 'bin'}`;
        stored.set(id, { owner, bytes, ...(name ? { name } : {}) });
        return id;
      },
    },
    audit,
  };
  const admin = { ledger: deps };
  const call = <T = any>(action: StaffAction<any>, u: StaffUser, input: unknown): Promise<T> => performStaffAction(action, admin, who(u), input) as Promise<T>;
  return { deps, clock, db, stored, call, audits: () => auditEntries(audit), close: () => db.close() };
};

let k = 0;
export const key = () => `key-${String(++k).padStart(16, '0')}`;
