import * as z from 'zod/mini';
import type { AuditDraft } from '../audit/chain';
import { sourceAddress } from '../audit/reads';
import { commonErrors } from '../shared/errors';
import { fileLink, sniffFile } from '../shared/files';
import { fileId, recordId } from '../shared/ids';
import { formatShanghai } from '../shared/shanghaiTime';
import { plainText } from '../shared/validation';
import { defineStaffAction, type StaffRequestContext } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { EDUCATION_RULES, REACH_GOAL, type EducationStaffDeps } from './deps';
import { educationErrors } from './errors';
import { ARTICLE_STATUSES, filesOfArticle, type Article, type ArticleBlock, type Campaign } from './model';
import { monthsBetween } from './periods';
import { educationReach } from './reach';

/** The staff side of 权益宣传 (server/runtime/admin/areas/education.ts lists these records). */
export interface EducationAdminDeps {
  /** Absent where the education stores are not deployed: actions answer EDUCATION.UNAVAILABLE. */
  education?: EducationStaffDeps;
}

const need = (deps: EducationAdminDeps): EducationStaffDeps => {
  if (!deps.education) throw educationErrors.unavailable();
  return deps.education;
};

const LABELS = {
  id: '编号', version: '版本', title: '标题', summary: '摘要', blocks: '正文', coverFileId: '封面', campaignId: '宣传活动', text: '段落', caption: '图片说明',
  fileId: '图片', name: '名称', theme: '主题', startDate: '开始日期', endDate: '结束日期', channelNotes: '渠道说明', data: '图片内容', from: '开始月份', to: '结束月份',
  after: '分页位置', limit: '每页条数', articleId: '文章', campaign: '宣传活动',
};

const version = z.number().check(z.int(), z.minimum(1));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));
const block = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: plainText(1, 2000) }),
  z.strictObject({ kind: z.literal('image'), fileId, caption: z.optional(plainText(0, 60)) }),
]);
const draftSchema = z.strictObject({
  id: z.optional(recordId),
  version: z.optional(version),
  title: plainText(2, 40),
  summary: plainText(2, 100),
  blocks: z.array(block).check(z.minLength(1), z.maxLength(EDUCATION_RULES.maxBlocks)),
  coverFileId: z.optional(fileId),
  campaignId: z.optional(recordId),
});
const refSchema = z.strictObject({ id: recordId, version });
const idSchema = z.strictObject({ id: recordId });
const imageSchema = z.strictObject({ data: z.string().check(z.minLength(8), z.maxLength(100_000), z.regex(/^[A-Za-z0-9+/]+=*$/)) });
const campaignSchema = z.strictObject({
  id: z.optional(recordId),
  version: z.optional(version),
  name: plainText(2, 40),
  theme: plainText(2, 60),
  startDate: day,
  endDate: day,
  channelNotes: plainText(0, 300),
});
const reachSchema = z.strictObject({ from: month, to: month });
const noticesSchema = z.strictObject({ articleId: recordId, after: z.optional(z.string().check(z.maxLength(64), z.regex(/^[\w-]+$/))), limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(200))) });

const PUSH_TEXT: Record<string, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '消息中心 + 订阅消息',
  skipped: '仅消息中心（未订阅该通知）',
  failed: '推送失败，仅消息中心',
};

const audit = (who: StaffPrincipal, request: StaffRequestContext | undefined, action: string, subjectType: string, subjectId: string, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `education.${action}`,
  subjectType,
  subjectId,
  detail: { ...detail, source: sourceAddress(request) },
});

const timeText = (iso?: string) => (iso ? formatShanghai(new Date(iso)) : '');

const articleView = (a: Article, opens?: number) => ({
  id: a.id,
  title: a.title,
  summary: a.summary,
  campaignId: a.campaignId ?? '',
  status: a.status,
  statusLabel: ARTICLE_STATUSES[a.status],
  publishedAtText: timeText(a.publishedAt),
  updatedAtText: timeText(a.updatedAt),
  announceText: !a.announce ? '未推送' : a.announce.state === 'running' ? `推送中（已通知 ${a.announce.told} 人）` : `已推送（通知 ${a.announce.told} 人）`,
  told: a.announce?.told ?? 0,
  ...(opens !== undefined ? { opens } : {}),
  version: a.version,
});

const campaignView = (c: Campaign) => ({ ...c, periodText: `${c.startDate} 至 ${c.endDate}` });

const loadArticle = async (d: EducationStaffDeps, id: string) => {
  const a = await d.education.getArticle(id);
  if (!a) throw educationErrors.notFound(id);
  return a;
};

