// Lazy pages: the contract, contracts, discover, search, sign-in and wish pages are wasm chunks that
// load on the first visit (dist/split-manifest.json lists them). What `/` loads holds none of
// them; a deep link to each page works; a chunk that fails to arrive is an error with a Retry,
// not a dead app, and the Retry loads it.
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS), under the CSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { alerts, DIST_DIR, expectTipShown, retryButton, tipHeight } from './helpers';

/** Page → the chunk files it loads, as the build wrote them. */
const MANIFEST: Record<string, string[]> = JSON.parse(
  fs.readFileSync(path.join(DIST_DIR, 'split-manifest.json'), 'utf8'),
);
const ALL_CHUNKS = new Set(Object.values(MANIFEST).flat());
const isChunk = (url: string) => ALL_CHUNKS.has(url.split('/').pop() ?? '');

/** Every chunk the page fetches (by file name). */
function chunkRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (isChunk(request.url())) seen.push(request.url().split('/').pop() ?? '');
  });
  return seen;
}

/** Page errors (a panic of the app shows up as one). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const PAGES: { page: string; url: string; heading: RegExp }[] = [
  { page: 'contracts_page', url: 'contracts', heading: /^Contracts$/ },
  { page: 'sign_in_page', url: 'sign-in', heading: /^Sign in$/ },
  { page: 'wish_page', url: 'wish', heading: /^Make a wish$/ },
  { page: 'discover_page', url: 'discover', heading: /^Discover$/ },
  { page: 'search_page', url: 'search', heading: /^Search$/ },
];

test.describe('lazy pages', () => {
  test('the manifest names every lazy page, and "/" loads none of their chunks', async ({ page, request }) => {
    expect(Object.keys(MANIFEST).sort()).toEqual(['contract_page', 'contracts_page', 'discover_page', 'search_page', 'sign_in_page', 'wish_page']);
    for (const [name, files] of Object.entries(MANIFEST)) {
      expect(files.length, `${name} has chunk files`).toBeGreaterThan(0);
    }
    const fetched = chunkRequests(page);
    await page.goto('./');
    await expectTipShown(page, await tipHeight(request));
    expect(fetched, 'no lazy chunk in the first load').toEqual([]);
  });

  for (const { page: name, url, heading } of PAGES) {
    test(`a deep link to /${url} loads its chunks and shows the page`, async ({ page }) => {
      const fetched = chunkRequests(page);
      const errors = pageErrors(page);
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 30_000 });
      expect(new Set(fetched)).toEqual(new Set(MANIFEST[name]));
      expect(errors).toEqual([]);
    });
  }

  test('a chunk that fails is an error with Retry; the app lives on and Retry loads the page', async ({ page }) => {
    const errors = pageErrors(page);
    let failing = true;
    await page.route(
      (url) => isChunk(url.toString()),
      (route) => (failing ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()),
    );
    await page.goto('contracts');
    await expect(alerts(page)).toContainText('Could not load this page', { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name: /^Contracts$/ })).toHaveCount(0);

    // the app did not die: the header still navigates (to another lazy page, failing too)
    await page.locator('.site-header').getByRole('link', { name: 'Make a wish' }).click();
    await expect(page).toHaveURL(/\/wish$/);
    await expect(alerts(page)).toContainText('Could not load this page');

    failing = false;
    await retryButton(page).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Make a wish$/ })).toBeVisible({ timeout: 30_000 });
    await expect(alerts(page)).toHaveCount(0);
    // and the first page, whose chunk failed, loads now as well
    await page.locator('.site-header').getByRole('link', { name: 'Contracts' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Contracts$/ })).toBeVisible({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});
