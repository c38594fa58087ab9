/**
 * Issue 10 item 2: sizes and colours come from one place (the tokens on `page` in app.wxss), and no
 * page goes below body 16px, secondary 14px or a 44px touch target (375px-wide phone: 1px = 2rpx).
 *
 * Reads the WXSS source (no renderer): every rule of every .wxss under miniprogram/, with
 * var(--token[, fallback]) resolved against app.wxss's `page { --… }` block.
 *
 * The heuristics, kept simple on purpose:
 * - Text size: every font-size must resolve to ≥ 28rpx (secondary). Selectors whose last class is in
 *   BODY_TEXT (and `page` itself, the default for every unclassed text) are body text: ≥ 32rpx.
 *   Page .wxss must set font-size through a token, never a literal.
 * - Touch targets: a tappable element is a `<button>` or any WXML element with bindtap / bind:tap /
 *   catchtap / catch:tap. Its static classes (the `{{…}}` parts of class="" are dropped) and tag are
 *   matched against the last compound selector of each rule in app.wxss and its page's .wxss
 *   (ancestors and pseudo-classes ignored, ::before/::after skipped; later rules win, specificity
 *   ignored). The element passes when the last matching min-height or height resolves to ≥ 88rpx,
 *   or when it is position: fixed (a full-screen backdrop such as .sheet-mask).
 *   A tappable `<text>` must also be made a box (display: block / inline-block / flex / …), since
 *   height does not apply to inline text.
 * - Status tags: any rule whose selector mentions `.tag` may only use the --tag-* colour tokens.
 *   Page .wxss may not repeat a literal colour that app.wxss already names as a token.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../miniprogram');
const SECONDARY_MIN = 28;
const BODY_MIN = 32;
const TOUCH_MIN = 88;

/** Body-text selectors (last class of the selector, or the `page` tag). Everything else is ≥ secondary. */
const BODY_TEXT = new Set([
  'page', 'btn', 'btn-plain', 'btn-danger', 'description', 'para', 'lead', 'v', 'summary', 'message-title',
  'consent-intro', 'input', 'textarea', 'failure',
]);

type Rule = { file: string; selectors: string[]; decls: [string, string][] };

const walk = (dir: string, ext: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'miniprogram_npm' || d.name === 'node_modules' ? [] : walk(p, ext);
    return p.endsWith(ext) ? [p] : [];
  });

const parseWxss = (file: string): Rule[] => {
  const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: Rule[] = [];
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    const decls = m[2]
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.includes(':'))
      .map((d) => [d.slice(0, d.indexOf(':')).trim().toLowerCase(), d.slice(d.indexOf(':') + 1).trim()] as [string, string]);
    rules.push({ file, selectors, decls });
  }
  return rules;
};

const APP = path.join(ROOT, 'app.wxss');
const appRules = parseWxss(APP);
const tokens = new Map<string, string>(
  appRules.filter((r) => r.selectors.includes('page')).flatMap((r) => r.decls.filter(([k]) => k.startsWith('--'))),
);

const resolve = (value: string, depth = 0): string => {
  if (depth > 10) throw new Error(`token cycle in ${value}`);
  const out = value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/g, (_, name: string, fallback?: string) => {
    const v = tokens.get(name) ?? fallback;
    if (v === undefined) throw new Error(`unknown token ${name}`);
    return v.trim();
  });
  return out.includes('var(') ? resolve(out, depth + 1) : out;
};

/** A length in rpx (px counts double), or undefined for anything else (auto, %, em). */
const rpx = (value: string): number | undefined => {
  const m = /^(-?\d*\.?\d+)(rpx|px)$/.exec(resolve(value).trim());
  if (!m) return undefined;
  return m[2] === 'px' ? Number(m[1]) * 2 : Number(m[1]);
};

const lastCompound = (selector: string) => selector.split(/[\s>+~]+/).filter(Boolean).pop() ?? '';
const lastClass = (selector: string): string => {
  const c = lastCompound(selector).replace(/::?[\w-]+(\([^)]*\))?/g, '');
  const classes = c.match(/\.[\w-]+/g);
  return classes ? classes[classes.length - 1].slice(1) : c;
};

