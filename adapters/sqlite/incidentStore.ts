import type { AuditDraft } from '../../core/audit/chain';
import { incidentErrors } from '../../core/incidents/errors';
import type { Incident } from '../../core/incidents/model';
import type { DetectorState, IncidentQuery, IncidentStore } from '../../core/incidents/ports';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Db } from './database';
import { auditWriter, statementCache } from './storeParts';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

const row = (i: Incident) => ({
  id: i.id,
  kind: i.kind,
  status: i.status,
  occurred_at: i.occurredAt,
  occurred_month: i.occurredMonth,
  version: i.version,
  doc: JSON.stringify(i),
});

/** 信息安全事件 on the embedded store; each write commits with its audit entries. */
export const sqliteIncidentStore = (db: Db, appendAudit?: AppendAudit): IncidentStore => {
  const insert = db.prepare(`INSERT INTO incidents (id, kind, status, occurred_at, occurred_month, version, doc)
    VALUES (@id, @kind, @status, @occurred_at, @occurred_month, @version, @doc) ON CONFLICT (id) DO NOTHING`);
  const updateRow = db.prepare('UPDATE incidents SET status=@status, version=@version, doc=@doc WHERE id=@id AND version=@expected');
  const getById = db.prepare('SELECT doc FROM incidents WHERE id = ?');
  const readState = db.prepare(`SELECT version, doc FROM incident_detector WHERE id = 'state'`);
  const insertState = db.prepare(`INSERT INTO incident_detector (id, version, doc) VALUES ('state', ?, ?) ON CONFLICT (id) DO NOTHING`);
  const updateState = db.prepare(`UPDATE incident_detector SET version = ?, doc = ? WHERE id = 'state' AND version = ?`);
  const writeAudit = auditWriter(appendAudit);
  const create = db.transaction((incident: Incident, audit: readonly AuditDraft[]) => {
    if (insert.run(row(incident)).changes !== 1) return { incident: JSON.parse((getById.get(incident.id) as { doc: string }).doc) as Incident, created: false };
    writeAudit(audit, incident.updatedAt);
    return { incident, created: true };
  });
  const update = db.transaction((incident: Incident, expected: number, audit: readonly AuditDraft[]) => {
    if (updateRow.run({ ...row(incident), expected }).changes !== 1) throw incidentErrors.versionConflict(incident.id);
    writeAudit(audit, incident.updatedAt);
  });
  const listSql = (q: IncidentQuery, after: boolean) => {
    const where = [
      'occurred_at >= @fromAt AND occurred_at < @toAt',
      q.kind ? 'kind = @kind' : '',
      q.status ? 'status = @status' : '',
      after ? '(occurred_at, id) < (@afterAt, @afterId)' : '',
    ].filter(Boolean);
    return `SELECT doc FROM incidents WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT @limit`;
  };
  const prepared = statementCache(db);
  return {
    create: async (incident, audit) => create.immediate(incident, audit),
    get: async (id) => {
      const r = getById.get(id) as { doc: string } | undefined;
      return r ? (JSON.parse(r.doc) as Incident) : null;
    },
    update: async (incident, expected, audit) => {
      update.immediate(incident, expected, audit);
    },
    list: async (q, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = prepared(listSql(q, Boolean(after))).all({
        fromAt: q.fromAt,
        toAt: q.toAt,
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(after ? { afterAt: after[0], afterId: after[1] } : {}),
        limit: limit + 1,
      }) as { doc: string }[];
      const items = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as Incident);
      const last = items[items.length - 1];
      return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor([last.occurredAt, last.id]) } : {}) };
    },
    countByMonth: async (months) => {
      if (!months.length) return [];
      const sql = `SELECT occurred_month AS month, kind, COUNT(*) AS count FROM incidents WHERE occurred_month IN (${months.map(() => '?').join(', ')}) GROUP BY occurred_month, kind`;
      return prepared(sql).all([...months]) as { month: string; kind: string; count: number }[];
    },
    readDetector: async () => {
      const r = readState.get() as { version: number; doc: string } | undefined;
      return r ? { ...(JSON.parse(r.doc) as DetectorState), version: r.version } : { buckets: {}, version: 0 };
    },
    writeDetector: async (state, expected) =>
      expected === 0 ? insertState.run(state.version, JSON.stringify(state)).changes === 1 : updateState.run(state.version, JSON.stringify(state), expected).changes === 1,
  };
};
