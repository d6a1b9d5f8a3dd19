// The guide (/docs, /docs/<name>.md): the index lists the pages, a page's table renders, the old
// frontend's addresses open the closest page, links between pages stay in the app (no reload),
// an unknown name says so. Every test fails on a CSP violation or a page error (./fixtures).
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS): there a reload
// of /docs/<name>.md must reach the app, not nginx's 404 for a missing file.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations } from './helpers';

const title = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** Marks the document; a full page load loses the mark. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __guideMark?: number }).__guideMark = 1));
}
async function documentMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __guideMark?: number }).__guideMark === 1);
}

test.describe('the guide', () => {
  test('/docs lists the guide pages, and the footer links it', async ({ page }) => {
    await page.goto('./');
    const footerLink = page.locator('.site-footer').getByRole('link', { name: 'Guide' });
    await expect(footerLink).toBeVisible({ timeout: 30_000 });
    await markDocument(page);
    await footerLink.click();
    await expect(title(page, 'Guide')).toBeVisible({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toMatch(/\/docs$/);
    expect(await documentMarked(page), 'the footer link stays in the app').toBe(true);
    const links = page.locator('[data-guide-index] a');
    await expect(links).toHaveText([
      "The explorer's pages",
      'Signing in',
      'Making a wish',
      'Contracts and proposals',
      'Discover: claiming and handing in tasks',
      'Deploying the explorer',
      'Glossary',
    ]);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(href).toMatch(/\/docs\/[a-z-]+\.md$/);
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a page with a table renders the table, without inline styles', async ({ page }) => {
    const response = await page.goto('docs/glossary.md');
    expect(response?.status()).toBe(200);
    await expect(title(page, 'Glossary')).toBeVisible({ timeout: 30_000 });
    const table = page.locator('.markdown table');
    await expect(table.getByRole('columnheader')).toHaveText(['Word', 'Meaning']);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(10);
    await expect(table.getByRole('row', { name: /PSBT/ })).toContainText('partially signed');
    await expect(page.locator('.markdown [style]')).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the old frontend's addresses open the closest page, or the index, with a note", async ({ page }) => {
    const response = await page.goto('docs/USER_GUIDE.md');
    expect(response?.status()).toBe(200);
    await expect(title(page, 'Making a wish')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-old-address]')).toContainText("old explorer's user guide");
    await page.goto('docs/REFERENCE.md');
    await expect(title(page, 'Guide')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-old-address]')).toContainText('API reference');
    await page.goto('docs/glossary.md');
    await expect(title(page, 'Glossary')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-old-address]')).toHaveCount(0);
  });

  test('a link between guide pages navigates in the app, without a reload', async ({ page }) => {
    await page.goto('docs/pages.md');
    await expect(title(page, "The explorer's pages")).toBeVisible({ timeout: 30_000 });
    await markDocument(page);
    const link = page.locator('.markdown').getByRole('link', { name: 'sign in', exact: true });
    await expect(link).toHaveAttribute('href', /\/docs\/sign-in\.md$/);
    await link.click();
    await expect(title(page, 'Signing in')).toBeVisible();
    expect(new URL(page.url()).pathname).toMatch(/\/docs\/sign-in\.md$/);
    expect(await documentMarked(page), 'no full page load').toBe(true);
    // Back returns to the page before, still in the app
    await page.goBack();
    await expect(title(page, "The explorer's pages")).toBeVisible();
    expect(await documentMarked(page)).toBe(true);
  });

  test('an unknown page says so and links the index', async ({ page }) => {
    await page.goto('docs/no-such-page.md');
    await expect(title(page, 'No such guide page')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('link', { name: 'See all guide pages' }).click();
    await expect(title(page, 'Guide')).toBeVisible();
  });

  test('outside a sub-path, /docs/<name>.md is not the app', async ({ request, baseURL }) => {
    const base = new URL(baseURL ?? 'http://x/').pathname;
    test.skip(base === '/', 'served at the root');
    expect((await request.get('/docs/glossary.md', { maxRedirects: 0 })).status()).toBe(404);
  });
});
