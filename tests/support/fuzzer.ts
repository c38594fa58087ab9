import crypto from 'node:crypto';
import net from 'node:net';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createGateway } from '../../server/local/gateway/gateway';
import { adminHttp } from '../../server/runtime/adminHttp';
import { dispatch } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from './adminHarness';
import { alice, validSubmit } from './localHarness';

/**
 * A small deterministic fuzzer of hostile requests against the real gateway over HTTP: the member API
 * (/api/<function>, /dev/login) and the staff API (/admin/api/…), with hostile JSON values, raw bytes
 * (invalid UTF-8, deep nesting, broken JSON), content types and headers (64 KB, control characters,
 * broken request lines). Every answer must be: no 5xx, JSON with a code and a Chinese message, and
 * for an input refusal (REQUEST.*, unauthenticated, not found) the store exactly as it was.
 *
 * Case i of seed s is generated from (s, i) alone, so a failure is replayed with `--seed s --only i`.
 * Used by tests/functions/fuzz.test.ts (a bounded run in CI) and scripts/fuzz.ts (`npm run fuzz`).
 */

// ——— seeded randomness ———

export type Rng = () => number;
/** mulberry32: small, fast, good enough to spread cases; seeded from (seed, index). */
export const rngFor = (seed: number, index: number): Rng => {
  let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

// ——— hostile material ———

const HOSTILE_PIECES = [
  '\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', // bidi
  '\u0000', '\u0007', '\u0008', '\u001b', '\u001b[31m', '\u001b[2J\u001b[H', '\u001b]0;title\u0007', '\u007f', '\u0085', '\u009b', // controls, ANSI
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e', '\u3164', '\u115f', '\u2800', '\u00ad', // invisible
  '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', // lone surrogates
  '\ufffe', '\uffff', '\ufdd0', '\ufdef', '\u{1fffe}', '\u{10ffff}', // noncharacters
  '\ufff9', '\ufffa', '\ufffb', // interlinear annotation controls
  '\u{e0001}', '\u{e0041}\u{e0042}', '\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}', // tag characters: hidden text, and the flag emoji they legally make
  '\ue000', '\uf8ff', '\u{f0000}', '\u{10fffd}', // private use: allowed, but not visible characters
  '😡', '👨‍👩‍👧', 'é', 'é', '\u0301\u0301\u0301', '\u3000', ' ', '\t', '\n', '\r\n', '\ufffd', // odd but legal
  '__proto__', 'constructor', 'prototype', "' OR 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', '%00', '${7*7}', '{{7*7}}',
  '理赔一直没有结果', '客服多次承诺回电但没有任何人联系我', 'ﾃｽﾄ', 'ＡＢＣ', 'null', 'undefined', 'NaN', '-0', '1e309',
];
const FILLER = '客服多次承诺回电但没有任何人联系我理赔一直没有结果';

export const hostileString = (r: Rng): string => {
  const shape = r();
  if (shape < 0.08) return pick(r, HOSTILE_PIECES).repeat(int(r, 1, 40));
  if (shape < 0.12) return 'x'.repeat(int(r, 1_000, 120_000));
  if (shape < 0.16) return '';
  let s = '';
  const n = int(r, 1, 6);
  for (let i = 0; i < n; i++) s += r() < 0.5 ? pick(r, HOSTILE_PIECES) : FILLER.slice(0, int(r, 1, FILLER.length));
  return s;
};

const hostileValue = (r: Rng): unknown => {
  const k = r();
  if (k < 0.55) return hostileString(r);
  if (k < 0.65) return pick(r, [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5, 21, 4.5]);
  if (k < 0.7) return pick(r, [true, false, null]);
  if (k < 0.8) return Array.from({ length: int(r, 0, 12) }, () => (r() < 0.5 ? hostileString(r) : int(r, -5, 5)));
  if (k < 0.9) return { [hostileString(r).slice(0, 20) || 'k']: hostileString(r) };
  return nest(r, int(r, 2, 60));
};

const nest = (r: Rng, depth: number): unknown => {
  let v: unknown = hostileString(r).slice(0, 20);
  for (let i = 0; i < depth; i++) v = r() < 0.5 ? [v] : { a: v };
  return v;
};

// ——— requests ———

export interface FuzzCase {
  name: string;
  /** The raw request, bytes as sent. */
  raw: Buffer;
  /** When the answer is determined by the case: the code it must carry. */
  expectCode?: string;
}

interface Ctx {
  token: string;
  cookie: string;
  complaintId: string;
}

const MEMBER_TEMPLATES = (id: string): [string, Record<string, unknown>][] => [
  ['complaints', validSubmit('key-fuzz-000000000000')],
  ['complaints', { action: 'listMine', data: { limit: 10 } }],
  ['complaints', { action: 'detail', data: { id } }],
  ['complaints', { action: 'rate', data: { id, score: 4, comment: '处理得很及时' } }],
  ['complaints', { action: 'requestReview', data: { id, reason: '我对处理结果不满意' } }],
  ['complaints', { action: 'addInformation', data: { id, text: '补充说明：保单号已提供' } }],
  ['complaints', { action: 'withdraw', data: { id, reason: '已经解决了' } }],
  ['members', { action: 'me' }],
  ['members', { action: 'requestCorrection', data: { field: 'phone', detail: '手机号应为13800138000' } }],
  ['members', { action: 'startBinding', data: { policyNo: 'P2026000123', phone: '13800138000' } }],
  ['members', { action: 'reportSubscription', data: { results: { 'dev-tpl-complaint-progress': 'accept' } } }],
  ['members', { action: 'listMessages', data: { limit: 10 } }],
  ['members', { action: 'markAllRead' }],
];

const ADMIN_TEMPLATES: [string, Record<string, unknown>][] = [
  ['auth/login', { username: 'nobody-fuzz', password: 'wrong' }],
  ['auth/totp', { code: '123456' }],
  ['complaints/queue', {}],
  ['complaints/reply', { id: '{id}', version: 1, text: '您好，已为您处理' }],
  ['members/search', { by: 'name', q: '张晓敏' }],
  ['members/search', { by: 'policyNo', q: 'P2026' }],
  ['staff/add', { username: 'fuzz01', displayName: '测试', role: 'agent' }],
  ['nothing/here', {}],
  ['constructor/constructor', {}],
];

/** Random edits to a JSON value: a leaf replaced, a key added or dropped, a value wrapped deep. */
const mutate = (r: Rng, value: Record<string, unknown>): Record<string, unknown> => {
  const copy = structuredClone(value);
  const edits = int(r, 1, 3);
  for (let e = 0; e < edits; e++) {
    // find a random container along a path
    let target: Record<string, unknown> = copy;
    if (target.data && typeof target.data === 'object' && r() < 0.8) target = target.data as Record<string, unknown>;
    const keys = Object.keys(target);
    const op = r();
    if (op < 0.6 && keys.length) target[pick(r, keys)] = hostileValue(r);
    else if (op < 0.75) target[r() < 0.5 ? pick(r, ['memberId', 'openid', '__proto__', 'constructor', 'extra']) : hostileString(r).slice(0, 30)] = hostileValue(r);
    else if (op < 0.85 && keys.length) delete target[pick(r, keys)];
    else if (op < 0.95) copy.action = r() < 0.5 ? hostileString(r).slice(0, 80) : pick(r, ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'submit ', 'SUBMIT']);
    else copy.data = hostileValue(r);
  }
  return copy;
};

