/** 权益宣传: articles members read in the mini-program, grouped into campaigns (宣传活动) for the 宣传档案. */

/** An article body is plain paragraphs and images, in order: no markup reaches the mini-program. */
export type ArticleBlock = { kind: 'text'; text: string } | { kind: 'image'; fileId: string; caption?: string };

export type ArticleStatus = 'draft' | 'published' | 'withdrawn';

export const ARTICLE_STATUSES: Record<ArticleStatus, string> = { draft: '草稿', published: '已发布', withdrawn: '已撤回' };

/** Telling every bound member of a published article, a page of members per timer tick (resumable). */
export interface ArticleAnnouncement {
  state: 'running' | 'done';
  /** The last member id told: the next page starts after it. */
  after: string;
  told: number;
  startedAt: string;
  startedBy: string;
  finishedAt?: string;
}

export interface Article {
  id: string;
  title: string;
  summary: string;
  blocks: ArticleBlock[];
  coverFileId?: string;
  campaignId?: string;
  status: ArticleStatus;
  publishedAt?: string;
  withdrawnAt?: string;
  announce?: ArticleAnnouncement;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Campaign {
  id: string;
  name: string;
  theme: string;
  /** Local dates (Asia/Shanghai), inclusive. */
  startDate: string;
  endDate: string;
  channelNotes: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A member opened an article: one row per member per article, kept at the first open. */
export interface ArticleRead {
  articleId: string;
  memberId: string;
  firstOpenedAt: string;
  /** Bound at that moment (only bound members count for reach). */
  bound: boolean;
}

/** A member told of an article in the message centre; the outbox entry says whether a push went too. */
export interface ArticleNotice {
  articleId: string;
  memberId: string;
  at: string;
  outboxId: string;
}

/** Every file an article shows: the cover and its images. */
export const filesOfArticle = (a: Pick<Article, 'coverFileId' | 'blocks'>): string[] => [
  ...(a.coverFileId ? [a.coverFileId] : []),
  ...a.blocks.flatMap((b) => (b.kind === 'image' ? [b.fileId] : [])),
];
