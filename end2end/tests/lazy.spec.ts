// Lazy pages: the contract, contracts, sign-in, wish, Discover, guide, search and inscription pages are wasm chunks that
// load on the first visit (dist/split-manifest.json lists them). What `/` loads holds none of
// them; a deep link to each page works; a chunk that fails to arrive is an error with a Retry,
// not a dead app, and the Retry loads it. A page's first API requests go out while its chunk
// is still downloading, and the page takes their answers instead of asking again; a Retry of
// the chunk asks again only for what failed.
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS), under the CSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type APIRequestContext, type Page, type Request } from '@playwright/test';
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
  { page: 'docs_page', url: 'docs', heading: /^Guide$/ },
  { page: 'search_page', url: 'search', heading: /^Search$/ },
  // the page's heading shows whatever the id: a malformed one is said below it
  { page: 'inscription_page', url: 'inscription/not-an-id', heading: /^Inscription$/ },
];

test.describe('lazy pages', () => {
  test('the manifest names every lazy page, and "/" loads none of their chunks', async ({ page, request }) => {
    expect(Object.keys(MANIFEST).sort()).toEqual(['contract_page', 'contracts_page', 'discover_page', 'docs_page', 'inscription_page', 'search_page', 'sign_in_page', 'wish_page']);
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

/** The seeded pending wish's hash (crates/devserver/src/contracts/seed/mod.rs). */
async function seededHash(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/smart_contract/proposals/proposal-1793491200000000001');
  expect(res.status()).toBe(200);
  return (await res.json()).visible_pixel_hash;
}

/** The API path and query of a request (the API is at /api on the origin, whatever the base). */
const apiPath = (request: Request) => {
  const url = new URL(request.url());
  return url.pathname.startsWith('/api/') ? url.pathname + url.search : '';
};

/** Each lazy page with data: the URL of a deep link, one of its first API requests, and what it shows once loaded. */
const DATA_PAGES: { page: string; url: (hash: string) => string; api: (hash: string) => RegExp; shown: string }[] = [
  {
    page: 'contract_page',
    url: (hash) => `contract/wish-${hash}`,
    api: (hash) => new RegExp(`^/api/smart_contract/proposals\\?contract_id=${hash}&`),
    shown: '[data-contract-hash]',
  },
  { page: 'contracts_page', url: () => 'contracts', api: () => /^\/api\/open-contracts\?.*status=confirmed/, shown: '[data-contract-id]' },
  // the listing (the activity feed is polled again every few seconds)
  { page: 'discover_page', url: () => 'discover', api: () => /^\/api\/smart_contract\/proposals\?limit=/, shown: '[data-discover-count]' },
];

test.describe('a lazy page asks for its data while its chunk downloads', () => {
  for (const { page: name, url, api, shown } of DATA_PAGES) {
    test(`/${url('…')}: the API request goes out before the chunk's answer, and once`, async ({ page, request }) => {
      const hash = await seededHash(request);
      const wanted = api(hash);
      const asked: string[] = [];
      let seen: () => void = () => {};
      const apiSeen = new Promise<void>((resolve) => (seen = resolve));
      page.on('request', (r) => {
        if (wanted.test(apiPath(r))) {
          asked.push(apiPath(r));
          seen();
        }
      });
      // the page's chunks are held until its API request went out (at most 10 s)
      const files = new Set(MANIFEST[name]);
      let beforeChunk = false;
      await page.route(
        (u) => files.has(u.toString().split('/').pop() ?? ''),
        async (route) => {
          beforeChunk = await Promise.race([apiSeen.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
          await route.continue();
        },
      );
      await page.goto(url(hash));
      await expect(page.locator(shown).first()).toBeVisible({ timeout: 30_000 });
      expect(beforeChunk, 'the API request was sent while the chunk was held').toBe(true);
      // the page took the answer on its way: the same request was not sent again
      expect(asked).toHaveLength(1);
      await expect(alerts(page)).toHaveCount(0);
    });
  }

  test('Retry after a failed chunk asks again for the data that failed, not for what arrived', async ({ page }) => {
    const open = /^\/api\/open-contracts\?.*status=confirmed/;
    const asked: string[] = [];
    let answers = 0;
    page.on('request', (r) => {
      if (open.test(apiPath(r))) asked.push(apiPath(r));
    });
    page.on('response', (r) => {
      if (open.test(apiPath(r.request()))) answers++;
    });
    let chunkFails = true;
    let dataFails = true;
    await page.route(
      (u) => isChunk(u.toString()),
      (route) => (chunkFails ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()),
    );
    await page.route(
      (u) => u.pathname === '/api/open-contracts' && u.searchParams.get('status') === 'confirmed',
      (route) => (dataFails ? route.fulfill({ status: 503, json: { error: 'unavailable' } }) : route.continue()),
    );
    await page.goto('contracts');
    await expect(alerts(page)).toContainText('Could not load this page', { timeout: 30_000 });
    await expect.poll(() => answers).toBe(1);
    expect(asked).toHaveLength(1);

    // the data failed as well: the Retry asks for it again with the chunk
    chunkFails = false;
    dataFails = false;
    await retryButton(page).click();
    await expect(page.locator('[data-contract-id]').first()).toBeVisible({ timeout: 30_000 });
    await expect(alerts(page)).toHaveCount(0);
    expect(asked).toHaveLength(2);
  });

  test('Retry after a failed chunk takes the data that arrived meanwhile', async ({ page }) => {
    const open = /^\/api\/open-contracts\?.*status=confirmed/;
    const asked: string[] = [];
    let answered: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (answered = resolve));
    page.on('request', (r) => {
      if (open.test(apiPath(r))) asked.push(apiPath(r));
    });
    page.on('response', (r) => {
      if (open.test(apiPath(r.request()))) answered();
    });
    let chunkFails = true;
    await page.route(
      (u) => isChunk(u.toString()),
      (route) => (chunkFails ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()),
    );
    await page.goto('contracts');
    await expect(alerts(page)).toContainText('Could not load this page', { timeout: 30_000 });
    await arrived;

    chunkFails = false;
    await retryButton(page).click();
    await expect(page.locator('[data-contract-id]').first()).toBeVisible({ timeout: 30_000 });
    await expect(alerts(page)).toHaveCount(0);
    expect(asked, 'the answer that arrived before the Retry was used').toHaveLength(1);
  });
});
