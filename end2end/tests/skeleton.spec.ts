// The explorer skeleton: rail with pending/tip/genesis cards, a clean load, error display and
// recovery, every backend error shape readable, and "load older".
// Selectors: [data-…] hooks, roles and accessible names only (docs/design.md "Interfaces").
import { type Page, type Route } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  alerts,
  cards,
  DIST_DIR,
  expectTipShown,
  heightsInDom,
  pendingCard,
  rail,
  restartDevserver,
  retryButton,
  startDevserver,
  tipHeight,
  type Devserver,
} from './helpers';

test.describe('explorer skeleton', () => {
  test('(a) pending = tip+1 first, then the tip, genesis last', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto('/');

    await expect(rail(page)).toBeVisible({ timeout: 30_000 });
    const pending = rail(page).locator('[data-pending]');
    await expect(pending).toHaveCount(1);
    await expect(pending).toHaveAttribute('data-height', String(tip + 1));
    await expect(pending).toBeVisible();

    const tipCard = rail(page).locator(`[data-height="${tip}"]`);
    await expect(tipCard).toHaveCount(1);
    await expect(tipCard).toBeVisible();
    await expect(tipCard).not.toHaveAttribute('data-pending', /.*/);

    // document order: pending before the tip
    const pendingBeforeTip = await rail(page).evaluate((r, tipH) => {
      const pendingEl = r.querySelector('[data-pending]')!;
      const tipEl = r.querySelector(`[data-height="${tipH}"]`)!;
      return !!(pendingEl.compareDocumentPosition(tipEl) & Node.DOCUMENT_POSITION_FOLLOWING);
    }, tip);
    expect(pendingBeforeTip, 'pending card precedes the tip card').toBe(true);

    // genesis is the last card: End goes there (the rail is virtualised, so it is not in the
    // DOM until then)
    await tipCard.click();
    await page.keyboard.press('End');
    const genesis = rail(page).locator('[data-genesis]');
    await expect(genesis).toHaveCount(1);
    await expect(genesis).toHaveAttribute('data-height', '0');
    await expect(genesis).toBeVisible();
    const genesisLast = await rail(page).evaluate((r) => {
      const all = Array.from(r.querySelectorAll('[data-height]'));
      return all[all.length - 1]?.hasAttribute('data-genesis') ?? false;
    });
    expect(genesisLast, 'genesis card is the last card').toBe(true);
  });

  test('(b) loads without page errors or console errors', async ({ page, request }) => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('crash', () => problems.push('page crashed'));

    const tip = await tipHeight(request);
    await page.goto('/');
    await expectTipShown(page, tip);
    await expect(pendingCard(page)).toBeVisible();
    // let deferred work (polls, lazy loads) run for a moment
    await page.waitForTimeout(2_000);
    expect(problems, problems.join('\n')).toEqual([]);
    await expect(alerts(page)).toHaveCount(0);
  });

  test('(c) backend down: alert + Retry, then recovery without reload', async ({ page }) => {
    test.setTimeout(180_000);
    // a second devserver used only as the API; the page-serving one points the app at it
    let api: Devserver | undefined = await startDevserver({ dist: null, name: 'api' });
    const web = await startDevserver({ apiBase: api.url, dist: DIST_DIR, name: 'web' });
    try {
      const config = await (await page.request.get(`${web.url}/config.json`)).json();
      expect(String(config.api_base).replace(/\/+$/, ''), '/config.json of the page-serving devserver').toBe(api.url);
      const tip = await tipHeight(page.request, api.url);

      await page.goto(`${web.url}/`);
      await expectTipShown(page, tip);
      await expect(alerts(page)).toHaveCount(0);
      // marker that a reload would wipe out
      await page.evaluate(() => ((window as unknown as { __e2eNoReload: number }).__e2eNoReload = 42));

      await api.kill();
      await expect(alerts(page).first()).toBeVisible({ timeout: 30_000 });
      expect((await alerts(page).first().innerText()).trim()).not.toBe('');
      await expect(alerts(page).first()).not.toContainText('[object Object]');
      await expect(retryButton(page)).toBeVisible({ timeout: 30_000 });

      api = await restartDevserver(api);
      await expect(alerts(page)).toHaveCount(0, { timeout: 30_000 });
      await expectTipShown(page, tip);
      expect(await cards(page).count()).toBeGreaterThan(2);
      const marker = await page.evaluate(() => (window as unknown as { __e2eNoReload?: number }).__e2eNoReload);
      expect(marker, 'the page was not reloaded').toBe(42);
    } finally {
      await web.stop();
      await api?.stop();
    }
  });
});

