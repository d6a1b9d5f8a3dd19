// The block rail: a virtualised horizontal list from the pending block to genesis on
// a mainnet-scale chain (tip 900,000) and on a sparse one, driven by wheel, drag, keyboard, the
// jump box and deep links; live updates that do not move a user in history; polling that pauses
// while the tab is hidden. Each describe starts its own devserver.
import type { Page, Request } from '@playwright/test';
import { test, expect } from './fixtures';
import { DIST_DIR, pollEvery, rail, runDir, startDevserver, type Devserver } from './helpers';
import * as path from 'node:path';

const SLOT_PX = 180; // src/chain/viewport.rs SLOT_PX

interface Shown {
  height: number | null;
  gapFrom: number | null;
  gapTo: number | null;
  left: number;
  right: number;
  busy: boolean;
}

/** The cards in the rail's DOM with their boxes, and the rail's box. */
async function shown(page: Page): Promise<{ cards: Shown[]; left: number; right: number; width: number }> {
  return rail(page).evaluate((r) => {
    const box = r.getBoundingClientRect();
    const cards = Array.from(r.querySelectorAll('[role="option"]')).map((el) => {
      const b = el.getBoundingClientRect();
      const num = (a: string) => (el.hasAttribute(a) ? Number(el.getAttribute(a)) : null);
      return {
        height: num('data-height'),
        gapFrom: num('data-gap-from'),
        gapTo: num('data-gap-to'),
        left: b.left,
        right: b.right,
        busy: el.getAttribute('aria-busy') === 'true',
      };
    });
    return { cards, left: box.left, right: box.right, width: box.width };
  });
}

/** The most cards the rail may hold: three screens of slots plus the partial ones. */
function bound(width: number): number {
  return 3 * Math.ceil(width / SLOT_PX) + 2;
}

async function expectBounded(page: Page, where: string): Promise<number> {
  const s = await shown(page);
  expect(s.cards.length, `${where}: ${s.cards.length} cards for a ${s.width}px rail`).toBeLessThanOrEqual(bound(s.width));
  expect(s.cards.length, where).toBeGreaterThan(0);
  return s.cards.length;
}

/** The card of `height` is rendered, loaded, and centred in the rail (within half a slot). */
async function expectCentred(page: Page, height: number): Promise<void> {
  await expect(rail(page).locator(`[data-height="${height}"]`)).toBeVisible({ timeout: 15_000 });
  await expect(rail(page).locator(`[data-height="${height}"]`)).not.toHaveAttribute('aria-busy', 'true', { timeout: 15_000 });
  const s = await shown(page);
  const c = s.cards.find((x) => x.height === height)!;
  const centre = (s.left + s.right) / 2;
  expect(Math.abs((c.left + c.right) / 2 - centre), 'centred').toBeLessThanOrEqual(SLOT_PX / 2 + 1);
}

/** Heights fully inside the rail's box, left to right. */
async function visibleHeights(page: Page): Promise<number[]> {
  const s = await shown(page);
  return s.cards
    .filter((c) => c.height !== null && c.left >= s.left - 1 && c.right <= s.right + 1)
    .map((c) => c.height as number);
}

async function wheelOverRail(page: Page, dy: number, times = 1): Promise<void> {
  const box = await rail(page).boundingBox();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  for (let i = 0; i < times; i++) await page.mouse.wheel(0, dy);
}