const jsonText = (v: unknown) => JSON.stringify(v);

const INVALID_UTF8 = [[0xff], [0xfe], [0xc0, 0xaf], [0xe5, 0xae], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98], [0xc3]];

/** Bytes of a JSON body gone wrong: invalid UTF-8, nesting, truncation, stray bytes. */
const hostileBytes = (r: Rng, valid: string): { bytes: Buffer; expectCode?: string } => {
  const k = r();
  const buf = Buffer.from(valid);
  if (k < 0.3) {
    const at = int(r, 0, buf.length);
    return { bytes: Buffer.concat([buf.subarray(0, at), Buffer.from(pick(r, INVALID_UTF8)), buf.subarray(at)]), expectCode: 'REQUEST.BAD_ENCODING' };
  }
  if (k < 0.5) {
    const depth = pick(r, [33, 100, 1_000, 10_000, 20_000, 45_000]);
    const open = r() < 0.5 ? '[' : '{"a":';
    const close = open === '[' ? ']' : '}';
    const body = `{"action":"listMine","data":${open.repeat(depth)}1${r() < 0.8 ? close.repeat(depth) : ''}}`;
    return { bytes: Buffer.from(body), expectCode: Buffer.byteLength(body) > 100 * 1024 ? undefined : 'REQUEST.TOO_DEEP' };
  }
  if (k < 0.6) return { bytes: buf.subarray(0, int(r, 1, Math.max(1, buf.length - 1))) };
  if (k < 0.7) return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]) };
  if (k < 0.8) return { bytes: Buffer.from(valid.replace(/"([^"\\]{2,})"/, (_m, s: string) => `"${s}${pick(r, ['\\ud800', '\\udfff', '\\ud83d\\ud83d', '\\u0000', '\\u202e', '\\u001b[31m'])}"`)) };
  if (k < 0.9) return { bytes: Buffer.from(Array.from({ length: int(r, 1, 200) }, () => int(r, 0, 255))) };
  return { bytes: Buffer.from(pick(r, ['{"action":"listMine","action":"submit"}', '{"__proto__":{"admin":true},"action":"listMine"}', '[]', 'null', '1e999', '"str"', '{"action":"listMine","data":{"limit":1e999}}', '{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}'])) };
};

