import * as z from 'zod/mini';
import { fileLink } from '../shared/files';
import { recordId } from '../shared/ids';
import { parseInput } from '../shared/validation';
import type { EducationDeps } from './deps';
import { educationErrors } from './errors';
import type { Article } from './model';
import { periodsOf } from './periods';

const listSchema = z.strictObject({
  limit: z._default(z.int().check(z.gte(1), z.lte(20)), 10),
  cursor: z.optional(z.string().check(z.maxLength(120), z.regex(/^[\w:.|-]+$/))),
});
const readSchema = z.strictObject({ id: recordId });
const LABELS = { limit: '每页条数', cursor: '分页位置', id: '文章' };

/** Members (bound or not) read published articles; images come as links bound to the member, ≤ 5 minutes. */
const link = async (deps: EducationDeps, fileId: string, memberId: string) => (await fileLink(deps.files, fileId, `member:${memberId}`, deps.clock.now())).url;

const card = async (deps: EducationDeps, a: Article, memberId: string) => ({
  id: a.id,
  title: a.title,
  summary: a.summary,
  publishedAt: a.publishedAt ?? a.updatedAt,
  ...(a.coverFileId ? { coverUrl: await link(deps, a.coverFileId, memberId) } : {}),
});

/** 权益宣传 list (and the home's latest few): newest first. */
export const listArticles = async (deps: EducationDeps, memberId: string, raw: unknown) => {
  const { limit, cursor } = parseInput(listSchema, raw ?? {}, LABELS);
  const page = await deps.education.publishedArticles(limit, cursor);
  return { items: await Promise.all(page.items.map((a) => card(deps, a, memberId))), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
};

/**
 * One article, and the read recorded: the member's first open is kept (a second open writes nothing), and a
 * bound member is marked as reached (and active) this month, quarter and year unless already marked.
 */
export const readArticle = async (deps: EducationDeps, memberId: string, raw: unknown) => {
  const { id } = parseInput(readSchema, raw, LABELS);
  const a = await deps.education.getArticle(id);
  if (!a || a.status !== 'published') throw educationErrors.notFound(id);
  const now = deps.clock.now();
  const bound = await deps.isBound(memberId);
  await deps.education.recordRead({ articleId: a.id, memberId, firstOpenedAt: now.toISOString(), bound });
  if (bound) {
    const periods = periodsOf(now);
    if (!(await deps.education.hasMark(memberId, periods[0], true))) await deps.education.mark(memberId, periods, now.toISOString(), true);
  }
  const blocks = await Promise.all(
    a.blocks.map(async (b) => (b.kind === 'text' ? { kind: 'text' as const, text: b.text } : { kind: 'image' as const, url: await link(deps, b.fileId, memberId), caption: b.caption ?? '' })),
  );
  return { ...(await card(deps, a, memberId)), blocks };
};
