import { z } from 'zod';
import { parseInput } from '../shared/validation';
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

export const listMyMessages = async (deps: MessageCentreDeps, memberId: string, raw: unknown) => {
  const { limit } = parseInput(listSchema, raw ?? {}, { limit: '每页条数' });
  const items = await deps.inbox.listMemberMessages(memberId, limit);
  return {
    items: items.map((m) => ({ id: m.id, title: m.title, body: m.body, page: m.page, createdAtText: formatShanghai(new Date(m.createdAt)), read: Boolean(m.readAt) })),
    unread: items.filter((m) => !m.readAt).length,
  };
};

export const markMessageRead = async (deps: MessageCentreDeps, memberId: string, raw: unknown) => {
  const { id } = parseInput(readSchema, raw, { id: '消息编号' });
  const changed = await deps.inbox.markRead(memberId, id, deps.clock.now());
  if (!changed && !(await deps.inbox.listMemberMessages(memberId, 100)).some((m) => m.id === id))
    throw new DomainError('MESSAGE.NOT_FOUND', '消息不存在', `message ${id} not found for member`);
  return { read: true };
};
