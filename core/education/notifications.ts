import type { NotificationArea } from '../notifications/areas';

export const EDUCATION_AREA = 'education';

/** One template, one topic: an article announcement is never pushed under another area's template. */
export const educationNotifications: NotificationArea = {
  area: EDUCATION_AREA,
  label: '权益宣传',
  templates: {
    article: {
      envVar: 'TPL_EDUCATION_ARTICLE',
      title: '权益知识推送',
      keywords: { thing1: '文章标题', thing2: '内容摘要', time3: '发布时间' },
      events: ['articlePublished'],
    },
  },
  templateFor: (e) => (e.type === 'articlePublished' ? 'article' : undefined),
  templateValues: (_t, e) => ({ thing1: e.subject.number, thing2: e.summary, time3: e.detail?.publishedAt ?? e.at }),
  page: (e) => `packages/education/pages/article/article?id=${e.subject.id}`,
  messageTitle: (e) => `权益宣传 · ${e.subject.number}`,
  alertTitle: (e) => `权益宣传：${e.subject.number}`,
};