const NOT_JSON_TYPES = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'application/xml', 'application/json-seq', 'application/jsonp', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'json', '*/*'];

const request = (method: string, target: string, headers: [string, string][], body: Buffer): Buffer => {
  const lines = [`${method} ${target} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (!headers.some(([k]) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')) lines.push(`content-length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
};

/** Case `index` of `seed`: pure, given the signed-in token, staff cookie and seeded complaint. */
export const generateCase = (seed: number, index: number, ctx: Ctx): FuzzCase => {
  const r = rngFor(seed, index);
  const kind = r();
  const auth: [string, string][] = [['authorization', `Bearer ${ctx.token}`]];
  const json: [string, string][] = [['content-type', 'application/json']];

  if (kind < 0.35) {
    const [fn, event] = pick(r, MEMBER_TEMPLATES(ctx.complaintId));
    const body = jsonText(mutate(r, event));
    return { name: `member ${fn} mutated JSON`, raw: request('POST', `/api/${fn}`, [...json, ...auth], Buffer.from(body)) };
  }
  if (kind < 0.5) {
    const [fn, event] = pick(r, MEMBER_TEMPLATES(ctx.complaintId));
    const { bytes, expectCode } = hostileBytes(r, jsonText(event));
    return { name: `member ${fn} hostile bytes`, raw: request('POST', `/api/${fn}`, [...json, ...auth], bytes), expectCode: bytes.length > 100 * 1024 ? undefined : expectCode };
  }
  if (kind < 0.58) {
    const [fn, event] = pick(r, MEMBER_TEMPLATES(ctx.complaintId));
    const type = r() < 0.1 ? undefined : pick(r, NOT_JSON_TYPES);
    const body = r() < 0.5 ? jsonText(event) : new URLSearchParams({ action: String(event.action), data: jsonText(event.data ?? {}) }).toString();
    return {
      name: `member ${fn} as ${type ?? 'no content type'}`,
      raw: request('POST', `/api/${fn}`, [...(type ? ([['content-type', type]] as [string, string][]) : []), ...auth], Buffer.from(body)),
      expectCode: 'REQUEST.NOT_JSON',
    };
  }
  if (kind < 0.64) {
    const v = r();
    const body = v < 0.5 ? jsonText({ openid: r() < 0.5 ? hostileValue(r) : 'openid-alice', ...(r() < 0.3 ? { extra: 1 } : {}) }) : hostileBytes(r, '{"openid":"openid-alice"}').bytes.toString('latin1');
    const type = r() < 0.8 ? 'application/json' : pick(r, NOT_JSON_TYPES);
    return { name: 'dev sign-in', raw: request('POST', '/dev/login', [['content-type', type]], Buffer.from(body, v < 0.5 ? 'utf8' : 'latin1')) };
  }
  if (kind < 0.72) {
    const size = pick(r, [17 * 1024, 32 * 1024, 64 * 1024, 80 * 1024]);
    const where = r();
    const headers: [string, string][] =
      where < 0.4
        ? [['x-padding', 'a'.repeat(size)]]
        : where < 0.7
          ? [['cookie', `ms_staff=${'b'.repeat(size)}`]]
          : Array.from({ length: Math.ceil(size / 1000) }, (_, i): [string, string] => [`x-h${i}`, 'c'.repeat(990)]);
    const target = pick(r, ['/api/complaints', '/admin/api/complaints/queue', '/dev/login', '/healthz']);
    return { name: `headers of ${size} bytes`, raw: request('POST', target, [...json, ...auth, ...headers], Buffer.from('{"action":"listMine"}')), expectCode: 'REQUEST.HEADERS_TOO_LARGE' };
  }
  if (kind < 0.8) {
    const broken = pick(r, [
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\nx-bad: a\u0000b\r\ncontent-length: 2\r\n\r\n{}', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\nx-bad: \u001b[31m\r\ncontent-length: 2\r\n\r\n{}', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\nbad header: 1\r\ncontent-length: 2\r\n\r\n{}', 'latin1'),
      () => Buffer.from('GARBAGE\r\n\r\n', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/9.9\r\nhost: x\r\n\r\n', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\ncontent-length: 1, 2\r\n\r\n{}', 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 'latin1'),
      () => Buffer.from(`POST /api/${'\u00e9'} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}`, 'latin1'),
      () => Buffer.from('POST /api/complaints HTTP/1.1\nhost: x\ncontent-length: 2\n\n{}', 'latin1'),
    ]);
    return { name: 'malformed HTTP', raw: broken() };
  }
  if (kind < 0.95) {
    const [route, event] = pick(r, ADMIN_TEMPLATES);
    const signedIn = r() < 0.6 ? ([['cookie', ctx.cookie]] as [string, string][]) : [];
    const filled = JSON.parse(jsonText(event).split('{id}').join(ctx.complaintId)) as Record<string, unknown>;
    const v = r();
    if (v < 0.6) return { name: `admin ${route} mutated JSON`, raw: request('POST', `/admin/api/${route}`, [...json, ...signedIn], Buffer.from(jsonText(mutate(r, filled)))) };
    if (v < 0.85) {
      const { bytes } = hostileBytes(r, jsonText(filled));
      return { name: `admin ${route} hostile bytes`, raw: request('POST', `/admin/api/${route}`, [...json, ...signedIn], bytes) };
    }
    return { name: `admin ${route} not JSON`, raw: request('POST', `/admin/api/${route}`, [['content-type', pick(r, NOT_JSON_TYPES)], ...signedIn], Buffer.from(jsonText(filled))) };
  }
  const target = pick(r, ['/api/nothing', '/api/__proto__', '/api/constructor', '/api/complaints/x', '/api/%2e%2e/admin', '/admin/api/', '/admin/api/a/b/c', '/nowhere', '/api/complaints?x=%ff']);
  const method = pick(r, ['POST', 'PUT', 'DELETE', 'PATCH']);
  return { name: `${method} ${target}`, raw: request(method, target, [...json, ...auth], Buffer.from('{"action":"listMine"}')) };
};

// ——— sending and checking ———

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const decodeChunked = (buf: Buffer): Buffer => {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
};

/** One request on its own connection, raw bytes out, the response parsed by hand (or an error). */
export const sendRaw = (port: number, raw: Buffer, timeoutMs = 10_000): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the answer arrived is fine; no answer is caught below
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(all.length ? `unparsable answer: ${all.toString('latin1').slice(0, 120)}` : 'connection closed without an answer'));
      const [statusLine, ...headerLines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body: Buffer = all.subarray(end + 4);
      if (headers['transfer-encoding'] === 'chunked') body = decodeChunked(body);
      else if (headers['content-length']) body = body.subarray(0, Number(headers['content-length']));
      resolve({ status, headers, body: body.toString('utf8') });
    });
    // Not half-closed after writing: Node's server drops a request whose client ended before the answer.
    socket.write(raw);
  });

