// Every kind of in-app link stays inside the app's base path: the header's links, block cards,
// inscription cards, the inscription page's block link, search results, and the not-found
// page's way back. Runs on the devserver and through nginx at "/" and under "/explorer/"
// (NGINX_SPECS), so a link that forgot the base path would leave the app.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, expectTipShown, tipHeight } from './helpers';

/** The path the app is served under ("/" or "/explorer/"). */
function basePath(baseURL: string | undefined): string {
  return new URL(baseURL ?? 'http://x/').pathname;
}

async function expectInside(page: Page, base: string, rest: RegExp) {
  await expect.poll(() => new URL(page.url()).pathname).toMatch(new RegExp(`^${base.replace(/\//g, '\\/')}`));
  expect(new URL(page.url()).pathname.slice(base.length)).toMatch(rest);
}

test.describe('links stay under the base path', () => {
  test('header, block and inscription cards, the inscription page, search', async ({ page, request, baseURL }) => {
    const base = basePath(baseURL);
    const tip = await tipHeight(request, new URL(baseURL ?? '').origin);
    await page.goto('./');
    await expectTipShown(page, tip);

    // the header: "Make a wish", then the brand back home
    await page.getByRole('link', { name: 'Make a wish' }).click();
    await expectInside(page, base, /^wish$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Make a wish' })).toBeVisible();
    await page.getByRole('link', { name: /Stargate Explorer/ }).click();
    await expectInside(page, base, /^$/);
    await expectTipShown(page, tip);

    // a block card (the URL follows the selection)
    await card(page, tip - 3).click();
    await expectInside(page, base, new RegExp(`^block/${tip - 3}$`));

    // an inscription card, then the inscription page's link back to its block
    const first = page.locator('[data-inscription-id]:has(pre) a').first();
    await expect(first).toBeVisible({ timeout: 20_000 });
    const href = (await first.getAttribute('href')) ?? '';
    expect(href.startsWith(base), `${href} starts with ${base}`).toBe(true);
    await first.click();
    await expectInside(page, base, /^inscription\/[0-9a-f]{64}_\d+$/);
    expect(new URL(page.url()).searchParams.get('block')).toBe(String(tip - 3));
    await expect(page.locator('.inscription-page [data-inscription-id]')).toBeVisible({ timeout: 20_000 });
    await page.getByRole('link', { name: `Block ${(tip - 3).toLocaleString('en-US')}` }).click();
    await expectInside(page, base, new RegExp(`^block/${tip - 3}$`));

    // search: a height is a link at once; Enter goes there
    const search = page.getByRole('searchbox', { name: /Search blocks/ });
    await search.fill(String(tip - 1));
    const hit = page.locator('.search__hit').first();
    await expect(hit).toBeVisible();
    expect((await hit.getAttribute('href'))?.startsWith(base)).toBe(true);
    await hit.click();
    await expectInside(page, base, new RegExp(`^block/${tip - 1}$`));
    await search.fill(String(tip - 2));
    await search.press('Enter');
    await expectInside(page, base, new RegExp(`^block/${tip - 2}$`));
  });

  test('the not-found page leads back to the blocks, inside the base path', async ({ page, request, baseURL }) => {
    const base = basePath(baseURL);
    const tip = await tipHeight(request, new URL(baseURL ?? '').origin);
    await page.goto('no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Back to the blocks' }).click();
    await expectInside(page, base, /^$/);
    await expectTipShown(page, tip);
  });

  test('an id with reserved characters is encoded into one path segment', async ({ page, baseURL }) => {
    const base = basePath(baseURL);
    await page.goto(`inscription/${encodeURIComponent('a/b?c#d')}`);
    await expect(page.getByRole('status').filter({ hasText: 'not an inscription id' })).toBeVisible({ timeout: 30_000 });
    await expectInside(page, base, /^inscription\/a%2Fb%3Fc%23d$/);
  });
});
