// What the app does when a request or the app itself goes wrong: a hung request becomes the
// error banner with Retry (the client's time limit, config.json's request_timeout_ms), a 429 says
// how long to wait, a trap of the wasm (a panic) shows "The app stopped — reload", and the
// suite's own guard fails any test whose page throws.
import { expect, test } from './fixtures';

/** config.json as served, with `request_timeout_ms` set (so a hung request fails in seconds). */
async function shortTimeout(page: import('@playwright/test').Page, ms: number) {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const json = { ...(await response.json()), request_timeout_ms: ms };
    await route.fulfill({ response, json });
  });
}

test('a hung request becomes the error banner with Retry, and Retry loads', async ({ page }) => {
  await shortTimeout(page, 1_500);
  let hang = true;
  await page.route('**/api/open-contracts**', async (route) => {
    if (hang) return; // never answered: the client must give up by itself
    await route.continue();
  });
  await page.goto('contracts');
  const banner = page.getByRole('alert').filter({ hasText: 'Could not load the contracts' });
  await expect(banner).toContainText('no answer within 2 s', { timeout: 10_000 });
  await expect(page.getByText('Loading contracts…')).toHaveCount(0);
  hang = false;
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.locator('.contract-row, .empty-state').first()).toBeVisible();
});

test('a 429 says how long to wait', async ({ page }) => {
  await page.route('**/api/open-contracts**', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '7', 'Content-Type': 'application/json' },
      body: JSON.stringify({ success: false, error: { error: 'rate_limited', message: 'slow down', code: 429 } }),
    }),
  );
  await page.goto('contracts');
  await expect(page.getByRole('alert')).toContainText('Too many requests, retry in 7 s');
});

test.describe('the app stopped', () => {
  test.use({ failOnPageError: false });

  test('a trap of the wasm shows "The app stopped — reload" over the page', async ({ page, pageErrors }) => {
    await page.goto('./');
    await expect(page.locator('[data-rail]')).toBeVisible();
    // What a panic is to the page: a WebAssembly.RuntimeError thrown out of a task of the app.
    await page.evaluate(() =>
      setTimeout(() => {
        throw new WebAssembly.RuntimeError('unreachable');
      }),
    );
    const notice = page.getByRole('alert').filter({ hasText: 'The app stopped — reload' });
    await expect(notice).toBeVisible();
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeFocused();
    expect(pageErrors.join('\n')).toContain('RuntimeError');
    // An error that is not a trap leaves the app alone.
    await page.reload();
    await expect(page.locator('[data-rail]')).toBeVisible();
    await page.evaluate(() =>
      setTimeout(() => {
        throw new TypeError('not the app');
      }),
    );
    await expect.poll(() => pageErrors.some((e) => e.includes('not the app'))).toBe(true);
    await expect(page.getByText('The app stopped — reload')).toHaveCount(0);
  });
});

test.describe('the page-error guard', () => {
  // The guard is on here: the test must end failed, because its page throws.
  test.fail();
  test('fails a test whose page throws', async ({ page }) => {
    await page.goto('./');
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('an uncaught error in the page');
      }),
    );
    await page.waitForTimeout(200);
  });
});
