// The first load (issue 13): index.html draws the page's shape before the wasm runs, and the
// app takes over without moving anything; the data the first screen needs (config.json, the
// node's health, the newest block summaries) is fetched while the wasm downloads, once each
// (the app's requests take the preloaded answers).
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS), under the CSP.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { card, expectTipShown, tipHeight } from './helpers';

/** The boxes of the header, the rail's bar, the rail and its first card. */
async function boxes(page: Page) {
  return page.evaluate(() =>
    ['.site-header', '.rail-bar', '.rail', '.rail .card'].map((selector) => {
      const element = document.querySelector(selector);
      if (!element) return `${selector}: missing`;
      const r = element.getBoundingClientRect();
      return `${selector}: ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    }),
  );
}

const FIRST_DATA = [/\/config\.json$/, /\/bitcoin\/v1\/health$/, /\/api\/data\/block-summaries\?limit=20&?$/];

for (const width of [1280, 360]) {
  test(`the shell has the app's shape: nothing moves when the app takes over (${width} px)`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: 800 });
    let releaseWasm: () => void = () => {};
    const wasmHeld = new Promise<void>((resolve) => (releaseWasm = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await wasmHeld;
      await route.continue();
    });
    await page.goto('./');
    // before the wasm runs: the shell, and a status line for screen readers
    await expect(page.locator('#boot .rail .card').first()).toBeVisible();
    await expect(page.locator('#boot-status')).toHaveText('Loading Stargate Explorer…');
    const shell = await boxes(page);
    expect(shell.filter((b) => b.endsWith('missing'))).toEqual([]);

    releaseWasm();
    await expectTipShown(page, await tipHeight(request));
    await expect(page.locator('#boot')).toHaveCount(0);
    await expect(page.locator('#boot-status')).toHaveCount(0);
    expect(await boxes(page)).toEqual(shell);
  });
}

test('config.json, health and the newest summaries start with the wasm, and are fetched once', async ({ page, request }) => {
  const started = new Map<string, number[]>();
  let wasmDone = Infinity;
  const t0 = Date.now();
  page.on('request', (r) => {
    const url = r.url();
    started.set(url, [...(started.get(url) ?? []), Date.now() - t0]);
  });
  page.on('requestfinished', (r) => {
    if (/_bg\.wasm$/.test(r.url())) wasmDone = Math.min(wasmDone, Date.now() - t0);
  });
  const unused: string[] = [];
  page.on('console', (m) => {
    if (/preloaded using link preload but not used/i.test(m.text())) unused.push(m.text());
  });
  await page.goto('./');
  const tip = await tipHeight(request);
  await expectTipShown(page, tip);
  await expect(card(page, tip)).toBeVisible();
  for (const pattern of FIRST_DATA) {
    const hits = [...started.entries()].filter(([url]) => pattern.test(url));
    expect(hits.length, `one URL matches ${pattern}`).toBe(1);
    const [url, times] = hits[0];
    expect(times.length, `${url} requested once`).toBe(1);
    expect(times[0], `${url} starts before the wasm has arrived`).toBeLessThan(wasmDone);
  }
  // a preload the app did not take would be reported a few seconds after the load
  await page.waitForTimeout(3500);
  expect(unused).toEqual([]);
});