const checkVersion = (a: { id: string; version: number }, expected: number) => {
  if (a.version !== expected) throw commonErrors.versionConflict('EDUCATION', a.id);
};

/** Articles (with opens) and campaigns: the panel's first screen. */
export const educationOverview = defineStaffAction({
  permission: 'education.read',
  input: z.strictObject({}),
  run: async (deps: EducationAdminDeps) => {
    const d = need(deps);
    const [articles, campaigns] = await Promise.all([d.education.allArticles(100), d.education.listCampaigns(100)]);
    return {
      articles: await Promise.all(articles.map(async (a) => articleView(a, await d.education.openCount(a.id)))),
      campaigns: campaigns.map(campaignView),
      goalRate: REACH_GOAL,
      imageMaxBytes: EDUCATION_RULES.imageMaxBytes,
    };
  },
});

/** One article for the editor and its preview: the body with staff links to its images. */
export const educationArticle = defineStaffAction({
  permission: 'education.read',
  input: idSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, who, input) => {
    const d = need(deps);
    const a = await loadArticle(d, input.id);
    const now = d.clock.now();
    const links: Record<string, string> = {};
    for (const f of filesOfArticle(a)) links[f] = (await fileLink(d.files, f, `staff:${who.id}`, now)).url;
    return { ...articleView(a, await d.education.openCount(a.id)), blocks: a.blocks, coverFileId: a.coverFileId ?? '', links };
  },
});

/** A new draft, or a draft changed (version-checked). Images must be files uploaded through uploadImage. */
export const saveArticleDraft = defineStaffAction({
  permission: 'education.manage',
  input: draftSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, who, input, request) => {
    const d = need(deps);
    if (!input.blocks.some((b) => b.kind === 'text')) throw educationErrors.emptyBody();
    if (input.campaignId && !(await d.education.getCampaign(input.campaignId))) throw educationErrors.campaignNotFound(input.campaignId);
    const at = d.clock.now().toISOString();
    const blocks: ArticleBlock[] = input.blocks.map((b) => (b.kind === 'text' ? { kind: 'text', text: b.text } : { kind: 'image', fileId: b.fileId, ...(b.caption ? { caption: b.caption } : {}) }));
    const content = { title: input.title, summary: input.summary, blocks, ...(input.coverFileId ? { coverFileId: input.coverFileId } : {}), ...(input.campaignId ? { campaignId: input.campaignId } : {}) };
    if (!input.id) {
      const a: Article = { id: `art${d.ids.newId()}`.slice(0, 40), ...content, status: 'draft', createdBy: who.id, createdAt: at, updatedAt: at, version: 1 };
      await d.education.putArticle(a, null, audit(who, request, 'article.create', 'article', a.id, { title: a.title }));
      return articleView(a, 0);
    }
    const a = await loadArticle(d, input.id);
    checkVersion(a, input.version ?? 0);
    if (a.status !== 'draft') throw educationErrors.notDraft();
    const { coverFileId: _c, campaignId: _g, ...kept } = a;
    const next: Article = { ...kept, ...content, version: a.version + 1, updatedAt: at };
    await d.education.putArticle(next, a.version, audit(who, request, 'article.update', 'article', a.id, { title: next.title }));
    return articleView(next, 0);
  },
});

/**
 * A staff image for an article: decoded, sniffed by its first bytes (JPG, PNG, WebP only) and size-limited
 * before it is stored; members later get it through short-lived links only.
 */
export const uploadArticleImage = defineStaffAction({
  permission: 'education.manage',
  input: imageSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, who, input, request) => {
    const d = need(deps);
    const bytes = Uint8Array.from(atob(input.data), (c) => c.charCodeAt(0));
    if (bytes.length > EDUCATION_RULES.imageMaxBytes) throw educationErrors.imageTooLarge(EDUCATION_RULES.imageMaxBytes);
    const kind = sniffFile(bytes);
    if (kind !== 'jpg' && kind !== 'png' && kind !== 'webp') throw educationErrors.imageType();
    const id = await d.images.save(`staff:${who.id}`, bytes, kind);
    const url = (await fileLink(d.files, id, `staff:${who.id}`, d.clock.now())).url;
    void request;
    return { fileId: id, url, bytes: bytes.length };
  },
});

