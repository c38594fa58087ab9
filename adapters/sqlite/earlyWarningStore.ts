import type { AuditDraft } from '../../core/audit/chain';
import type { EarlyWarningAlert, WeekRun } from '../../core/earlyWarning/model';
import type { EarlyWarningStore } from '../../core/earlyWarning/ports';
import { commonErrors } from '../../core/shared/errors';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Db } from './database';
import { sqliteOutboxWriter } from './outboxStore';
import type { OutboxEntry } from '../../core/notifications/outbox';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

const row = (a: EarlyWarningAlert) => ({ id: a.id, key: a.key, week: a.week, kind: a.kind, status: a.status, version: a.version, doc: JSON.stringify(a) });

/** 风险预警 alerts and week runs on the embedded store (migration: early_warning_*). */
export const sqliteEarlyWarningStore = (db: Db, appendAudit?: AppendAudit): EarlyWarningStore => {
  const insertAlert = db.prepare('INSERT INTO early_warning_alerts (id, key, week, kind, status, version, doc) VALUES (@id, @key, @week, @kind, @status, @version, @doc) ON CONFLICT DO NOTHING');
  const putRun = db.prepare('INSERT INTO early_warning_runs (week, doc) VALUES (?, ?) ON CONFLICT(week) DO NOTHING');
  const getRun = db.prepare('SELECT doc FROM early_warning_runs WHERE week = ?');
  const runs = db.prepare('SELECT doc FROM early_warning_runs ORDER BY week DESC LIMIT ?');
  const getAlert = db.prepare('SELECT doc FROM early_warning_alerts WHERE id = ?');
  const weekFirst = db.prepare('SELECT doc FROM early_warning_alerts WHERE week = ? ORDER BY kind, id LIMIT ?');
  const weekAfter = db.prepare('SELECT doc FROM early_warning_alerts WHERE week = ? AND (kind, id) > (?, ?) ORDER BY kind, id LIMIT ?');
  const updateRow = db.prepare('UPDATE early_warning_alerts SET status=@status, version=@version, doc=@doc WHERE id=@id AND version=@expected');

  const writeOutbox = sqliteOutboxWriter(db);
  const openWeek = db.transaction((run: WeekRun, alerts: readonly EarlyWarningAlert[], outbox?: ReadonlyMap<string, readonly OutboxEntry[]>) => {
    let opened = 0;
    for (const a of alerts) {
      const inserted = insertAlert.run(row(a)).changes;
      if (inserted) writeOutbox(outbox?.get(a.id) ?? []);
      opened += inserted;
    }
    putRun.run(run.week, JSON.stringify(run));
    return { opened };
  });
  const update = db.transaction((input: Parameters<EarlyWarningStore['update']>[0]) => {
    if (updateRow.run({ ...row(input.alert), expected: input.expectedVersion }).changes !== 1) throw commonErrors.versionConflict('EARLY_WARNING', input.alert.id);
    if (input.audit.length && !appendAudit) throw new Error('audit entries given to a store built without an audit log');
    for (const d of input.audit) appendAudit!(d, new Date(input.alert.updatedAt));
  });
  const docs = (rows: unknown[]) => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as EarlyWarningAlert);

  return {
    weekRun: async (week) => {
      const r = getRun.get(week) as { doc: string } | undefined;
      return r ? (JSON.parse(r.doc) as WeekRun) : null;
    },
    openWeek: async (run, alerts, outbox) => openWeek.immediate(run, alerts, outbox),
    recentRuns: async (limit) => (runs.all(limit) as { doc: string }[]).map((r) => JSON.parse(r.doc) as WeekRun),
    listWeek: async (week, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const items = docs(after ? weekAfter.all(week, after[0], after[1], limit + 1) : weekFirst.all(week, limit + 1));
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page, ...(items.length > limit && last ? { nextCursor: encodeCursor([last.kind, last.id]) } : {}) };
    },
    get: async (id) => {
      const r = getAlert.get(id) as { doc: string } | undefined;
      return r ? (JSON.parse(r.doc) as EarlyWarningAlert) : null;
    },
    update: async (input) => {
      update.immediate(input);
    },
  };
};
