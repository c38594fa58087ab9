/** Baseline: bare node:http + better-sqlite3, hand-written checks, the same storage work as a submit (baselineStore.ts). */
import http from 'node:http';
import path from 'node:path';
import { baselineStore } from './baselineStore';
import { childArgs, serveForBench } from './benchChild';

const { dir, backgroundCheckpoint } = childArgs<{ dir: string; backgroundCheckpoint?: boolean }>();
const store = baselineStore(path.join(dir, 'bare.db'), { backgroundCheckpoint });

const reply = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { action?: string; data?: { category?: unknown; description?: unknown; idempotencyKey?: unknown } };
    const d = event.data;
    if (event.action !== 'submit' || !d || typeof d.category !== 'string' || typeof d.description !== 'string' || typeof d.idempotencyKey !== 'string')
      return reply(res, 400, { ok: false, error: { code: 'REQUEST.INVALID' } });
    const member = String(req.headers.authorization ?? '').slice(-12);
    const c = store.save(member, { category: d.category, description: d.description, idempotencyKey: d.idempotencyKey });
    reply(res, 200, { ok: true, data: { complaint: c, created: true } });
  });
});

serveForBench(server, () => store.db.close());
