// The search results page, /search?q=: a shared URL shows the devserver chain's hits grouped by
// kind with counts; the arrow keys move through the hits and Enter opens one, Back returns to
// the results; a search from the page's own field is a new history entry; hostile inscription
// text is shown as text (no element, no dialog); the header's search box opens the page on Enter
// and from "See all results".
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS): page URLs are
// relative to baseURL, the API is at /api on the same origin.
import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, collectDialogs, expectTipShown, tipHeight } from './helpers';

const LISTS = ['blocks', 'inscriptions', 'transactions', 'contracts', 'proposals'] as const;

interface SearchHit {
  id: string;
  block_height?: number;
  text?: string;
}
type SearchData = Partial<Record<(typeof LISTS)[number], SearchHit[] | null>>;

/** The backend's answer to a search (the same devserver behind the page). */
async function apiSearch(request: APIRequestContext, origin: string, q: string): Promise<SearchData> {
  const res = await request.get(`${origin}/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status()).toBe(200);
  return (await res.json()).data;
}

const origin = (baseURL: string | undefined) => new URL(baseURL ?? '').origin;
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const status = (page: Page) => page.locator('.search-page__status');
const hits = (page: Page) => page.locator('.search-page__hit');
const group = (page: Page, kind: string) => page.locator(`[data-group="${kind}"]`);


test.describe('the search page', () => {
  test('a shared URL shows the hits grouped by kind, with counts', async ({ page, request, baseURL }) => {
    // "blocks" asks the backend for its recent results: every list has hits
    const data = await apiSearch(request, origin(baseURL), 'blocks');
    const kinds = LISTS.filter((k) => (data[k] ?? []).length > 0);
    expect(kinds, 'the devserver answers "blocks" with blocks, inscriptions and contracts').toEqual(
      expect.arrayContaining(['blocks', 'inscriptions', 'contracts']),
    );
    await page.goto('search?q=blocks');
    await expect(heading(page)).toHaveText('Search: blocks', { timeout: 30_000 });
    await expect(status(page)).toContainText(/^\d+ results? for “blocks”: /);
    await expect(page.locator('[data-group]')).toHaveCount(kinds.length);
    let total = 0;
    for (const kind of kinds) {
      const links = group(page, kind).locator('.search-page__hit');
      const n = await links.count();
      expect(n, kind).toBeGreaterThan(0);
      // the backend may list a transaction once per inscription: the page shows it once
      expect(n, kind).toBeLessThanOrEqual(data[kind]!.length);
      await expect(group(page, kind).getByRole('heading', { level: 2 })).toHaveText(new RegExp(`^${kind} \\(${n}\\)$`, 'i'));
      total += n;
    }
    await expect(status(page)).toContainText(`${total} results for “blocks”`);
    // each hit is a link to its page, under the base path
    const base = new URL(baseURL ?? '').pathname.replace(/\/$/, '');
    const block = data.blocks![0];
    await expect(group(page, 'blocks').locator(`a[href="${base}/block/${block.block_height}"]`)).toHaveCount(1);
    const contract = group(page, 'contracts').locator('a').first();
    expect(await contract.getAttribute('href')).toMatch(new RegExp(`^${base}/contract/`));

    // a reload shows the same
    await page.reload();
    await expect(status(page)).toContainText(`${total} results for “blocks”`, { timeout: 30_000 });
    await expect(hits(page)).toHaveCount(total);

    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  test('a height is an exact match, first', async ({ page, request, baseURL }) => {
    const tip = await tipHeight(request, origin(baseURL));
    const height = tip - 5;
    await page.goto(`search?q=${height}`);
    const first = hits(page).first();
    await expect(first).toContainText('Exact match', { timeout: 30_000 });
    await expect(first).toContainText(`Block ${height.toLocaleString('en-US')}`);
    await expect(page.locator('[data-group]').first()).toHaveAttribute('data-group', 'blocks');
  });

  test('the arrow keys move through the hits, Enter opens one, Back returns', async ({ page }) => {
    await page.goto('search?q=bitcoin');
    await expect(hits(page).nth(2)).toBeVisible({ timeout: 30_000 });
    // the page starts at its heading; the live region says what was found
    await expect(heading(page)).toBeFocused();
    await expect(status(page)).toHaveAttribute('role', 'status');
    await page.keyboard.press('ArrowDown');
    await expect(hits(page).nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(hits(page).nth(2)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(hits(page).nth(1)).toBeFocused();
    // Tab goes on to the next hit too
    await page.keyboard.press('Tab');
    await expect(hits(page).nth(2)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(hits(page).nth(0)).toBeFocused();
    const href = (await hits(page).nth(0).getAttribute('href')) ?? '';
    expect(href).toMatch(/\/(block|inscription|contract)\//);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(href);
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('bitcoin');
    await expect(hits(page).first()).toBeVisible({ timeout: 30_000 });
    await expect(heading(page)).toHaveText('Search: bitcoin');
  });

  test("the page's own field makes a history entry; Back returns to the previous query", async ({ page }) => {
    await page.goto('search?q=bitcoin');
    await expect(status(page)).toContainText('for “bitcoin”', { timeout: 30_000 });
    const field = page.getByRole('searchbox', { name: 'Search for' });
    await expect(field).toHaveValue('bitcoin');
    await field.fill('satoshi moon');
    await field.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('satoshi moon');
    await expect(status(page)).toContainText(/(results? for|No results for) “satoshi moon”/, { timeout: 30_000 });
    await expect(heading(page)).toBeFocused();
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('bitcoin');
    await expect(status(page)).toContainText('for “bitcoin”');
    await expect(field).toHaveValue('bitcoin');
  });

  test('no query: the help; nothing found: says so, with the query', async ({ page }) => {
    await page.goto('search');
    await expect(heading(page)).toHaveText('Search', { timeout: 30_000 });
    await expect(page.locator('.search-page__help')).toContainText('block height');
    await expect(hits(page)).toHaveCount(0);
    await page.goto('search?q=zzqx-nothing-matches');
    await expect(status(page)).toContainText('No results for “zzqx-nothing-matches”', { timeout: 30_000 });
    await expect(hits(page)).toHaveCount(0);
  });

  test('hostile inscription text and a hostile query are shown as text', async ({ page, request, baseURL }) => {
    const dialogs = collectDialogs(page);
    const data = await apiSearch(request, origin(baseURL), 'onerror');
    const hostile = (data.inscriptions ?? []).find((h) => h.text?.includes('<img src=x onerror='));
    expect(hostile, 'the devserver seeds <img onerror> inscriptions in its newest blocks').toBeTruthy();
    const query = '<img src=x onerror=alert(9)>';
    await page.goto(`search?q=${encodeURIComponent(query)}`);
    await expect(heading(page)).toHaveText(`Search: ${query}`, { timeout: 30_000 });
    await page.goto('search?q=onerror');
    const shown = group(page, 'inscriptions').locator('.search-page__hit', { hasText: '<img src=x onerror=' }).first();
    await expect(shown).toBeVisible({ timeout: 30_000 });
    // nothing but the app's own markup: no element came from the text
    expect(await page.locator('.search-page img, .search-page script, .search-page iframe, .search-page svg').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test("the header's Enter and its \"See all results\" open the page", async ({ page, request, baseURL }) => {
    const tip = await tipHeight(request, origin(baseURL));
    await page.goto('./');
    await expectTipShown(page, tip);
    const box = page.getByRole('searchbox', { name: /Search blocks/ });
    await box.fill('bitcoin');
    await box.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('bitcoin');
    expect(new URL(page.url()).pathname).toMatch(/\/search$/);
    await expect(hits(page).first()).toBeVisible({ timeout: 30_000 });
    await expect(heading(page)).toBeFocused();
    // a height still goes straight to its block
    await box.fill(String(tip - 2));
    await box.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(new RegExp(`/block/${tip - 2}$`));
    // the dropdown's last entry opens the page for what was typed
    await box.fill('moon');
    const all = page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'See all results' });
    await expect(all).toBeVisible({ timeout: 15_000 });
    await all.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('moon');
    await expect(status(page)).toContainText('for “moon”', { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Search results' })).toHaveCount(0);
  });
});
