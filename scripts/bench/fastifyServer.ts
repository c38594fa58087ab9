/** Baseline: Fastify + better-sqlite3 + zod, the same storage work as a submit (baselineStore.ts). */
import Fastify from 'fastify';
import path from 'node:path';
import { z } from 'zod';
import { baselineStore } from './baselineStore';
import { childArgs, serveForBench } from './benchChild';

const { dir, backgroundCheckpoint } = childArgs<{ dir: string; backgroundCheckpoint?: boolean }>();
const store = baselineStore(path.join(dir, 'fastify.db'), { backgroundCheckpoint });

const submit = z.strictObject({
  action: z.literal('submit'),
  data: z.strictObject({
    idempotencyKey: z.string().min(8).max(64),
    category: z.string().min(1).max(32),
    description: z.string().min(10).max(2000),
  }),
});

const app = Fastify({ logger: false });
app.post('/api/complaints', async (req, reply) => {
  const parsed = submit.safeParse(req.body);
  if (!parsed.success) return reply.code(400).send({ ok: false, error: { code: 'REQUEST.INVALID' } });
  const member = String(req.headers.authorization ?? '').slice(-12);
  return { ok: true, data: { complaint: store.save(member, parsed.data.data), created: true } };
});

void app.ready().then(() =>
  serveForBench(app.server, () => {
    void app.close();
    store.db.close();
  }),
);
