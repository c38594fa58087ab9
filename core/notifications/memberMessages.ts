import * as z from 'zod/mini';
import { parseInput, parseNoInput } from '../shared/validation';
import type { Clock } from '../shared/ports';
import type { InboxStore } from './inbox';
import { DomainError } from '../shared/errors';
import { formatShanghai } from '../shared/shanghaiTime';

export interface MessageCentreDeps {
  inbox: InboxStore;
  clock: Clock;
}

const listSchema = z.strictObject({ limit: z._default(z.int().check(z.gte(1), z.lte(20)), 20) });
const readSchema = z.strictObject({ id: z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[\w-]+$/)) });

/** The unread count looks at the member's newest this many messages: the badge says 99+ beyond 99. */
export const UNREAD_WINDOW = 100;

/** How many messages the member has not read (of the newest UNREAD_WINDOW): the home's badge. */
export const countMyUnread = (deps: MessageCentreDeps, memberId: string) => deps.inbox.countUnread(memberId, UNREAD_WINDOW);

/** Punctuation, spaces and the words every complaint message shares: what is left is what a line says. */
const gist = (s: string) => s.replace(/投诉|您的|[\s，。、：；！？,.:;!?·]/g, '');

/**
 * The body as the message centre shows it: nothing when it only says the title again in other order
 * (投诉已受理 under 投诉已受理, 投诉已重新处理 under 投诉重新处理中), the rest when it starts with the title
 * (投诉处理结果已出，请评价 under 处理结果已出 → 请评价), else the body as filed. The title's event is
 * the text before ` · ` (the complaint number follows it).
 */
export const bodyBesideTitle = (title: string, body: string): string => {
  const cut = title.lastIndexOf(' · ');
  const event = cut < 0 ? title : title.slice(0, cut);
  const headline = gist(event);
  const said = gist(body);
  if (!said || !headline) return body;
  if ([...said].every((ch) => headline.includes(ch) || ch === '已')) return '';
  const lead = /^(投诉)?/.exec(body)![0];
  if (body.startsWith(event, lead.length)) return body.slice(lead.length + event.length).replace(/^[\s，。、：；,.:;]+/, '');
  return body;
};

export const listMyMessages = async (deps: MessageCentreDeps, memberId: string, raw: unknown) => {
  const { limit } = parseInput(listSchema, raw ?? {}, { limit: '每页条数' });
  const [items, unread] = await Promise.all([deps.inbox.listMemberMessages(memberId, limit), countMyUnread(deps, memberId)]);
  return {
    items: items.map((m) => ({ id: m.id, title: m.title, body: bodyBesideTitle(m.title, m.body), page: m.page, createdAtText: formatShanghai(new Date(m.createdAt)), read: Boolean(m.readAt) })),
    unread,
  };
};

/** 全部已读. */
export const markAllMessagesRead = async (deps: MessageCentreDeps, memberId: string, raw: unknown) => {
  parseNoInput(raw);
  const changed = await deps.inbox.markAllRead(memberId, deps.clock.now());
  return { changed, unread: await countMyUnread(deps, memberId) };
};

export const markMessageRead = async (deps: MessageCentreDeps, memberId: string, raw: unknown) => {
  const { id } = parseInput(readSchema, raw, { id: '消息编号' });
  const changed = await deps.inbox.markRead(memberId, id, deps.clock.now());
  if (!changed && !(await deps.inbox.listMemberMessages(memberId, 100)).some((m) => m.id === id))
    throw new DomainError('MESSAGE.NOT_FOUND', '消息不存在', `message ${id} not found for member`);
  return { read: true };
};
