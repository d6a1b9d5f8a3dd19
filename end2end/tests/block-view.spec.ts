// The block view: selecting blocks, hostile inscriptions rendered safely, open
// contracts on the pending block, the inscription page, search and the theme.
// Selectors: docs/design.md "Interfaces" hooks ([data-rail], [data-height], [data-pending],
// [data-inscription-id], role="alert") plus roles and accessible names.
//
// The CSP guard of ./fixtures is off here: hostile HTML inside the sandboxed frames is
// SUPPOSED to trip the framed document's CSP under nginx; that must not fail this spec. The
// page-error guard stays on.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, expectTipShown, pendingCard, rail, tipHeight } from './helpers';

test.use({ failOnCspViolation: false });

// Control characters (but \t \n), C1, bidi marks/embeddings/overrides/isolates, LS/PS, BOM.
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF]/;

const grid = (page: Page) => page.locator('.ins-grid');
const inscriptionCards = (page: Page) => page.locator('[data-inscription-id]');

/** Select `height` in the rail by clicking its card (brought into view with the jump box when
 * the virtualised rail does not show it), and wait for its grid to settle. */
async function selectBlock(page: Page, height: number) {
  const target = rail(page).locator(`[data-height="${height}"]`);
  const inView = await target
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      const box = el.closest('[data-rail]')!.getBoundingClientRect();
      return r.left >= box.left && r.right <= box.right;
    }, undefined, { timeout: 1_000 })
    .catch(() => false);
  if (!inView) {
    await page.getByPlaceholder('Go to height').fill(String(height));
    await page.getByPlaceholder('Go to height').press('Enter');
  }
  await target.click();
  await expect(page).toHaveURL(new RegExp(`/block/${height}$`));
  await expect(target).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Block ${height.toLocaleString('en-US')}`) })).toBeVisible();
  await expect(inscriptionCards(page).first().or(page.getByText('No inscriptions indexed for this block'))).toBeVisible({
    timeout: 20_000,
  });
}

test.describe('block view', () => {
  test('hostile inscriptions of the newest blocks run nothing in the app origin, and the layout holds', async ({
    page,
    request,
  }) => {
    const tip = await tipHeight(request);
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    const popups: string[] = [];
    page.context().on('page', (p) => popups.push(p.url()));

    await page.goto('/');
    await expectTipShown(page, tip);

    // The top 20 blocks carry the whole hostile corpus; go through twelve of them.
    const seenIds = new Set<string>();
    let framesRendered = 0;
    let hugeTextRendered = false;
    let lastUrl = '';
    for (let depth = 0; depth < 12; depth++) {
      const h = tip - depth;
      await selectBlock(page, h);
      // Scroll every card into view so lazy frames and images really load.
      const n = await inscriptionCards(page).count();
      for (let i = 0; i < n; i++) {
        await inscriptionCards(page).nth(i).scrollIntoViewIfNeeded();
        seenIds.add((await inscriptionCards(page).nth(i).getAttribute('data-inscription-id')) ?? '');
      }
      await page.waitForTimeout(400);
      lastUrl = page.url();

      // Every frame is sandboxed exactly "allow-scripts" (no allow-same-origin), lazy, and
      // points at the content endpoint.
      const frames = await grid(page)
        .locator('iframe')
        .evaluateAll((els) => els.map((e) => ({ sandbox: e.getAttribute('sandbox'), loading: e.getAttribute('loading'), src: e.getAttribute('src') ?? '' })));
      for (const f of frames) {
        expect(f.sandbox).toBe('allow-scripts');
        expect(f.loading).toBe('lazy');
        expect(f.src).toContain('/content/');
      }
      // A frame counts as rendered once it has a box on the page.
      framesRendered += await grid(page)
        .locator('iframe')
        .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).length);
      // The 1 MiB text: its card names the size and shows a non-empty, bounded preview.
      hugeTextRendered ||= await inscriptionCards(page).evaluateAll((els) =>
        els.some((e) => {
          const preview = e.querySelector('pre')?.textContent ?? '';
          return /text\/plain/.test(e.textContent ?? '') && /1\.0 MB/.test(e.textContent ?? '') && preview.length > 0 && preview.length < 10_000;
        }),
      );
      // No script element ever made it into the app document from an inscription.
      expect(await grid(page).locator('script, object, embed').count()).toBe(0);

      // Text previews carry no control or bidi-override characters.
      const texts = await inscriptionCards(page).evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      for (const t of texts) expect(t, JSON.stringify(t.slice(0, 200))).not.toMatch(FORBIDDEN);

      // Layout holds: every inscription card has the same box.
      const boxes = await inscriptionCards(page).evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { w: Math.round(r.width * 2) / 2, h: Math.round(r.height * 2) / 2 };
        }),
      );
      for (const b of boxes) expect(b).toEqual(boxes[0]);
    }
    expect(seenIds.size).toBeGreaterThan(12);
    // The hostile corpus is there: at least one framed kind and the huge text were rendered.
    expect(framesRendered, 'sandboxed frames rendered').toBeGreaterThan(0);
    expect(hugeTextRendered, 'the 1 MiB text inscription was shown as a bounded preview').toBe(true);

    // Nothing ran in the app origin.
    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
    expect(page.url()).toBe(lastUrl);
    await expect(rail(page)).toBeVisible();
    expect(await page.evaluate(() => document.title)).not.toContain('=');
  });

  test('hide text asks for images only, and a slow block never fills another block', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto(`/block/${tip - 1}`);
    await expectTipShown(page, tip);
    await expect(card(page, tip - 1)).toHaveAttribute('aria-selected', 'true');
    await expect(inscriptionCards(page).first()).toBeVisible({ timeout: 20_000 });

    const asked = page.waitForRequest((r) => r.url().includes(`/block-inscriptions/${tip - 1}`) && r.url().includes('filter=image'));
    await page.getByLabel('Hide text').check();
    await asked;
    await expect(inscriptionCards(page).locator('pre')).toHaveCount(0);
    // the choice is remembered from block to block (moving-in.spec.ts): back to every inscription
    await page.getByLabel('Hide text').uncheck();

    // Block A answers slowly; block B is selected meanwhile: A's answer must not show.
    const a = tip - 6;
    const b = tip - 7;
    await page.route(`**/api/data/block-inscriptions/${a}?**`, async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue().catch(() => {});
    });
    // A's answer has had its chance once its request ended: answered, or aborted by the app
    let aEnded = false;
    const endsA = (r: { url(): string }) => {
      if (r.url().includes(`/block-inscriptions/${a}?`)) aEnded = true;
    };
    page.on('requestfinished', endsA);
    page.on('requestfailed', endsA);
    const bPage = await (await request.get(`/api/data/block-inscriptions/${b}?limit=20`)).json();
    const bIds = new Set<string>((bPage.inscriptions ?? []).map((i: { id: string }) => i.id));
    // A is selected through the jump box (which centres it, so B is in view next to it)
    await page.getByPlaceholder('Go to height').fill(String(a));
    await page.getByPlaceholder('Go to height').press('Enter');
    await expect(page).toHaveURL(new RegExp(`/block/${a}$`));
    await card(page, b).click();
    await expect(page).toHaveURL(new RegExp(`/block/${b}$`));
    await expect.poll(() => aEnded, { timeout: 10_000 }).toBe(true);
    const shownIds = () => inscriptionCards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-inscription-id')));
    await expect.poll(async () => (await shownIds()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const shown = await inscriptionCards(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-inscription-id')));
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(bIds.has(id!), `${id} belongs to block ${b}`).toBe(true);
  });

  test('a failing block shows a readable error with Retry, a 404 an empty state', async ({ page, request }) => {
    const tip = await tipHeight(request);
    let fail = true;
    await page.route(`**/api/data/block-inscriptions/${tip - 2}?**`, async (route) => {
      if (fail) await route.fulfill({ status: 500, contentType: 'text/plain', body: 'database is locked' });
      else await route.continue();
    });
    await page.route(`**/api/data/block-inscriptions/${tip - 4}?**`, (route) =>
      route.fulfill({ status: 404, contentType: 'text/plain', body: 'block not found' }),
    );
    await page.goto(`/block/${tip - 2}`);
    const alert = page.getByRole('alert').filter({ hasText: 'database is locked' });
    await expect(alert).toBeVisible({ timeout: 20_000 });
    fail = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(inscriptionCards(page).first()).toBeVisible();

    await card(page, tip - 4).click();
    await expect(page.getByText('No inscriptions indexed for this block')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  });

  test('the pending block shows the open contracts with BTC and sats', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto('/');
    await expectTipShown(page, tip);
    await pendingCard(page).click();
    await expect(page).toHaveURL(new RegExp(`/block/${tip + 1}$`));
    await expect(pendingCard(page)).toHaveAttribute('aria-selected', 'true');
    const contracts = page.locator('[data-contract-id]');
    await expect(contracts.first()).toBeVisible({ timeout: 20_000 });
    const api = await (await request.get('/api/open-contracts?status=pending')).json();
    const first = api.data.contracts[0];
    const sats: number = first.totalBudgetSats ?? Math.round(first.price * 1e8);
    const item = page.locator(`[data-contract-id="${first.id}"]`);
    await expect(item).toContainText(`${sats.toLocaleString('en-US')} sat`);
    await expect(item).toContainText(' BTC');
    await expect(item.locator('img, .tile--fallback')).toHaveCount(1);
    const texts = await contracts.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    for (const t of texts) expect(t).not.toMatch(FORBIDDEN);
  });

  test('keyboard: arrows move between cards without filling history; Enter chooses one (a history entry)', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto('/');
    await expectTipShown(page, tip);
    const before = await page.evaluate(() => history.length);
    await card(page, tip).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/block/${tip}$`));
    await expect(card(page, tip)).toHaveAttribute('aria-selected', 'true');
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await page.keyboard.press('ArrowRight');
    await expect(card(page, tip - 1)).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 1}$`));
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 2}$`));
    expect(await page.evaluate(() => history.length), 'the arrows add no entry').toBe(before + 1);
    // Space chooses the focused card; it is the one the arrows selected, so the URL stays
    await page.keyboard.press(' ');
    await expect(card(page, tip - 2)).toHaveAttribute('aria-selected', 'true');
    await expect(card(page, tip)).toHaveAttribute('aria-selected', 'false');
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await page.goBack();
    await expect(page).not.toHaveURL(/\/block\//);
  });

  test('genesis shows its coinbase message', async ({ page }) => {
    await page.goto('/block/0');
    await expect(page.locator('[data-genesis]')).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
    await expect(page.locator('.genesis-message')).toContainText(/\S{6,}/);
  });

  test('the inscription page shows the full text and copies it', async ({ page, request, context }) => {
    const tip = await tipHeight(request);
    const h = tip - 3; // the 1 MiB text lives here
    const body = await (await request.get(`/api/data/block-inscriptions/${h}?limit=100&fields=full`)).json();
    const huge = body.inscriptions.find((i: { size_bytes: number }) => i.size_bytes >= 1 << 20);
    expect(huge, 'the devserver puts a 1 MiB text at tip-3').toBeTruthy();

    // Without the block hint: the page finds the block through /api/search.
    await page.goto(`/inscription/${huge.id}`);
    const text = page.locator('.full-text__body');
    await expect(text).toBeVisible({ timeout: 30_000 });
    const shown = await text.evaluate((e) => e.textContent ?? '');
    expect(shown.length).toBe(huge.content.length);
    expect(shown).toBe(huge.content);
    await expect(page.getByText(huge.tx_id).first()).toBeVisible();
    await expect(page.getByText('text/plain').first()).toBeVisible();
    await expect(page.getByRole('link', { name: `Block ${h.toLocaleString('en-US')}` })).toBeVisible();

    // A small hostile text through the in-app link, and its copy button.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/block/${h}`);
    const textCard = page.locator(`[data-inscription-id]:not([data-inscription-id="${huge.id}"])`).filter({ has: page.locator('pre') }).first();
    await expect(textCard).toBeVisible({ timeout: 20_000 });
    const id = await textCard.getAttribute('data-inscription-id');
    await textCard.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/inscription/${id}`));
    await expect(text).toBeVisible();
    const expected = await text.evaluate((e) => e.textContent ?? '');
    expect(expected).not.toMatch(FORBIDDEN);
    await page.getByRole('button', { name: 'Copy text' }).click();
    await expect(page.getByText('Copied')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  });

  test('search: a height navigates, free text lists results that navigate', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto('/');
    await expectTipShown(page, tip);
    const box = page.getByRole('searchbox');
    await box.fill(String(tip - 5));
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/block/${tip - 5}$`));
    await expect(card(page, tip - 5)).toHaveAttribute('aria-selected', 'true');

    await box.fill('bitcoin');
    const results = page.getByRole('region', { name: 'Search results' });
    const first = results.getByRole('link').first();
    await expect(first).toBeVisible({ timeout: 15_000 });
    await first.click();
    await expect(page).toHaveURL(/\/(block|inscription)\//);
  });

  test('the theme toggle persists across reloads and stores only "theme"', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto('/');
    await expectTipShown(page, tip);
    const toggle = page.getByRole('button', { name: /Theme:/ });
    for (let i = 0; i < 3 && (await page.locator('html').getAttribute('data-theme')) !== 'dark'; i++) {
      await toggle.click();
    }
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBg);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['theme']);
    // Light under a dark system preference: no dark rule leaks in.
    await page.emulateMedia({ colorScheme: 'dark' });
    await toggle.click(); // dark -> auto
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'auto');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBg);
    await toggle.click(); // auto -> light
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBg);
  });

  test('fits a 360 px wide screen', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`/block/${tip}`);
    await expect(inscriptionCards(page).first()).toBeVisible({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
