/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { DEMO_STAFF } from '../../server/local/demoStaff';
import { DESKTOP, PHONE, openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * Every screen of the side menu, for one account of every role, at a phone width (390 × 844) and on a
 * desktop (1366 × 900): no horizontal scrolling, nothing sticking out of the window, no two controls
 * drawn over each other. The menu is read from the page, so a screen added later is walked too.
 * Screenshots: artifacts/screenshots/fit-<role>-<screen>-<width>.png.
 */

interface Fault {
  kind: 'page scrolls sideways' | 'sticks out' | 'overlaps';
  what: string;
}

/** Runs in the page: the layout faults of what is on screen now. */
const layoutFaults = (page: Page): Promise<Fault[]> =>
  page.evaluate(() => {
    const faults: { kind: 'page scrolls sideways' | 'sticks out' | 'overlaps'; what: string }[] = [];
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth > width + 1) faults.push({ kind: 'page scrolls sideways', what: `${document.documentElement.scrollWidth}px > ${width}px` });
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
    };
    /** Inside something that scrolls or clips sideways on purpose (a wide table in its own scroller). */
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const root = document.querySelector('.shell') ?? document.body;
    // A box that scrolls sideways is horizontal scrolling too (a table wider than the phone): only the
    // side menu's strip of screen names may (it is a row of tabs on a phone).
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!visible(el) || el.closest('.side')) continue;
      const o = getComputedStyle(el).overflowX;
      if ((o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1) faults.push({ kind: 'page scrolls sideways', what: `${name(el)} scrolls ${el.scrollWidth}px in ${el.clientWidth}px` });
    }
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!visible(el) || clipped(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !(el.children.length && Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 1)))
        faults.push({ kind: 'sticks out', what: `${name(el)} ends at ${Math.round(r.right)}px` });
    }
    const controls = Array.from(root.querySelectorAll('button, input, textarea, select, a[href], .t-select, .t-input, .t-tag')).filter(visible);
    for (let i = 0; i < controls.length; i++)
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i];
        const b = controls[j];
        if (a.contains(b) || b.contains(a)) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 2 && h > 2) faults.push({ kind: 'overlaps', what: `${name(a)} and ${name(b)}` });
      }
    return faults;
  });

describe('every admin screen fits from a phone to a desktop', () => {
  let ui: AdminInChromium;
  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'fit-', seed: seedDemo });
  }, 120_000);
  afterAll(() => ui?.close());

  // One account per role.
  const accounts = [...new Map(DEMO_STAFF.map((s) => [s.role, s])).values()];

  it.each(accounts.map((s) => [s.role, s.username]))('as %s (%s)', async (role, username) => {
    const page = ui.page;
    await page.setViewportSize(DESKTOP);
    await ui.signIn(username, { landing: '.topbar' });
    const screens = await page.$$eval('.side .t-menu__item', (items) => items.map((i) => (i.textContent ?? '').trim()));
    expect(screens.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const screen of screens) {
      await page.setViewportSize(DESKTOP);
      await page.click(`.side .t-menu__item >> text="${screen}"`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(150);
      for (const size of [PHONE, DESKTOP]) {
        await page.setViewportSize(size);
        await page.waitForTimeout(100);
        for (const f of await layoutFaults(page)) found.push(`${screen} at ${size.width}px: ${f.kind}: ${f.what}`);
        await ui.shot(`${role}-${screens.indexOf(screen)}-${size.width}`);
      }
    }
    expect(found).toEqual([]);
  }, 120_000);
});