const CHINESE = /[\u4e00-\u9fa5]/;
/** Refusals that are about the input itself: they must change nothing at all. */
const INPUT_REFUSAL = /^(REQUEST\.|AUTH\.UNAUTHENTICATED$|NOT_FOUND$)/;

/** What is wrong with an answer, or undefined. */
export const checkAnswer = (c: FuzzCase, res: RawResponse, storeChanged: boolean): string | undefined => {
  if (!(res.status >= 200 && res.status < 500)) return `status ${res.status}`;
  if (!/^application\/json/.test(res.headers['content-type'] ?? '')) return `content-type ${res.headers['content-type']}`;
  let reply: { ok?: unknown; error?: { code?: unknown; message?: unknown; issues?: { message?: unknown }[] } };
  try {
    reply = JSON.parse(res.body);
  } catch {
    return `body is not JSON: ${res.body.slice(0, 80)}`;
  }
  if (/\bat .*\.(ts|js):\d|node_modules|Error:/.test(res.body)) return 'answer leaks a stack or an error name';
  if (reply.ok === true) return res.status === 200 ? undefined : `ok with status ${res.status}`;
  if (reply.ok !== false || !reply.error) return 'neither ok nor an error';
  const { code, message, issues } = reply.error;
  if (typeof code !== 'string' || !/^[A-Z][A-Z_]*(\.[A-Z_]+)*$/.test(code)) return `bad code ${String(code)}`;
  if (typeof message !== 'string' || !CHINESE.test(message)) return `message not Chinese: ${String(message)}`;
  if (issues && !issues.every((i) => typeof i.message === 'string' && CHINESE.test(i.message))) return 'an issue without a Chinese message';
  if (res.status < 400) return `refusal with status ${res.status}`;
  if (c.expectCode && code !== c.expectCode && !['REQUEST.TOO_LARGE', 'REQUEST.UNKNOWN_FUNCTION'].includes(code)) return `expected ${c.expectCode}, got ${code}`;
  if (INPUT_REFUSAL.test(code) && storeChanged) return `refused with ${code} but the store changed`;
  return undefined;
};

