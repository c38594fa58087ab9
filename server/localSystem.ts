import path from 'node:path';
import { sqliteComplaintStore } from '../adapters/sqlite/complaintStore';
import { openDatabase, type Db } from '../adapters/sqlite/database';
import { sqliteOutboxStore } from '../adapters/sqlite/outboxStore';
import { sqliteSubscriptionStore } from '../adapters/sqlite/subscriptionStore';
import { complaintActions } from '../cloudfunctions/complaints/actions';
import { memberActions } from '../cloudfunctions/members/actions';
import type { Clock } from '../core/shared/ports';
import { knownTemplateIds } from './config';
import type { ActionTable } from './functionRuntime';
import { complaintDeps, systemClock } from './systemPorts';

export interface FunctionEntry {
  table: ActionTable<never>;
  deps: unknown;
}

/** Everything the local system runs on: one SQLite file, the same action tables the cloud functions serve. */
export const localSystem = (opts: { dataDir: string; clock?: Clock; dbFile?: string }) => {
  const db: Db = openDatabase(opts.dbFile ?? path.join(opts.dataDir, 'member-service.db'));
  const clock = opts.clock ?? systemClock;
  const complaints = complaintDeps(sqliteComplaintStore(db), clock);
  const subscriptions = { subscriptions: sqliteSubscriptionStore(db), clock, knownTemplateIds: knownTemplateIds() };
  const functions: Record<string, FunctionEntry> = {
    complaints: { table: complaintActions as ActionTable<never>, deps: complaints },
    members: { table: memberActions as ActionTable<never>, deps: subscriptions },
  };
  return { db, clock, complaints, subscriptions, outbox: sqliteOutboxStore(db), functions, dataDir: opts.dataDir };
};

export type LocalSystem = ReturnType<typeof localSystem>;