test.describe('rail on a 900,000-block chain', () => {
  let server: Devserver;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startDevserver({
      db: path.join(runDir(), 'rail-900k.sqlite'),
      generateTip: 900_000,
      dist: DIST_DIR,
      name: 'rail-900k',
      startTimeoutMs: 150_000,
    });
  });
  test.afterAll(async () => server?.stop());

  test('holds about three screens of cards at the tip, in the middle and at genesis', async ({ page }) => {
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator('[data-pending]')).toBeVisible({ timeout: 30_000 });
    await expect(rail(page).locator('[data-height="900000"]')).toBeVisible();
    const atTip = await expectBounded(page, 'tip');

    await page.goto(`${server.url}/block/450000`);
    await expectCentred(page, 450_000);
    await expect(rail(page).locator('[data-height="450001"]')).toBeVisible();
    await expect(rail(page).locator('[data-height="449999"]')).toBeVisible();
    const middle = await expectBounded(page, 'middle');

    await rail(page).locator('[data-height="450000"]').focus();
    await page.keyboard.press('End');
    await expect(rail(page).locator('[data-genesis]')).toBeVisible({ timeout: 15_000 });
    await expect(page).toHaveURL(/\/block\/0$/);
    const atGenesis = await expectBounded(page, 'genesis');
    // nothing after genesis: it is the last card, at the right edge
    const s = await shown(page);
    expect(s.cards[s.cards.length - 1].height).toBe(0);
    // (within the 12 px gap that follows every card)
    expect(Math.abs(s.cards[s.cards.length - 1].right - s.right)).toBeLessThanOrEqual(13);
    console.log(`[rail] cards in the DOM: tip ${atTip}, middle ${middle}, genesis ${atGenesis}`);

    await page.keyboard.press('Home');
    await expect(rail(page).locator('[data-pending]')).toBeVisible();
    await expect(page).toHaveURL(/\/block\/900001$/);
  });

  test('scrolls continuously with the wheel, loads every height in order, and keeps the page still', async ({ page }) => {
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator('[data-height="900000"]')).toBeVisible({ timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = await visibleHeights(page);
    // a vertical wheel moves the rail, not the page
    let lowest = Math.min(...before);
    for (let step = 0; step < 20; step++) {
      await wheelOverRail(page, 900);
      await page.waitForTimeout(30);
      await expectBounded(page, `wheel step ${step}`);
    }
    expect(await page.evaluate(() => window.scrollY), 'page did not scroll').toBe(0);
    // every rendered card is loaded shortly, with consecutive heights (no holes, no repeats)
    await expect(rail(page).locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
    const heights = (await shown(page)).cards.map((c) => c.height).filter((h) => h !== null) as number[];
    for (let i = 1; i < heights.length; i++) expect(heights[i], 'consecutive, newest first').toBe(heights[i - 1] - 1);
    const after = Math.min(...(await visibleHeights(page)));
    expect(after, 'moved towards genesis').toBeLessThan(lowest - 80);
    lowest = after;
    // with the page scrolled down (a block's inscriptions below), placeholders loading into
    // cards never move it
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.goto(`${server.url}/block/899990`);
    await expect(page.locator('[data-inscription-id]').first()).toBeVisible({ timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, 60));
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    for (let step = 0; step < 8; step++) {
      const b = (await rail(page).boundingBox())!;
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      await page.mouse.wheel(1_500, 0); // horizontal: a trackpad swipe
      await page.waitForTimeout(50);
    }
    await expect(rail(page).locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
    expect(await page.evaluate(() => window.scrollY), 'the page kept its vertical position').toBe(scrolled);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator('[data-height="900000"]')).toBeVisible({ timeout: 30_000 });
    await wheelOverRail(page, 900, 5);
    // and back
    await wheelOverRail(page, -900, 30);
    await expect(rail(page).locator('[data-pending]')).toBeVisible();
    await expect(page.getByRole('button', { name: /Back to tip/ })).toHaveCount(0);
  });

  test('a card that stays in the window is never re-inserted, either way, and keeps its focus', async ({ page }) => {
    await page.goto(`${server.url}/block/800000`);
    await expectCentred(page, 800_000);
    // every node the track gains, and the cards there now that were not there before
    const watch = () =>
      rail(page).evaluate((r) => {
        const track = r.querySelector('.rail__track')!;
        const w = window as unknown as { __before: Set<Node>; __added: number; __obs?: MutationObserver };
        w.__obs?.disconnect();
        w.__before = new Set(track.children);
        w.__added = 0;
        w.__obs = new MutationObserver((records) => records.forEach((m) => (w.__added += m.addedNodes.length)));
        w.__obs.observe(track, { childList: true });
      });
    const changes = () =>
      rail(page).evaluate((r) => {
        const w = window as unknown as { __before: Set<Node>; __added: number };
        const track = r.querySelector('.rail__track')!;
        return { added: w.__added, fresh: [...track.children].filter((c) => !w.__before.has(c)).length };
      });
    const card = rail(page).locator('[data-height="800000"]');
    await card.focus();
    for (const [dy, towards] of [[-360, 'the tip'], [360, 'genesis']] as const) {
      await watch();
      await wheelOverRail(page, dy, 6);
      await expect(rail(page).locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
      const { added, fresh } = await changes();
      expect(fresh, `towards ${towards}: new cards came in`).toBeGreaterThan(0);
      expect(added, `towards ${towards}: only the new cards were inserted`).toBe(fresh);
      // a card that is moved in the DOM loses focus; this one stayed in the window
      await expect(card).toBeFocused();
    }
  });

  test('jump box and deep links centre the block; a jump is a history entry, the keys are not', async ({ page }) => {
    await page.goto(`${server.url}/block/654321`);
    await expectCentred(page, 654_321);
    await expect(rail(page).locator('[data-height="654321"]')).toHaveAttribute('aria-selected', 'true');
    await expect(rail(page).locator('[data-height="654321"]')).toHaveAttribute('aria-posinset', String(900_001 - 654_321 + 1));
    const historyBefore = await page.evaluate(() => history.length);

    await page.getByPlaceholder('Go to height').fill('123,456');
    const t0 = Date.now();
    await page.getByPlaceholder('Go to height').press('Enter');
    await expectCentred(page, 123_456);
    console.log(`[rail] jump to 123,456 rendered and loaded in ${Date.now() - t0} ms (incl. test overhead)`);
    await expect(rail(page).locator('[data-height="123457"]')).toBeVisible();
    await expect(rail(page).locator('[data-height="123455"]')).toBeVisible();
    await expect(page).toHaveURL(/\/block\/123456$/);
    expect(await page.evaluate(() => history.length), 'the jump is an entry').toBe(historyBefore + 1);
    await page.keyboard.press('Tab'); // leave the box; the selection stays
    await rail(page).locator('[data-height="123456"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/\/block\/123455$/);
    await expect(rail(page).locator('[data-height="123455"]')).toBeFocused();
    await page.keyboard.press('PageDown');
    await expect(page).not.toHaveURL(/\/block\/123455$/);
    const url = page.url();
    const paged = Number(url.slice(url.lastIndexOf('/') + 1));
    expect(paged).toBeLessThan(123_455 - 3);
    await expect(rail(page).locator(`[data-height="${paged}"]`)).toBeFocused();
    expect(await page.evaluate(() => history.length), 'no entries for the keys').toBe(historyBefore + 1);

    // bad input: a clear message, nothing moves
    await page.getByPlaceholder('Go to height').fill('999999999');
    await page.getByPlaceholder('Go to height').press('Enter');
    await expect(page.locator('#jump-error')).toContainText('not mined yet');
    await expect(page).toHaveURL(new RegExp(`/block/${paged}$`));
  });

  test('a mouse drag moves the rail with momentum and never clicks a card; a click still selects', async ({ page }) => {
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator('[data-height="900000"]')).toBeVisible({ timeout: 30_000 });
    const box = (await rail(page).boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width - 40, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width - 40 - i * 60, y);
    await page.mouse.up();
    const right = Math.min(...(await visibleHeights(page)));
    await page.waitForTimeout(600);
    const afterMomentum = Math.min(...(await visibleHeights(page)));
    expect(afterMomentum, 'momentum carried on after the release').toBeLessThan(right);
    expect(page.url(), 'a drag selects nothing').not.toMatch(/\/block\//);
    await expect(page.getByRole('button', { name: /Back to tip/ })).toBeVisible();

    const target = (await visibleHeights(page))[1];
    await rail(page).locator(`[data-height="${target}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/block/${target}$`));
    await page.getByRole('button', { name: /Back to tip/ }).click();
    await expect(rail(page).locator('[data-pending]')).toBeVisible();
  });

  test('touch: a horizontal swipe moves the rail', async ({ browser }) => {
    const context = await browser.newContext({ hasTouch: true, viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator('[data-height="900000"]')).toBeVisible({ timeout: 30_000 });
    const before = Math.min(...(await visibleHeights(page)));
    const box = (await rail(page).boundingBox())!;
    const client = await context.newCDPSession(page);
    const y = box.y + box.height / 2;
    const point = (x: number) => [{ x, y, id: 1 }];
    await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(box.x + box.width - 20) });
    for (let i = 1; i <= 8; i++) {
      await client.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(box.x + box.width - 20 - i * 35) });
    }
    await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(async () => Math.min(...(await visibleHeights(page)))).toBeLessThan(before);
    await context.close();
  });
});

