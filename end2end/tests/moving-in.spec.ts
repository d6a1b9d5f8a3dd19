// What a person moving from the React frontend expects: its URLs open what they opened there,
// Back and Forward step through the blocks they chose, times read on their own clock, and the
// "Hide text" choice is remembered; on a phone the header folds into one menu, and it links the guide
// ("Documents", as the old header did). Runs on the devserver and through nginx at "/" and under
// "/explorer/" (NGINX_SPECS): the old URLs are deep links nginx must hand to the app.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, expectTipShown, pendingCard, rail, tipHeight } from './helpers';

const title = (page: Page) => page.locator('#block-view-title');
const selectedHeight = async (page: Page) =>
  Number(await rail(page).locator('[aria-selected="true"]').getAttribute('data-height'));

test.describe('moving in from the React frontend', () => {
  test('its URLs: /pending, /block/latest, /auth, /sandbox', async ({ page, request, baseURL }) => {
    const tip = await tipHeight(request, new URL(baseURL ?? '').origin);
    await page.goto('pending');
    await expectTipShown(page, tip);
    await expect(pendingCard(page)).toHaveAttribute('aria-selected', 'true');
    await expect(title(page)).toContainText(`Block ${(tip + 1).toLocaleString('en-US')}`);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toHaveCount(0);

    await page.goto('block/latest');
    await expectTipShown(page, tip);
    await expect(card(page, tip)).toHaveAttribute('aria-selected', 'true');
    await expect(title(page)).toContainText(`Block ${tip.toLocaleString('en-US')}`);

    await page.goto('auth');
    await expect(page).toHaveURL(/\/sign-in$/);

    // the old sitemap's /sandbox was the front page (its catch-all route)
    await page.goto('sandbox');
    await expect(page).toHaveURL(/\/$/);
    await expectTipShown(page, tip);

    // a block above the next one: not mined yet, with the way to the pending block
    await page.goto(`block/${tip + 5}`);
    await expect(page.locator('.block-view')).toContainText('has not been mined yet');
    await page.locator('.block-view').getByRole('link', { name: 'The next block' }).click();
    await expect(pendingCard(page)).toHaveAttribute('aria-selected', 'true');
    await expect(title(page)).toContainText('Pending');
  });

  test('Back and Forward step through the chosen blocks; arrow keys do not fill the history', async ({ page, request, baseURL }) => {
    const tip = await tipHeight(request, new URL(baseURL ?? '').origin);
    await page.goto('./');
    await expectTipShown(page, tip);
    await card(page, tip - 1).click();
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 1}$`));
    await card(page, tip - 4).click();
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 4}$`));
    // browsing with the keys follows the URL without new entries
    await card(page, tip - 4).press('ArrowRight');
    await card(page, tip - 5).press('ArrowRight');
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 6}$`));

    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 1}$`));
    await expect.poll(() => selectedHeight(page)).toBe(tip - 1);
    await expect(title(page)).toContainText(`Block ${(tip - 1).toLocaleString('en-US')}`);
    await page.goBack();
    await expect.poll(() => selectedHeight(page)).toBe(tip + 1);
    await page.goForward();
    await expect.poll(() => selectedHeight(page)).toBe(tip - 1);
    await page.goForward();
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 6}$`));
    await expect.poll(() => selectedHeight(page)).toBe(tip - 6);
  });

  test('"Hide text" follows the reader to another block and a reload', async ({ page, request, baseURL }) => {
    const tip = await tipHeight(request, new URL(baseURL ?? '').origin);
    await page.goto(`block/${tip - 2}`);
    const hide = page.getByRole('checkbox', { name: 'Hide text' });
    await expect(hide).not.toBeChecked();
    await hide.check();
    await card(page, tip - 3).click();
    await expect(title(page)).toContainText(`Block ${(tip - 3).toLocaleString('en-US')}`);
    await expect(hide).toBeChecked();
    await expect(page.locator('.ins-grid [data-inscription-id]:has(pre)')).toHaveCount(0);
    await page.reload();
    await expect(hide).toBeChecked();
    expect(await page.evaluate(() => localStorage.getItem('hide-text'))).toBe('1');
    await hide.uncheck();
    await page.reload();
    await expect(hide).not.toBeChecked();
  });

  test('on a 360 px phone: the header is one menu, the first block card shows without scrolling', async ({ page, request, baseURL }) => {
    const tip = await tipHeight(request, new URL(baseURL ?? '').origin);
    await page.setViewportSize({ width: 360, height: 760 });
    await page.goto('./');
    await expectTipShown(page, tip);
    const header = page.locator('.site-header');
    const headerBox = await header.boundingBox();
    expect(headerBox?.height ?? 999, 'the header takes two rows at most').toBeLessThan(120);
    const first = await card(page, tip).boundingBox();
    expect(first, 'the tip card is laid out').not.toBeNull();
    expect((first?.y ?? 999) + (first?.height ?? 0), 'the tip card ends on the first screen').toBeLessThanOrEqual(760);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // the links, the account and the theme are behind one button
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = header.getByRole('button', { name: 'Menu' });
    await expect(nav.getByRole('link', { name: 'Documents' })).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    for (const name of ['Contracts', 'Discover', 'Documents', 'Make a wish']) {
      await expect(nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(nav.locator('[data-account]')).toBeVisible();
    await expect(nav.getByRole('button', { name: /Theme/ })).toBeVisible();
    // Escape closes it and gives the focus back to the button
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
    // a chosen link closes it
    await menu.click();
    await nav.getByRole('link', { name: 'Documents' }).click();
    await expect(page).toHaveURL(/\/docs$/);
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Documents' })).toBeHidden();
  });

  test('on a wide screen the header shows its links, Documents among them, with no menu button', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('./');
    const header = page.locator('.site-header');
    await expect(header.getByRole('button', { name: 'Menu' })).toBeHidden();
    await header.getByRole('link', { name: 'Documents' }).click();
    await expect(page).toHaveURL(/\/docs$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });

  test.describe('in Tokyo', () => {
    test.use({ timezoneId: 'Asia/Tokyo' });

    test('a block\'s time reads on the reader\'s clock, the exact UTC time on hover', async ({ page, request, baseURL }) => {
      const origin = new URL(baseURL ?? '').origin;
      const tip = await tipHeight(request, origin);
      const res = await request.get(`${origin}/api/data/block-summaries?limit=1&cursor_height=${tip - 1}`);
      const block = (await res.json()).blocks[0];
      expect(block.block_height).toBe(tip - 2);
      const at = new Date(block.timestamp * 1000);
      const two = (n: number) => String(n).padStart(2, '0');
      const tokyo = new Date(at.getTime() + 9 * 3600_000); // no summer time in Tokyo
      const local = `${tokyo.getUTCFullYear()}-${two(tokyo.getUTCMonth() + 1)}-${two(tokyo.getUTCDate())} ${two(tokyo.getUTCHours())}:${two(tokyo.getUTCMinutes())}`;
      const utc = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())} UTC`;

      await page.goto(`block/${tip - 2}`);
      const time = page.locator('.facts time');
      await expect(time).toContainText(local);
      await expect(time).toContainText(/\((just now|.+ ago)\)$/);
      await expect(time).toHaveAttribute('title', utc);
      await expect(time).toHaveAttribute('datetime', at.toISOString().replace('.000Z', 'Z'));
    });
  });
});