// ---- (d) every backend error shape is shown as readable text --------------------------------

interface Shape {
  name: string;
  status: number;
  contentType: string;
  body: string;
  expectText: string;
}

const SHAPES: Shape[] = [
  {
    name: 'shape A (nested error object, 503)',
    status: 503,
    contentType: 'application/json',
    body: JSON.stringify({
      success: false,
      error: { error: { code: '503', message: 'node unavailable', timestamp: '2025-01-01T00:00:00Z', request_id: '' } },
    }),
    expectText: 'node unavailable',
  },
  {
    name: 'shape D (error code + message, 408)',
    status: 408,
    contentType: 'application/json',
    body: JSON.stringify({ success: false, error: { error: 'request_timeout', message: 'Request timed out', code: 408 } }),
    expectText: 'Request timed out',
  },
  {
    name: 'plain text 404',
    status: 404,
    contentType: 'text/plain; charset=utf-8',
    body: 'No blocks available',
    expectText: 'No blocks available',
  },
  {
    name: 'HTML 502 from a proxy',
    status: 502,
    contentType: 'text/html',
    body:
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
      '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    expectText: 'Bad Gateway',
  },
];

test.describe('(d) error shapes are readable', () => {
  for (const shape of SHAPES) {
    test(shape.name, async ({ page, request }) => {
      const tip = await tipHeight(request);
      const handler = (route: Route) =>
        route.fulfill({ status: shape.status, contentType: shape.contentType, body: shape.body });
      await page.route('**/bitcoin/v1/health', handler);
      await page.route('**/bitcoin/v1/health?*', handler);

      await page.goto('/');
      const alert = alerts(page).filter({ hasText: shape.expectText }).first();
      await expect(alert).toBeVisible({ timeout: 30_000 });
      await expect(page.locator('body')).not.toContainText('[object Object]');
      const text = await alert.innerText();
      expect(text, 'no raw markup in the alert').not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(text).not.toContain('{"');
      await expect(retryButton(page)).toBeVisible();

      await page.unroute('**/bitcoin/v1/health', handler);
      await page.unroute('**/bitcoin/v1/health?*', handler);
      await retryButton(page).click();
      await expectTipShown(page, tip);
      await expect(alerts(page)).toHaveCount(0);
      await expect(page.locator('body')).not.toContainText('[object Object]');
    });
  }
});

// ---- (e) load older -------------------------------------------------------------------------

async function lowestNonGenesis(page: Page): Promise<number> {
  const hs = await heightsInDom(page, '[data-height]:not([data-genesis]):not([data-pending])');
  return Math.min(...hs.filter((h) => Number.isFinite(h)));
}

test('(e) scrolling the rail loads older cards', async ({ page, request }) => {
  const tip = await tipHeight(request);
  await page.goto('/');
  await expectTipShown(page, tip);
  await expect(pendingCard(page)).toBeVisible();
  const lowestBefore = await lowestNonGenesis(page);
  expect(lowestBefore, 'some loaded block below the tip').toBeLessThanOrEqual(tip);

  const box = (await rail(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 600);
  await expect.poll(() => lowestNonGenesis(page), { timeout: 15_000 }).toBeLessThan(lowestBefore - 20);
  await expect(rail(page).locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  await expect(alerts(page)).toHaveCount(0);
});
