import type { DeadlineWatch } from '../deadlines/watch';
import { outboxFromEvents } from '../notifications/outbox';
import { isDomainError } from '../shared/errors';
import type { EducationDeps } from './deps';
import { EDUCATION_RULES } from './deps';
import type { Article, ArticleNotice } from './model';
import { EDUCATION_AREA } from './notifications';

/** The timer needs no files or member reads: only the store and fresh ids. */
export type AnnounceDeps = Pick<EducationDeps, 'education' | 'ids'>;

/**
 * One step of an article's announcement: the next page of bound members gets a message-centre notice
 * (an outbox entry with a fixed id, filed before any push), pushed by the dispatcher only where the member
 * holds a credit for the article template. The page, the notices and the progress are one write,
 * version-checked on the article, so a step repeated after a crash or by a second timer tells nobody twice.
 */
export const advanceAnnouncement = async (deps: AnnounceDeps, a: Article, now: Date, pageSize: number): Promise<number> => {
  if (a.status !== 'published' || a.announce?.state !== 'running') return 0;
  const at = now.toISOString();
  const page = await deps.education.roster(a.announce.after, pageSize);
  const notices: ArticleNotice[] = [];
  const outbox = page.flatMap((m) => {
    const entries = outboxFromEvents(
      [
        {
          area: EDUCATION_AREA,
          type: 'articlePublished',
          audience: 'member',
          subject: { id: a.id, number: a.title },
          memberId: m.memberId,
          at,
          summary: a.summary,
          detail: { publishedAt: a.publishedAt ?? at },
        },
      ],
      () => deps.ids.newId(),
      now,
    );
    notices.push({ articleId: a.id, memberId: m.memberId, at, outboxId: entries[0].id });
    return entries;
  });
  const done = page.length < pageSize;
  const next: Article = {
    ...a,
    announce: {
      ...a.announce,
      after: page[page.length - 1]?.memberId ?? a.announce.after,
      told: a.announce.told + notices.length,
      state: done ? 'done' : 'running',
      ...(done ? { finishedAt: at } : {}),
    },
    version: a.version + 1,
    updatedAt: at,
  };
  try {
    await deps.education.recordAnnouncement(next, a.version, notices, outbox);
  } catch (e) {
    if (isDomainError(e) && e.code === 'EDUCATION.VERSION_CONFLICT') return 0;
    throw e;
  }
  return notices.length;
};

/** Announcements on the one deadline timer: each running one advances a page per tick within the budget. */
export const educationDeadlineWatch = (deps: AnnounceDeps): DeadlineWatch => ({
  area: EDUCATION_AREA,
  scan: async (now, budget) => {
    let examined = 0;
    let told = 0;
    for (const a of await deps.education.announcingArticles(10)) {
      const left = budget - examined;
      if (left <= 0) break;
      const n = await advanceAnnouncement(deps, a, now, Math.min(EDUCATION_RULES.announcePage, Math.max(10, left)));
      examined += Math.max(1, n);
      told += n;
    }
    return { examined, changed: told, warnings: 0, breaches: 0, extra: { told } };
  },
});
