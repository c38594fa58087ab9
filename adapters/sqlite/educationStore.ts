import type { AuditDraft } from '../../core/audit/chain';
import { educationErrors } from '../../core/education/errors';
import type { Article, ArticleNotice, Campaign } from '../../core/education/model';
import type { EducationStore, NoticeCounts, NoticeWithDelivery } from '../../core/education/ports';
import type { Member } from '../../core/members/model';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { commonErrors } from '../../core/shared/errors';
import type { Db } from './database';
import { sqliteOutboxWriter } from './outboxStore';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;
const docs = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
const one = <T>(row: unknown): T | null => (row ? (JSON.parse((row as { doc: string }).doc) as T) : null);
const conflict = (id: string) => commonErrors.versionConflict('EDUCATION', id);

/**
 * 权益宣传 on the embedded store. Reach is two COUNTs over one period's marks (the primary key's range),
 * never a scan of members; a first open and a mark are INSERT OR IGNORE, so repeats write nothing.
 */
export const sqliteEducationStore = (db: Db, appendAudit: AppendAudit): EducationStore => {
  const writeOutbox = sqliteOutboxWriter(db);
  const q = {
    article: db.prepare('SELECT doc FROM education_articles WHERE id = ?'),
    insertArticle: db.prepare(
      'INSERT INTO education_articles (id, status, published_at, campaign_id, announcing, updated_at, version, doc) VALUES (@id, @status, @publishedAt, @campaignId, @announcing, @updatedAt, @version, @doc)',
    ),
    updateArticle: db.prepare(
      'UPDATE education_articles SET status = @status, published_at = @publishedAt, campaign_id = @campaignId, announcing = @announcing, updated_at = @updatedAt, version = @version, doc = @doc WHERE id = @id AND version = @expected',
    ),
    published: db.prepare("SELECT doc FROM education_articles WHERE status = 'published' AND (published_at < @at OR (published_at = @at AND id < @id)) ORDER BY published_at DESC, id DESC LIMIT @limit"),
    all: db.prepare('SELECT doc FROM education_articles ORDER BY updated_at DESC, id DESC LIMIT ?'),
    ofCampaign: db.prepare('SELECT doc FROM education_articles WHERE campaign_id = ? ORDER BY updated_at'),
    announcing: db.prepare('SELECT doc FROM education_articles WHERE announcing = 1 ORDER BY updated_at LIMIT ?'),
    campaign: db.prepare('SELECT doc FROM education_campaigns WHERE id = ?'),
    insertCampaign: db.prepare('INSERT INTO education_campaigns (id, start_date, version, doc) VALUES (?, ?, ?, ?)'),
    updateCampaign: db.prepare('UPDATE education_campaigns SET start_date = ?, version = ?, doc = ? WHERE id = ? AND version = ?'),
    campaigns: db.prepare('SELECT doc FROM education_campaigns ORDER BY start_date DESC, id LIMIT ?'),
    insertRead: db.prepare('INSERT OR IGNORE INTO education_reads (article_id, member_id, first_opened_at, bound) VALUES (?, ?, ?, ?)'),
    opens: db.prepare('SELECT COUNT(*) AS n FROM education_reads WHERE article_id = ?'),
    mark: db.prepare('SELECT reached_at FROM education_marks WHERE period = ? AND member_id = ?'),
    insertMark: db.prepare('INSERT OR IGNORE INTO education_marks (period, member_id, marked_at, reached_at) VALUES (?, ?, ?, ?)'),
    reach: db.prepare('UPDATE education_marks SET reached_at = ? WHERE period = ? AND member_id = ? AND reached_at IS NULL'),
    counts: db.prepare('SELECT COUNT(*) AS active, COUNT(reached_at) AS opened FROM education_marks WHERE period = ?'),
    roster: db.prepare("SELECT id, doc FROM members WHERE kind = 'bound' AND id > ? ORDER BY id LIMIT ?"),
    insertNotice: db.prepare('INSERT OR IGNORE INTO education_notices (article_id, member_id, at, outbox_id) VALUES (?, ?, ?, ?)'),
    notices: db.prepare(
      'SELECT n.article_id, n.member_id, n.at, n.outbox_id, o.status AS delivery, m.doc AS member FROM education_notices n LEFT JOIN outbox o ON o.id = n.outbox_id LEFT JOIN members m ON m.id = n.member_id WHERE n.article_id = ? AND n.member_id > ? ORDER BY n.member_id LIMIT ?',
    ),
    noticeCounts: db.prepare('SELECT o.status AS status, COUNT(*) AS n FROM education_notices n LEFT JOIN outbox o ON o.id = n.outbox_id WHERE n.article_id = ? GROUP BY o.status'),
  };

  const articleRow = (a: Article) => ({
    id: a.id,
    status: a.status,
    publishedAt: a.publishedAt ?? null,
    campaignId: a.campaignId ?? null,
    announcing: a.status === 'published' && a.announce?.state === 'running' ? 1 : 0,
    updatedAt: a.updatedAt,
    version: a.version,
    doc: JSON.stringify(a),
  });

  const putArticle = db.transaction((a: Article, expected: number | null, audit: AuditDraft) => {
    if (expected === null) {
      if (q.article.get(a.id)) throw educationErrors.duplicate();
      q.insertArticle.run(articleRow(a));
    } else if (q.updateArticle.run({ ...articleRow(a), expected }).changes === 0) throw conflict(a.id);
    appendAudit(audit, new Date(a.updatedAt));
  });
  const putCampaign = db.transaction((c: Campaign, expected: number | null, audit: AuditDraft) => {
    if (expected === null) {
      if (q.campaign.get(c.id)) throw educationErrors.duplicate();
      q.insertCampaign.run(c.id, c.startDate, c.version, JSON.stringify(c));
    } else if (q.updateCampaign.run(c.startDate, c.version, JSON.stringify(c), c.id, expected).changes === 0) throw conflict(c.id);
    appendAudit(audit, new Date(c.updatedAt));
  });
  const mark = db.transaction((memberId: string, periods: readonly string[], at: string, reached: boolean) => {
    let wrote = false;
    for (const p of periods) {
      wrote = q.insertMark.run(p, memberId, at, reached ? at : null).changes > 0 || wrote;
      if (reached) wrote = q.reach.run(at, p, memberId).changes > 0 || wrote;
    }
    return wrote;
  });
  const announce = db.transaction((a: Article, expected: number, notices: readonly ArticleNotice[], outbox: readonly OutboxEntry[]) => {
    if (q.updateArticle.run({ ...articleRow(a), expected }).changes === 0) throw conflict(a.id);
    for (const n of notices) q.insertNotice.run(n.articleId, n.memberId, n.at, n.outboxId);
    writeOutbox(outbox);
  });

  return {
    getArticle: async (id) => one<Article>(q.article.get(id)),
    putArticle: async (a, expected, audit) => void putArticle.immediate(a, expected, audit),
    publishedArticles: async (limit, cursor) => {
      const [at, id] = cursor ? cursor.split('|') : ['9999', ''];
      const items = docs<Article>(q.published.all({ at, id: id ?? '', limit: limit + 1 }));
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page, ...(items.length > limit && last ? { nextCursor: `${last.publishedAt}|${last.id}` } : {}) };
    },
    allArticles: async (limit) => docs<Article>(q.all.all(limit)),
    articlesOfCampaign: async (campaignId) => docs<Article>(q.ofCampaign.all(campaignId)),
    announcingArticles: async (limit) => docs<Article>(q.announcing.all(limit)),
    getCampaign: async (id) => one<Campaign>(q.campaign.get(id)),
    putCampaign: async (c, expected, audit) => void putCampaign.immediate(c, expected, audit),
    listCampaigns: async (limit) => docs<Campaign>(q.campaigns.all(limit)),
    recordRead: async (r) => q.insertRead.run(r.articleId, r.memberId, r.firstOpenedAt, r.bound ? 1 : 0).changes > 0,
    openCount: async (articleId) => (q.opens.get(articleId) as { n: number }).n,
    hasMark: async (memberId, period, reached) => {
      const row = q.mark.get(period, memberId) as { reached_at: string | null } | undefined;
      return Boolean(row && (!reached || row.reached_at));
    },
    mark: async (memberId, periods, at, reached) => mark.immediate(memberId, periods, at, reached),
    reachCounts: async (period) => {
      const r = q.counts.get(period) as { active: number; opened: number };
      return { active: r.active, opened: r.opened };
    },
    roster: async (after, limit) =>
      (q.roster.all(after, limit) as { id: string; doc: string }[]).map((r) => ({ memberId: r.id, nameMasked: (JSON.parse(r.doc) as Member).name?.masked ?? '会员' })),
    recordAnnouncement: async (a, expected, notices, outbox) => void announce.immediate(a, expected, notices, outbox),
    noticesOf: async (articleId, { after, limit }) =>
      (q.notices.all(articleId, after ?? '', limit) as { article_id: string; member_id: string; at: string; outbox_id: string; delivery: OutboxEntry['status'] | null; member: string | null }[]).map(
        (r): NoticeWithDelivery => ({
          articleId: r.article_id,
          memberId: r.member_id,
          at: r.at,
          outboxId: r.outbox_id,
          nameMasked: (r.member && (JSON.parse(r.member) as Member).name?.masked) || '会员',
          ...(r.delivery ? { delivery: r.delivery } : {}),
        }),
      ),
    noticeCounts: async (articleId) => countsFrom(q.noticeCounts.all(articleId) as { status: string | null; n: number }[]),
  };
};

/** Notices by what became of their push: sent, skipped for want of a credit, failed, or not yet tried. */
export const countsFrom = (rows: { status: string | null; n: number }[]): NoticeCounts => {
  const c: NoticeCounts = { told: 0, pushed: 0, noCredit: 0, failed: 0, pending: 0 };
  for (const r of rows) {
    c.told += r.n;
    if (r.status === 'sent') c.pushed += r.n;
    else if (r.status === 'skipped') c.noCredit += r.n;
    else if (r.status === 'failed') c.failed += r.n;
    else c.pending += r.n;
  }
  return c;
};
