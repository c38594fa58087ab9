import { z } from 'zod';
import { parseInput, parseNoInput } from '../shared/validation';
import type { Clock } from '../shared/ports';
import type { InboxStore } from './inbox';
import { DomainError } from '../shared/errors';
import { formatShanghai } from '../shared/shanghaiTime';

export interface MessageCentreDeps {
  inbox: InboxStore;
  clock: Clock;
}

const listSchema = z.strictObject({ limit: z.number().int().min(1).max(20).default(20) });
const readSchema = z.strictObject({ id: z.string().min(8).max(64).regex(/^[\w-]+$/) });

/** The unread count looks at the member's newest this many messages: the badge says 99+ beyond 99. */
export const UNREAD_WINDOW = 100;

/** How many messages the member has not read (of the newest UNREAD_WINDOW): the home's badge. */
export const countMyUnread = (deps: MessageCentreDeps, memberId: string) => deps.inbox.countUnread(memberId, UNREAD_WINDOW);

export const listMyMessages = async (deps: MessageCentreDeps, memberId: string, raw: unknown) => {
  const { limit } = parseInput(listSchema, raw ?? {}, { limit: '每页条数' });
  const [items, unread] = await Promise.all([deps.inbox.listMemberMessages(memberId, limit), countMyUnread(deps, memberId)]);
  return {
    items: items.map((m) => ({ id: m.id, title: m.title, body: m.body, page: m.page, createdAtText: formatShanghai(new Date(m.createdAt)), read: Boolean(m.readAt) })),
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
