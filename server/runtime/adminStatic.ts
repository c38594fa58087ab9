import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The admin page's files as the deployed `admin` function serves them (it answers the page, its assets
 * and /admin/api under one path on the env's default domain, so the session cookie is first-party and
 * no static hosting or custom domain is needed). The build copies dist/admin into the function package
 * with content-hashed asset names (packAdminStatic); the function reads them once per warm container.
 */

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const TEXT = /^(text\/|application\/json|image\/svg\+xml)/;

/**
 * Sent with every admin response (page, assets and API). The page is one script and two stylesheets of
 * its own origin; TDesign sets element styles at run time, hence 'unsafe-inline' for styles only; the
 * TOTP enrolment QR code is a data: image. Nobody may frame the page (clickjacking).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000',
  'cross-origin-opener-policy': 'same-origin',
};

/** Hashed asset names (app.1a2b3c4d.js) never change content: a year, immutable. The HTML is revalidated every time. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
const HASHED = /\.[0-9a-f]{8}\.[a-z0-9]+$/;

export interface StaticFile {
  type: string;
  cacheControl: string;
  body: Buffer;
}

export type StaticSite = ReadonlyMap<string, StaticFile>;

/** Every file under `dir`, keyed by its path relative to /admin/ ('' and 'index.html' are the page). */
export const loadStaticSite = (dir: string): StaticSite => {
  const site = new Map<string, StaticFile>();
  if (!fs.existsSync(dir)) return site;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) continue;
    const ext = path.extname(name);
    site.set(name, {
      type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      cacheControl: HASHED.test(name) ? IMMUTABLE : REVALIDATE,
      body: fs.readFileSync(file),
    });
  }
  return site;
};

/** The integration response CloudBase's HTTP access turns into an HTTP response. */
export interface IntegrationResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

const plain = (statusCode: number, text: string, extra: Record<string, string> = {}): IntegrationResponse => ({
  statusCode,
  headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra },
  body: text,
});

/** GET/HEAD of a page path (the part after /admin/); anything not in the site is a 404. */
export const staticResponse = (site: StaticSite, rel: string, method: string): IntegrationResponse => {
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
  const file = site.get(rel === '' ? 'index.html' : rel);
  if (!file) return plain(404, site.size ? '未找到' : '管理台未随函数打包：请运行 npm run build 后重新部署');
  const text = TEXT.test(file.type);
  return {
    statusCode: 200,
    headers: { ...SECURITY_HEADERS, 'content-type': file.type, 'cache-control': file.cacheControl },
    body: method === 'HEAD' ? '' : text ? file.body.toString('utf8') : file.body.toString('base64'),
    ...(text || method === 'HEAD' ? {} : { isBase64Encoded: true }),
  };
};

/**
 * Build step (scripts/buildFunctions.ts): copies index.html and every /admin/ file it references from the
 * built page into `outDir`, each asset renamed with 8 hex digits of its SHA-256 and index.html rewritten to
 * match, so assets can be cached for a year and a new deploy is picked up at the next page load.
 */
export const packAdminStatic = (srcDir: string, outDir: string): { files: string[]; bytes: number } => {
  const htmlPath = path.join(srcDir, 'index.html');
  if (!fs.existsSync(htmlPath)) throw new Error(`${htmlPath} is missing: build the admin page first (scripts/buildAdmin.ts)`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  let html = fs.readFileSync(htmlPath, 'utf8');
  const files: string[] = [];
  let bytes = 0;
  const referenced = [...new Set([...html.matchAll(/(?:src|href)="\/admin\/([^"?#]+)"/g)].map((m) => m[1]))];
  for (const rel of referenced) {
    const src = path.join(srcDir, rel);
    if (rel.includes('/') || rel.includes('..') || !fs.existsSync(src)) throw new Error(`index.html references /admin/${rel}, which the build did not write`);
    const body = fs.readFileSync(src);
    const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 8);
    const ext = path.extname(rel);
    const hashed = `${rel.slice(0, -ext.length)}.${hash}${ext}`;
    fs.writeFileSync(path.join(outDir, hashed), body);
    html = html.split(`"/admin/${rel}"`).join(`"/admin/${hashed}"`);
    files.push(hashed);
    bytes += body.length;
  }
  fs.writeFileSync(path.join(outDir, 'index.html'), html);
  files.push('index.html');
  bytes += Buffer.byteLength(html);
  return { files, bytes };
};
