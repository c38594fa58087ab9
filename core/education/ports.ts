import type { AuditDraft } from '../audit/chain';
import type { OutboxEntry } from '../notifications/outbox';
import type { Article, ArticleNotice, ArticleRead, Campaign } from './model';

/** Who was told of an article, with what became of the push (the outbox entry's status). */
export type NoticeWithDelivery = ArticleNotice & { nameMasked?: string; delivery?: OutboxEntry['status'] };

export interface NoticeCounts {
  told: number;
  pushed: number;
  noCredit: number;
  failed: number;
  pending: number;
}

/**
 * The education store. Marks say a bound member was active in a period bucket (periods.ts), and whether
 * they opened an article in it; both only ever go from absent to present, so a repeated call writes nothing.
 */
export interface EducationStore {
  getArticle(id: string): Promise<Article | null>;
  /** expectedVersion null: a new article (EDUCATION.DUPLICATE if the id exists); else version-checked. */
  putArticle(a: Article, expectedVersion: number | null, audit: AuditDraft): Promise<void>;
  /** Published articles, newest publication first, after the cursor (`<publishedAt>|<id>`). */
  publishedArticles(limit: number, cursor?: string): Promise<{ items: Article[]; nextCursor?: string }>;
  /** Every article (staff), last changed first. */
  allArticles(limit: number): Promise<Article[]>;
  articlesOfCampaign(campaignId: string): Promise<Article[]>;
  /** Articles whose announcement is still running (few at a time). */
  announcingArticles(limit: number): Promise<Article[]>;

  getCampaign(id: string): Promise<Campaign | null>;
  putCampaign(c: Campaign, expectedVersion: number | null, audit: AuditDraft): Promise<void>;
  listCampaigns(limit: number): Promise<Campaign[]>;

  /** The member's first open of the article; false (nothing written) when they opened it before. */
  recordRead(r: ArticleRead): Promise<boolean>;
  /** Distinct members who opened the article. */
  openCount(articleId: string): Promise<number>;

  /** Whether the member already holds the mark for this bucket (and has reached in it, if asked). */
  hasMark(memberId: string, period: string, reached: boolean): Promise<boolean>;
  /**
   * Marks the member active in each bucket (and reached, if `reached`), writing only what is missing,
   * in one transaction with the buckets' counts. Answers whether anything was written.
   */
  mark(memberId: string, periods: readonly string[], at: string, reached: boolean): Promise<boolean>;
  /** Bound members active in the bucket, and how many of them opened an article in it. */
  reachCounts(period: string): Promise<{ active: number; opened: number }>;

  /** Bound members by id after `after` (announcements page through them). */
  roster(after: string, limit: number): Promise<{ memberId: string; nameMasked: string }[]>;
  /** A page of members told, their notices and the article's progress, in one transaction (version-checked). */
  recordAnnouncement(a: Article, expectedVersion: number, notices: readonly ArticleNotice[], outbox: readonly OutboxEntry[]): Promise<void>;
  noticesOf(articleId: string, page: { after?: string; limit: number }): Promise<NoticeWithDelivery[]>;
  noticeCounts(articleId: string): Promise<NoticeCounts>;
}

/** Staff images: sniffed and size-checked by the core, then stored where members get short-lived links to them. */
export interface ImageStore {
  save(owner: string, bytes: Uint8Array, kind: 'jpg' | 'png' | 'webp'): Promise<string>;
}