test.describe('rail on a sparse chain', () => {
  let server: Devserver;
  test.beforeAll(async () => {
    server = await startDevserver({
      db: path.join(runDir(), 'rail-sparse.sqlite'),
      generateTip: 3_000,
      sparse: true,
      dist: DIST_DIR,
      name: 'rail-sparse',
    });
  });
  test.afterAll(async () => server?.stop());

  test('each unindexed run is one gap card, and genesis makes no request loop', async ({ page }) => {
    const summaries: string[] = [];
    page.on('request', (r: Request) => {
      if (r.url().includes('/api/data/block-summaries')) summaries.push(r.url());
    });
    await page.goto(`${server.url}/block/0`);
    await expect(rail(page).locator('[data-genesis]')).toBeVisible({ timeout: 30_000 });
    // genesis is not indexed here (the scanner "started" at 31): one gap of 30 next to it
    const gap = rail(page).locator('[data-gap-from="1"][data-gap-to="30"]');
    await expect(gap).toBeVisible({ timeout: 15_000 });
    await expect(gap).toContainText('30 blocks not indexed');
    await expect(rail(page).locator('[data-height="31"]')).toBeVisible();
    await expect(rail(page).locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
    const settled = summaries.length;
    await page.waitForTimeout(3_000);
    // only polls of the newest page may follow (no cursor requests once everything shown is known)
    const later = summaries.slice(settled).filter((u) => u.includes('cursor_height'));
    expect(later, `requests after settling: ${later.join(', ')}`).toEqual([]);

    // the middle gaps of the generator, scrolled past with the keyboard
    await page.goto(`${server.url}/block/${3_000 / 5 - 1}`);
    await expect(rail(page).locator('[data-gap-from="600"]')).toBeVisible({ timeout: 15_000 });
    const g = rail(page).locator('[data-gap-from="600"]');
    const to = Number(await g.getAttribute('data-gap-to'));
    expect(to).toBeGreaterThanOrEqual(604);
    await expect(g).toContainText(`${to - 600 + 1} blocks not indexed`);
    await rail(page).locator('[data-height="599"]').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(new RegExp(`/block/${to + 1}$`), { timeout: 5_000 });
  });

  test('a mined block appears within one poll; a user in history is not moved', async ({ page, request }) => {
    const POLL_MS = 300;
    await pollEvery(page, POLL_MS);
    const tip = (await (await request.get(`${server.url}/bitcoin/v1/health`)).json()).bitcoin.block_height as number;
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator(`[data-height="${tip}"]`)).toBeVisible({ timeout: 30_000 });
    // at the tip: the new block slides in with the next poll
    expect((await request.post(`${server.url}/dev/mine`)).ok()).toBe(true);
    const minedAt = Date.now();
    await expect(rail(page).locator(`[data-height="${tip + 1}"]:not([data-pending])`)).toBeVisible({ timeout: 5_000 });
    await expect(rail(page).locator('[data-pending]')).toHaveAttribute('data-height', String(tip + 2));
    expect(Date.now() - minedAt, 'shown within about one poll').toBeLessThan(POLL_MS + 2_000);

    // in history: what is under the user's eyes stays put
    await page.goto(`${server.url}/block/1000`);
    await expectCentred(page, 1_000);
    const before = (await shown(page)).cards.find((c) => c.height === 1_000)!;
    expect((await request.post(`${server.url}/dev/mine`)).ok()).toBe(true);
    await expect
      .poll(async () => page.evaluate(() => document.querySelectorAll('[data-rail] [data-pending]').length), { timeout: 5_000 })
      .toBe(0);
    // one more poll after the block arrived: nothing moves on a later poll either
    await page.waitForResponse((r) => r.url().includes('/bitcoin/v1/health'), { timeout: 5_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = (await shown(page)).cards.find((c) => c.height === 1_000)!;
    expect(Math.abs(after.left - before.left), 'block 1,000 did not move').toBeLessThanOrEqual(1);
    const health = await (await request.get(`${server.url}/bitcoin/v1/health`)).json();
    expect(health.bitcoin.block_height).toBe(tip + 2);
  });

  test('polling pauses while the tab is hidden and resumes at once on return', async ({ page }) => {
    const POLL_MS = 1_000;
    await pollEvery(page, POLL_MS);
    await page.addInitScript(() => {
      const w = window as unknown as { __hidden: boolean };
      w.__hidden = false;
      Object.defineProperty(document, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible') });
      Object.defineProperty(document, 'hidden', { get: () => w.__hidden });
    });
    const health: number[] = [];
    page.on('request', (r: Request) => {
      if (r.url().includes('/bitcoin/v1/health')) health.push(Date.now());
    });
    await page.goto(`${server.url}/`);
    await expect(rail(page).locator('[data-pending]')).toBeVisible({ timeout: 30_000 });
    // visible: it polls every POLL_MS
    const visibleFrom = health.length;
    await expect.poll(() => health.length, { timeout: 3 * POLL_MS }).toBeGreaterThan(visibleFrom);
    await page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const hiddenAt = health.length;
    await page.waitForTimeout(1.5 * POLL_MS); // longer than one poll interval
    expect(health.length, 'no poll while hidden').toBe(hiddenAt);
    const shownAt = Date.now();
    await page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = false;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => health.length, { timeout: 3_000 }).toBeGreaterThan(hiddenAt);
    expect(health[hiddenAt] - shownAt, 'polled at once on return, not an interval later').toBeLessThan(POLL_MS / 2);
  });
});
