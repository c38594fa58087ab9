import type { Page } from 'playwright-core';
import { currentTotp } from '../../adapters/crypto/totp';
import { openAdminInChromium, seedDemo, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * 员工管理 in real headless Chromium: the list, adding an agent (the one-time link shown once),
 * disabling with a confirmation, resetting TOTP, and enrolling through the link.
 * Screenshots at 1366 and 390 widths: artifacts/screenshots/staff-*.png.
 */
describe('staff management screen in Chromium', () => {
  let ui: AdminInChromium;
  let h: AdminHarness;
  let page: Page;
  let link = '';

  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'staff-', seed: seedDemo });
    ({ h, page } = ui);
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });

  const row = (username: string) => page.locator(`.staff-row[data-username="${username}"]`);
  const click = (selector: string) => page.locator(`${selector}:visible`).click();

  it('lists staff with role, team, status and last sign-in', async () => {
    await ui.signIn('super01');
    await page.click('.side >> text=员工管理');
    await row('agent01').waitFor();
    expect(await row('ho01').textContent()).toContain('总公司审批人');
    expect(await row('super01').textContent()).toContain('本人');
    // Head office and compliance accounts show no actions to a supervisor.
    expect(await row('comp01').locator('button').count()).toBe(0);
    await ui.shots('01-list');
  }, 60_000);

  it('adds an agent and shows the one-time link once', async () => {
    await page.click('.staff-add');
    await page.fill('input[name=username]', 'li.si');
    await page.fill('input[name=displayName]', '李四');
    await page.fill('input[name=team]', '华东一组');
    await page.waitForTimeout(400); // the dialog's opening animation
    await ui.shots('02-add');
    await click('.staff-add-confirm');
    await page.waitForSelector('.staff-link-value');
    link = await page.inputValue('.staff-link-value input');
    expect(link).toMatch(/\/admin\/#enrol=staff-li\.si\./);
    await page.waitForTimeout(400);
    await ui.shots('03-link');
    await click('.staff-link-done');
    await row('li.si').waitFor();
    expect(await row('li.si').textContent()).toContain('待激活');
    expect(await row('li.si').textContent()).toContain('华东一组');
  }, 60_000);

  it('disables an agent after a confirmation, and resets another agent’s TOTP', async () => {
    await row('agent02').locator('.staff-disable').click();
    await page.waitForTimeout(400);
    await ui.shots('04-disable-confirm');
    await click('.staff-confirm');
    await row('agent02').getByText('已停用').waitFor();
    await row('agent01').locator('.staff-reset').click();
    await click('.staff-confirm');
    await row('agent01').getByText('待激活').waitFor();
    await ui.shots('05-after-changes');
    expect(ui.auditActions()).toEqual(expect.arrayContaining(['staff.add', 'staff.disable', 'staff.resetTotp']));
  }, 60_000);

  it('the new agent opens the link, sets a password, enrols the authenticator and is signed in', async () => {
    await page.context().clearCookies();
    await page.goto('about:blank'); // a fresh load: the link differs from the open page by its fragment only
    await page.goto(link);
    await page.waitForSelector('.enrol-submit');
    await ui.shots('06-enrol');
    const token = link.split('#enrol=')[1];
    const start = (await h.call('auth/enrolStart', { token })).data as { otpauthUrl: string };
    await page.fill('input[name=password]', 'Lisi2026pass');
    await page.fill('input[name=repeat]', 'Lisi2026pass');
    await page.fill('input[name=code]', currentTotp(new URL(start.otpauthUrl).searchParams.get('secret')!));
    await page.click('.enrol-submit');
    await page.waitForSelector('.queue-row');
    expect(await page.textContent('.me')).toContain('李四');
    expect(ui.auditActions()).toContain('staff.enrolled');
    // The link is spent.
    await page.context().clearCookies();
    await page.goto('about:blank');
    await page.goto(link);
    await page.waitForSelector('.login-error');
    expect(await page.textContent('.login-error')).toContain('激活链接无效或已使用');
    await ui.shots('07-link-spent');
  }, 60_000);
});