const COLOUR = /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(|\b(?:red|green|blue|orange|white|black|gray|grey)\b/i;

const pageFiles = walk(ROOT, '.wxss').filter((f) => f !== APP);
const allRules = [...appRules, ...pageFiles.flatMap(parseWxss)];
const rel = (f: string) => path.relative(ROOT, f);

describe('design tokens (app.wxss)', () => {
  it('defines the size floors as tokens', () => {
    expect(rpx('var(--font-body)')).toBeGreaterThanOrEqual(BODY_MIN);
    expect(rpx('var(--font-secondary)')).toBeGreaterThanOrEqual(SECONDARY_MIN);
    expect(rpx('var(--touch-target)')).toBeGreaterThanOrEqual(TOUCH_MIN);
    expect(pageFiles.length).toBeGreaterThan(5);
  });

  it('has no font-size below 14px (28rpx), nor body text below 16px (32rpx)', () => {
    const bad: string[] = [];
    for (const r of allRules)
      for (const [k, v] of r.decls) {
        if (k !== 'font-size') continue;
        const size = rpx(v);
        for (const s of r.selectors) {
          const min = BODY_TEXT.has(lastClass(s)) ? BODY_MIN : SECONDARY_MIN;
          if (size === undefined || size < min) bad.push(`${rel(r.file)}: ${s} { font-size: ${v} } < ${min}rpx`);
        }
      }
    expect(bad).toEqual([]);
  });

  it('page .wxss files set font-size and min-height through tokens, not literals', () => {
    const bad: string[] = [];
    for (const r of allRules) {
      if (r.file === APP) continue;
      for (const [k, v] of r.decls)
        if ((k === 'font-size' || k === 'min-height') && !v.includes('var(--')) bad.push(`${rel(r.file)}: ${r.selectors.join(', ')} { ${k}: ${v} }`);
    }
    expect(bad).toEqual([]);
  });

  it('status tags use only the --tag-* colour tokens, and pages do not repeat a token colour as a literal', () => {
    const tokenColours = new Set([...tokens.values()].filter((v) => COLOUR.test(v)).map((v) => v.toLowerCase()));
    const bad: string[] = [];
    for (const r of allRules) {
      const isTag = r.selectors.some((s) => /\.tag\b/.test(s));
      for (const [k, v] of r.decls) {
        if (k.startsWith('--')) continue;
        if (isTag && /colou?r|background|border/.test(k)) {
          const vars = v.match(/var\(\s*(--[\w-]+)/g) ?? [];
          if (COLOUR.test(v) || vars.some((x) => !x.includes('--tag-')))
            bad.push(`${rel(r.file)}: ${r.selectors.join(', ')} { ${k}: ${v} } (tag colours must be var(--tag-*))`);
        }
        if (r.file !== APP)
          for (const lit of v.match(/#[0-9a-f]{3,8}\b/gi) ?? [])
            if (tokenColours.has(lit.toLowerCase())) bad.push(`${rel(r.file)}: ${r.selectors.join(', ')} { ${k}: ${v} } (use the token for ${lit})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('gives destructive actions (撤回投诉) one red look, defined once in app.wxss and used by every such button', () => {
    const decl = (rule: Rule | undefined, k: string) => rule?.decls.find(([name]) => name === k)?.[1];
    const danger = appRules.find((r) => r.selectors.includes('.btn-danger'));
    const plain = appRules.find((r) => r.selectors.includes('.btn-plain'));
    expect(resolve(decl(danger, 'color')!)).toBe(resolve('var(--color-danger)'));
    expect(resolve(decl(danger, 'border')!)).toContain(resolve('var(--color-danger)'));
    expect(resolve(decl(danger, 'color')!)).not.toBe(resolve(decl(plain, 'color')!));
    // The complaint area and the main package (members keeps an older copy in my-data.wxss, not this change's to touch).
    const mine = (f: string) => /^(packages\/complaints|pages)\//.test(rel(f));
    expect(pageFiles.filter(mine).flatMap(parseWxss).filter((r) => r.selectors.some((x) => x.includes('.btn-danger'))).map((r) => rel(r.file))).toEqual([]);
    const bad: string[] = [];
    for (const file of walk(ROOT, '.wxml').filter(mine))
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/<button\b([^>]*)>\s*([^<]*?)\s*<\/button>/g))
        if (/^(撤回|注销|删除)/.test(m[2]) && !/class="[^"]*\bbtn-danger\b/.test(m[1])) bad.push(`${rel(file)}: ${m[2]}`);
    expect(bad).toEqual([]);
  });

  describe('touch targets are at least 44px (88rpx) high', () => {
    const wxmlFiles = walk(ROOT, '.wxml');
    it.each(wxmlFiles.map((f) => [rel(f), f]))('%s', (_, file) => {
      const wxml = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      const pageWxss = file.replace(/\.wxml$/, '.wxss');
      const rules = [...appRules, ...(fs.existsSync(pageWxss) ? parseWxss(pageWxss) : [])];
      const bad: string[] = [];
      const tagRe = /<([a-z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*\/?>/g;
      for (const m of wxml.matchAll(tagRe)) {
        const [, tag, attrs] = m;
        const tappable = tag === 'button' || /\s(?:bind|catch):?tap\s*=/.test(attrs);
        if (!tappable) continue;
        const classAttr = /\sclass\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? '';
        const classes = new Set(classAttr.replace(/\{\{[\s\S]*?\}\}/g, ' ').split(/\s+/).filter(Boolean));
        const matches = (selector: string) => {
          const compound = lastCompound(selector);
          if (/::(before|after)|:(before|after)\b/.test(compound)) return false;
          const bare = compound.replace(/:[\w-]+(\([^)]*\))?/g, '');
          const t = /^[a-z][\w-]*/.exec(bare)?.[0];
          const cs = (bare.match(/\.[\w-]+/g) ?? []).map((c) => c.slice(1));
          if (!t && cs.length === 0) return false;
          return (!t || t === tag) && cs.every((c) => classes.has(c));
        };
        let minHeight: number | undefined;
        let height: number | undefined;
        let display: string | undefined;
        let position: string | undefined;
        for (const r of rules) {
          if (!r.selectors.some(matches)) continue;
          for (const [k, v] of r.decls) {
            if (k === 'min-height') minHeight = rpx(v);
            if (k === 'height') height = rpx(v);
            if (k === 'display') display = resolve(v);
            if (k === 'position') position = resolve(v);
          }
        }
        const size = Math.max(minHeight ?? 0, height ?? 0);
        const what = `<${tag} class="${classAttr}"> line ${wxml.slice(0, m.index).split('\n').length}`;
        if (size < TOUCH_MIN && position !== 'fixed') bad.push(`${what}: height ${size}rpx`);
        if (tag === 'text' && !(display && display !== 'inline')) bad.push(`${what}: inline text cannot take a height`);
      }
      expect(bad).toEqual([]);
    });
  });
});
