import type { AuditDraft } from '../../core/audit/chain';
import { educationErrors } from '../../core/education/errors';
import type { Article, ArticleNotice, Campaign } from '../../core/education/model';
import type { EducationStore, NoticeCounts, NoticeWithDelivery } from '../../core/education/ports';
import type { Member } from '../../core/members/model';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { commonErrors } from '../../core/shared/errors';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { OUTBOX, writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

/*
 * Document shapes (indexes in collections.ts):
 *  - education_articles/<id>: the article, plus `announcing` for the timer's index;
 *  - education_campaigns/<id>;
 *  - education_reads/<articleId>_<memberId>: the first open (a repeat finds it and writes nothing);
 *  - education_marks/<period>_<memberId>: active in the bucket, `reachedAt` once they opened an article;
 *  - education_counters/<key>_<shard>: counts kept with the marks and reads in the same transaction,
 *    spread over SHARDS documents by member so the first loads of a month do not all write one document
 *    (there is no count query in the SDK slice we use); a figure sums ≤ SHARDS documents;
 *  - education_notices/<articleId>_<memberId>: who was told of an article, with the outbox entry's id.
 */
const C = {
  articles: 'education_articles',
  campaigns: 'education_campaigns',
  reads: 'education_reads',
  marks: 'education_marks',
  counters: 'education_counters',
  notices: 'education_notices',
  members: 'members',
} as const;
const SHARDS = 8;

type Doc = Record<string, unknown>;
const dataOf = (res: { data: unknown }): Doc | null =>
  Array.isArray(res.data) ? ((res.data[0] as Doc | undefined) ?? null) : ((res.data as Doc | null) ?? null);
const strip = <T>(d: Doc | null): T | null => {
  if (!d) return null;
  const { _id, announcing: _a, ...rest } = d;
  return rest as T;
};
const conflict = (id: string) => commonErrors.versionConflict('EDUCATION', id);
const shardOf = (memberId: string) => [...memberId].reduce((s, ch) => (s * 31 + ch.charCodeAt(0)) >>> 0, 7) % SHARDS;
const articleDoc = (a: Article) => toDocument({ ...a, announcing: a.status === 'published' && a.announce?.state === 'running' });

export const cloudbaseEducationStore = (db: CbDatabase): EducationStore => {
  const _ = db.command;
  const list = async <T>(collection: string, where: unknown, order: [string, 'asc' | 'desc'][], limit: number): Promise<T[]> => {
    let query = db.collection(collection).where(where);
    for (const [f, dir] of order) query = query.orderBy(f, dir);
    return (await query.limit(limit).get()).data.map((d) => strip<T>(d)!);
  };
  const get = async <T>(collection: string, id: string): Promise<T | null> => strip<T>(dataOf(await db.collection(collection).doc(id).get()));
  const versioned = async (tx: CbTransaction, collection: string, id: string, expected: number | null, doc: Doc) => {
    const current = dataOf(await tx.collection(collection).doc(id).get()) as { version?: number } | null;
    if (expected === null ? current : current?.version !== expected) throw expected === null ? educationErrors.duplicate() : conflict(id);
    await tx.collection(collection).doc(id).set(doc);
  };
  /** Adds to one counter shard inside the transaction. */
  const bump = async (tx: CbTransaction, key: string, memberId: string, add: { active?: number; opened?: number; opens?: number }) => {
    const shard = shardOf(memberId);
    const ref = tx.collection(C.counters).doc(`${key}_${shard}`);
    const cur = (dataOf(await ref.get()) ?? {}) as { active?: number; opened?: number; opens?: number };
    await ref.set({ key, shard, active: (cur.active ?? 0) + (add.active ?? 0), opened: (cur.opened ?? 0) + (add.opened ?? 0), opens: (cur.opens ?? 0) + (add.opens ?? 0) });
  };
  const sum = async (key: string) => {
    const rows = (await db.collection(C.counters).where({ key }).limit(SHARDS * 2).get()).data as { active?: number; opened?: number; opens?: number }[];
    return rows.reduce((s: { active: number; opened: number; opens: number }, r) => ({ active: s.active + (r.active ?? 0), opened: s.opened + (r.opened ?? 0), opens: s.opens + (r.opens ?? 0) }), { active: 0, opened: 0, opens: 0 });
  };
  const deliveries = async (ids: string[]) => {
    const out = new Map<string, OutboxEntry['status']>();
    for (let i = 0; i < ids.length; i += 100)
      for (const d of (await db.collection(OUTBOX).where({ _id: _.in(ids.slice(i, i + 100)) }).limit(100).get()).data) out.set(String(d._id), d.status as OutboxEntry['status']);
    return out;
  };

  return {
    getArticle: (id) => get<Article>(C.articles, id),
    putArticle: (a, expected, audit: AuditDraft) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.articles, a.id, expected, articleDoc(a));
        await appendAuditInTx(tx, audit, new Date(a.updatedAt));
      }),
    publishedArticles: async (limit, cursor) => {
      const [at, id] = cursor ? cursor.split('|') : [undefined, undefined];
      // publishedAt ≤ the cursor's, then the ties already shown are dropped (a tie is rare: publication instants).
      const rows = await list<Article>(C.articles, { status: 'published', ...(at ? { publishedAt: _.lte(at) } : {}) }, [['publishedAt', 'desc'], ['_id', 'desc']], limit + 21);
      const items = rows.filter((a) => !at || a.publishedAt! < at || a.id < (id ?? ''));
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page, ...(items.length > limit && last ? { nextCursor: `${last.publishedAt}|${last.id}` } : {}) };
    },
    allArticles: (limit) => list<Article>(C.articles, { _id: _.gt('') }, [['updatedAt', 'desc'], ['_id', 'desc']], limit),
    articlesOfCampaign: (campaignId) => list<Article>(C.articles, { campaignId }, [['updatedAt', 'asc']], 200),
    announcingArticles: (limit) => list<Article>(C.articles, { announcing: true }, [['updatedAt', 'asc']], limit),

    getCampaign: (id) => get<Campaign>(C.campaigns, id),
    putCampaign: (c, expected, audit) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.campaigns, c.id, expected, toDocument(c));
        await appendAuditInTx(tx, audit, new Date(c.updatedAt));
      }),
    listCampaigns: (limit) => list<Campaign>(C.campaigns, { _id: _.gt('') }, [['startDate', 'desc'], ['_id', 'asc']], limit),

    recordRead: async (r) => {
      const id = `${r.articleId}_${r.memberId}`;
      if (dataOf(await db.collection(C.reads).doc(id).get())) return false;
      return inTransaction(db, async (tx) => {
        if (dataOf(await tx.collection(C.reads).doc(id).get())) return false;
        await tx.collection(C.reads).doc(id).set(toDocument(r));
        await bump(tx, `article:${r.articleId}`, r.memberId, { opens: 1 });
        return true;
      });
    },
    openCount: async (articleId) => (await sum(`article:${articleId}`)).opens,

    hasMark: async (memberId, period, reached) => {
      const m = dataOf(await db.collection(C.marks).doc(`${period}_${memberId}`).get());
      return Boolean(m && (!reached || m.reachedAt));
    },
    mark: (memberId, periods, at, reached) =>
      inTransaction(db, async (tx) => {
        let wrote = false;
        for (const p of periods) {
          const ref = tx.collection(C.marks).doc(`${p}_${memberId}`);
          const m = dataOf(await ref.get()) as { reachedAt?: string } | null;
          if (m && (!reached || m.reachedAt)) continue;
          await ref.set({ period: p, memberId, markedAt: (m as { markedAt?: string } | null)?.markedAt ?? at, ...(reached ? { reachedAt: at } : {}) });
          await bump(tx, `reach:${p}`, memberId, { active: m ? 0 : 1, opened: reached ? 1 : 0 });
          wrote = true;
        }
        return wrote;
      }),
    reachCounts: async (period) => {
      const s = await sum(`reach:${period}`);
      return { active: s.active, opened: s.opened };
    },

    // Members page by _id (always indexed); visitors are skipped here rather than by a second index.
    roster: async (after, limit) => {
      const out: { memberId: string; nameMasked: string }[] = [];
      let cursor = after;
      for (;;) {
        const page = (await db.collection(C.members).where({ _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(limit).get()).data;
        for (const d of page) {
          const m = d as unknown as Member & { _id: string };
          if (m.kind === 'bound') out.push({ memberId: m._id, nameMasked: m.name?.masked ?? '会员' });
          if (out.length >= limit) return out;
        }
        if (page.length < limit) return out;
        cursor = String(page[page.length - 1]._id);
      }
    },
    recordAnnouncement: (a, expected, notices: readonly ArticleNotice[], outbox) =>
      inTransaction(db, async (tx) => {
        await versioned(tx, C.articles, a.id, expected, articleDoc(a));
        for (const n of notices) await tx.collection(C.notices).doc(`${n.articleId}_${n.memberId}`).set(toDocument(n));
        await writeOutboxInTx(tx, outbox);
      }),
    noticesOf: async (articleId, { after, limit }) => {
      const notices = await list<ArticleNotice>(C.notices, { articleId, ...(after ? { memberId: _.gt(after) } : {}) }, [['memberId', 'asc']], limit);
      const delivery = await deliveries(notices.map((n) => n.outboxId));
      const names = new Map<string, string>();
      for (let i = 0; i < notices.length; i += 100)
        for (const d of (await db.collection(C.members).where({ _id: _.in(notices.slice(i, i + 100).map((n) => n.memberId)) }).limit(100).get()).data)
          names.set(String(d._id), (d as unknown as Member).name?.masked ?? '会员');
      return notices.map((n): NoticeWithDelivery => ({ ...n, nameMasked: names.get(n.memberId) ?? '会员', ...(delivery.has(n.outboxId) ? { delivery: delivery.get(n.outboxId) } : {}) }));
    },
    // The admin page's counts: the article's notices a thousand at a time (staff path only, never a member's).
    noticeCounts: async (articleId) => {
      const c: NoticeCounts = { told: 0, pushed: 0, noCredit: 0, failed: 0, pending: 0 };
      let after = '';
      for (let round = 0; round < 50; round += 1) {
        const page = await list<ArticleNotice>(C.notices, { articleId, memberId: _.gt(after) }, [['memberId', 'asc']], 1000);
        const delivery = await deliveries(page.map((n) => n.outboxId));
        for (const n of page) {
          const s = delivery.get(n.outboxId);
          c.told += 1;
          if (s === 'sent') c.pushed += 1;
          else if (s === 'skipped') c.noCredit += 1;
          else if (s === 'failed') c.failed += 1;
          else c.pending += 1;
        }
        if (page.length < 1000) break;
        after = page[page.length - 1].memberId;
      }
      return c;
    },
  };
};
