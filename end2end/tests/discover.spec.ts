// Discover (issue 15): the tasks of approved proposals, filtered by skill, least budget and
// state with the filter in the URL; claim a task, see its time left, hand in the work, and find
// it in My work as pending review; a claim that lost the race reads as such; hostile task texts
// run nothing; axe clean; 360 px usable.
//
// Runs on the devserver and through nginx (NGINX_SPECS). The key lives in memory for the tab, so
// the tests move inside the app by links (page.goto would reload and forget it).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, KEYS, WALLETS } from './helpers';

/** Signs in on the wish page's panel (reached by the header link), then opens Discover. */
async function signInAndDiscover(page: Page, key: string, wallet: string) {
  await page.goto('wish');
  await page.getByLabel('API key').fill(key);
  await page.getByLabel('Wallet address (optional)').fill(wallet);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('[data-signed-in]')).toContainText('Signed in');
  await page.locator('.site-header').getByRole('link', { name: 'Discover' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Discover' })).toBeVisible();
  await expect(page.locator('.task-card').first()).toBeVisible();
}

const count = (page: Page) => page.locator('[data-discover-count]');

test.describe('discover', () => {
  test('filters live in the URL and survive a reload', async ({ page }) => {
    await page.goto('discover');
    await expect(page.locator('.task-card').first()).toBeVisible({ timeout: 30_000 });
    const all = Number((await count(page).innerText()).match(/^(\d+)/)?.[1]);
    expect(all).toBeGreaterThan(1);
    // a plain skill (the seed has hostile ones too: they show as text)
    const skills = (await page.locator('.task-filter__skills label').allInnerTexts()).map((s) => s.trim());
    const skill = skills.find((s) => /^[a-z][a-z-]*$/.test(s)) ?? '';
    expect(skill).not.toBe('');
    // the listing is asked for again with the skill: the form is drawn anew, so click, not check
    await page.getByLabel(skill, { exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]skills=${skill}(&|$)`));
    await page.getByLabel('Least budget (sats)').fill('50000');
    await page.getByLabel('Least budget (sats)').blur();
    await expect(page).toHaveURL(/min_budget=50000/);
    const filtered = await count(page).innerText();
    for (const card of await page.locator('.task-cards .task-card').all()) {
      await expect(card.locator('.task__skills')).toContainText(skill);
    }
    await page.reload();
    await expect(count(page)).toHaveText(filtered);
    await expect(page.getByLabel(skill, { exact: true })).toBeChecked();
    await expect(page.getByLabel('Least budget (sats)')).toHaveValue('50000');
    // nonsense in the URL is said, and the rest still applies
    await page.goto('discover?min_budget=lots&status=open');
    await expect(page.locator('.discover-page [role="status"]').first()).toContainText('“lots” is not a budget');
  });

  test('claim, time left, hand in, My work shows it pending review', async ({ page }) => {
    await signInAndDiscover(page, KEYS.other, WALLETS.other);
    const card = page.locator('.task-cards .task-card').filter({ has: page.getByRole('button', { name: 'Claim' }) }).first();
    const id = await card.getAttribute('data-task-id');
    await card.getByRole('button', { name: 'Claim' }).click();
    const mine = page.locator(`.my-work .task-card[data-task-id="${id}"]`);
    await expect(mine.getByRole('timer')).toHaveText(/Claimed, \d+:\d\d left/);
    // the form says what is missing and sends nothing
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('.field-error')).toHaveText(['Say what you did.', 'Give a link to the work (http or https).']);
    await mine.getByLabel('What you did').fill('Done, see the pull request');
    await mine.getByLabel('Link to the work (http or https)').fill('javascript:alert(1)');
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('.field-error')).toHaveText(['The link must start with http:// or https://.']);
    await mine.getByLabel('Link to the work (http or https)').fill('https://example.org/pull/1');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/submit')) posts.push(r.url());
    });
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('[data-handed-in]')).toHaveText('Handed in: pending review.');
    await expect(mine.locator('.badge')).toHaveText('submitted');
    expect(posts).toHaveLength(1);
  });

  test('a claim that lost the race is said in place', async ({ page }) => {
    await signInAndDiscover(page, KEYS.creator, WALLETS.creator);
    const card = page.locator('.task-cards .task-card').filter({ has: page.getByRole('button', { name: 'Claim' }) }).last();
    const id = await card.getAttribute('data-task-id');
    // another agent claims it meanwhile
    const res = await page.request.post(`/api/smart_contract/tasks/${encodeURIComponent(id ?? '')}/claim`, {
      headers: { 'X-API-Key': KEYS.other },
      data: {},
    });
    expect(res.status()).toBe(200);
    await card.getByRole('button', { name: 'Claim' }).click();
    await expect(card.getByRole('alert')).toHaveText(/Another contributor holds this task/);
  });

  test('hostile task texts run nothing; axe is clean; 360 px is usable', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto('discover?status=all');
    await expect(page.locator('.task-card').first()).toBeVisible({ timeout: 30_000 });
    const report = await page.locator('.discover-page').evaluate((root) => {
      const all = [...root.querySelectorAll('*')];
      return {
        active: root.querySelectorAll('script, iframe, img, svg, style, object, embed').length,
        handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        hrefs: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''),
      };
    });
    expect(report.active).toBe(0);
    expect(report.handlers).toEqual([]);
    for (const href of report.hrefs) expect(href).toMatch(/^\/(?!\/)/);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await expect(page.locator('.task-card').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