export interface FuzzFailure {
  index: number;
  name: string;
  problem: string;
  request: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  failures: FuzzFailure[];
  codes: Record<string, number>;
  ms: number;
}

/**
 * Starts a fresh local system behind the real gateway (member API and admin API), signs in a member
 * and a staff member, seeds one complaint, and runs `cases` cases of `seed` (or only the indexes given).
 */
export const runFuzz = async (opts: { seed: number; cases: number; only?: number[]; onProgress?: (done: number, failures: number) => void }): Promise<FuzzReport> => {
  const started = Date.now();
  const h = await adminHarness();
  const server: http.Server = createGateway({
    system: h.system,
    devSecret: 'fuzz-secret',
    log: silentLogger,
    extraRoutes: adminHttp({ deps: h.deps, staticDir: path.join(os.tmpdir(), 'no-admin-build'), secureCookies: false, log: silentLogger }),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const failures: FuzzFailure[] = [];
  const codes: Record<string, number> = {};
  try {
    const login = await sendRaw(port, request('POST', '/dev/login', [['content-type', 'application/json']], Buffer.from(JSON.stringify({ openid: alice.kind === 'member' ? alice.openid : '' }))));
    const token = (JSON.parse(login.body) as { data: { token: string } }).data.token;
    const complaints = h.system.functions.complaints;
    const seeded = await dispatch(complaints.table, complaints.deps as never, alice, validSubmit('key-fuzz-seed-0000000001'), silentLogger);
    if (!seeded.ok) throw new Error('could not seed a complaint');
    const ctx: Ctx = { token, cookie: await h.signIn('agent01'), complaintId: (seeded.data as { complaint: { id: string } }).complaint.id };

    const db = h.system.db;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
      .map((t) => t.name)
      // A session's last-seen time and the health probe move on any authenticated call or check.
      .filter((t) => !['staff_sessions', 'health_probe'].includes(t));
    /** One hash per table: a change names the tables it touched. */
    const fingerprint = () =>
      tables.map((t) => `${t}:${crypto.createHash('sha256').update(JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all())).digest('hex').slice(0, 16)}`);
    const changed = (a: string[], b: string[]) => a.filter((x, i) => x !== b[i]).map((x) => x.split(':')[0]);

    const indexes = opts.only ?? Array.from({ length: opts.cases }, (_, i) => i);
    let done = 0;
    for (const index of indexes) {
      const c = generateCase(opts.seed, index, ctx);
      const before = fingerprint();
      let problem: string | undefined;
      try {
        const res = await sendRaw(port, c.raw);
        let code = 'ok';
        try {
          const reply = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
          code = reply.ok ? 'ok' : String(reply.error?.code);
        } catch {
          code = `HTTP ${res.status}`;
        }
        codes[code] = (codes[code] ?? 0) + 1;
        const touched = changed(before, fingerprint());
        problem = checkAnswer(c, res, touched.length > 0);
        if (problem?.includes('store changed')) problem += ` (${touched.join(', ')})`;
      } catch (e) {
        problem = (e as Error).message;
      }
      if (problem) {
        const head = c.raw.subarray(0, 300).toString('latin1').replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
        failures.push({ index, name: c.name, problem, request: `${head}${c.raw.length > 300 ? ` … (${c.raw.length} bytes)` : ''}` });
      }
      done++;
      if (opts.onProgress && done % 500 === 0) opts.onProgress(done, failures.length);
    }
    // Still serving after all of it.
    const after = await sendRaw(port, request('POST', '/api/complaints', [['content-type', 'application/json'], ['authorization', `Bearer ${ctx.token}`]], Buffer.from('{"action":"listMine"}')));
    if (after.status !== 200) failures.push({ index: -1, name: 'still serving', problem: `listMine answered ${after.status}`, request: '' });
  } finally {
    await new Promise((r) => server.close(r));
    h.close();
  }
  return { seed: opts.seed, cases: opts.only?.length ?? opts.cases, failures, codes, ms: Date.now() - started };
};