const transition = (to: 'published' | 'withdrawn') =>
  defineStaffAction({
    permission: 'education.manage',
    input: refSchema,
    labels: LABELS,
    run: async (deps: EducationAdminDeps, who, input, request) => {
      const d = need(deps);
      const a = await loadArticle(d, input.id);
      checkVersion(a, input.version);
      const at = d.clock.now().toISOString();
      if (to === 'published' && a.status === 'published') throw educationErrors.alreadyPublished();
      if (to === 'withdrawn' && a.status !== 'published') throw educationErrors.notWithdrawable();
      // A withdrawn article may be published again; it keeps its first publication date for reach and the archive.
      const next: Article =
        to === 'published'
          ? { ...a, status: 'published', publishedAt: a.publishedAt ?? at, version: a.version + 1, updatedAt: at }
          : { ...a, status: 'withdrawn', withdrawnAt: at, version: a.version + 1, updatedAt: at };
      await d.education.putArticle(next, a.version, audit(who, request, to === 'published' ? 'article.publish' : 'article.withdraw', 'article', a.id, { title: a.title }));
      return articleView(next, await d.education.openCount(a.id));
    },
  });

export const publishArticle = transition('published');
export const withdrawArticle = transition('withdrawn');

/** Starts the announcement job (the timer tells a page of members per tick); once per article. */
export const announceArticle = defineStaffAction({
  permission: 'education.manage',
  input: refSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, who, input, request) => {
    const d = need(deps);
    const a = await loadArticle(d, input.id);
    checkVersion(a, input.version);
    if (a.status !== 'published') throw educationErrors.notPublished();
    if (a.announce) throw educationErrors.alreadyAnnounced();
    const at = d.clock.now().toISOString();
    const next: Article = { ...a, announce: { state: 'running', after: '', told: 0, startedAt: at, startedBy: who.id }, version: a.version + 1, updatedAt: at };
    await d.education.putArticle(next, a.version, audit(who, request, 'article.announce', 'article', a.id, { title: a.title }));
    return articleView(next);
  },
});

/** Who was told of an article, with the push's fate, and the counts. */
export const articleNotices = defineStaffAction({
  permission: 'education.read',
  input: noticesSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, _who, input) => {
    const d = need(deps);
    const a = await loadArticle(d, input.articleId);
    const limit = input.limit ?? 50;
    const rows = await d.education.noticesOf(a.id, { after: input.after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return {
      article: articleView(a),
      counts: await d.education.noticeCounts(a.id),
      items: page.map((n) => ({ memberId: n.memberId, nameMasked: n.nameMasked ?? '会员', atText: timeText(n.at), pushText: PUSH_TEXT[n.delivery ?? 'pending'] })),
      nextAfter: rows.length > limit ? page[page.length - 1].memberId : undefined,
    };
  },
});

export const saveCampaign = defineStaffAction({
  permission: 'education.manage',
  input: campaignSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, who, input, request) => {
    const d = need(deps);
    if (input.endDate < input.startDate) throw educationErrors.badDates();
    const at = d.clock.now().toISOString();
    const fields = { name: input.name, theme: input.theme, startDate: input.startDate, endDate: input.endDate, channelNotes: input.channelNotes };
    if (!input.id) {
      const c: Campaign = { id: `cmp${d.ids.newId()}`.slice(0, 40), ...fields, createdAt: at, updatedAt: at, version: 1 };
      await d.education.putCampaign(c, null, audit(who, request, 'campaign.create', 'campaign', c.id, { name: c.name }));
      return campaignView(c);
    }
    const c = await d.education.getCampaign(input.id);
    if (!c) throw educationErrors.campaignNotFound(input.id);
    checkVersion(c, input.version ?? 0);
    const next: Campaign = { ...c, ...fields, version: c.version + 1, updatedAt: at };
    await d.education.putCampaign(next, c.version, audit(who, request, 'campaign.update', 'campaign', c.id, { name: next.name }));
    return campaignView(next);
  },
});

/** 宣传档案: a campaign with its articles (opens each) and the reach of each month it ran. */
export const campaignArchive = defineStaffAction({
  permission: 'education.read',
  input: idSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, _who, input) => {
    const d = need(deps);
    const c = await d.education.getCampaign(input.id);
    if (!c) throw educationErrors.campaignNotFound(input.id);
    const articles = await d.education.articlesOfCampaign(c.id);
    return {
      campaign: campaignView(c),
      articles: await Promise.all(articles.map(async (a) => articleView(a, await d.education.openCount(a.id)))),
      reach: await Promise.all(monthsBetween(c.startDate, c.endDate).map(async (m) => ({ period: m, ...(await educationReach(d, m, m)) }))),
    };
  },
});

/** Reach for a month, a quarter or a year (both figures, against 90%). */
export const reachFigure = defineStaffAction({
  permission: 'education.read',
  input: reachSchema,
  labels: LABELS,
  run: async (deps: EducationAdminDeps, _who, input) => educationReach(need(deps), input.from, input.to),
});
