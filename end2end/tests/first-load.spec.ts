// The first load: index.html draws the page's shape before the wasm runs, and the
// app takes over without moving anything; the data the first screen needs (config.json, the
// node's health, the newest block summaries) is fetched while the wasm downloads, once each
// (the app's requests take the preloaded answers). On the front page web/first-screen.js
// draws the first cards from those answers before the wasm runs, the app's own markup in the
// same boxes, and the shell stays over the app until the app shows them too.
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

/** Every card of `rail` as markup (comments out, attributes and class names sorted, the
 * rail's a11y position left out: the shell is inert) with its box, by height. */
async function cards(page: Page, rail: string) {
  return page.evaluate((rail) => {
    const normalized = (node: Node): string => {
      if (node.nodeType === Node.TEXT_NODE) return (node as Text).data;
      if (node.nodeType !== Node.ELEMENT_NODE) return '';
      const el = node as Element;
      const attributes = [...el.attributes]
        .filter((a) => a.name !== 'aria-posinset' && a.name !== 'aria-setsize')
        .map((a) => `${a.name}="${a.name === 'class' ? a.value.split(/\s+/).filter(Boolean).sort().join(' ') : a.value}"`)
        .sort();
      return `<${el.localName} ${attributes.join(' ')}>${[...el.childNodes].map(normalized).join('')}</${el.localName}>`;
    };
    const out: Record<string, { markup: string; box: string }> = {};
    for (const card of document.querySelectorAll(`${rail} .card[data-height]`)) {
      const r = card.getBoundingClientRect();
      out[(card as HTMLElement).dataset.height!] = {
        markup: normalized(card),
        box: `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`,
      };
    }
    return out;
  }, rail);
}

/** Holds every .wasm until the returned function is called. */
async function holdWasm(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const FIRST_DATA = [/\/config\.json$/, /\/bitcoin\/v1\/health$/, /\/api\/data\/block-summaries\?limit=20&?$/];

for (const width of [1280, 360]) {
  test(`the shell has the app's shape: nothing moves when the app takes over (${width} px)`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: 800 });
    const releaseWasm = await holdWasm(page);
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

test('before the app runs, the front page asks for six files, one of them a script', async ({ page, request }) => {
  // over HTTP/1.1 a browser opens six connections to a host: all six go out in the first round
  // (the thumbnails of the drawn cards come after the cards)
  const asked: string[] = [];
  page.on('request', (r) => {
    if (!['document', 'image'].includes(r.resourceType())) asked.push(new URL(r.url()).pathname);
  });
  const releaseWasm = await holdWasm(page);
  await page.goto('./');
  await expect(page.locator('#boot[data-drawn]')).toHaveCount(1);
  const kinds = asked.map((p) => p.replace(/-[0-9a-f]+(_bg)?\./, '-H$1.').replace(/^.*\//, ''));
  expect(kinds.sort()).toEqual(['block-summaries', 'boot-H.js', 'config.json', 'health', 'main-H.css', 'stargate-explorer-H_bg.wasm']);
  releaseWasm();
  await expectTipShown(page, await tipHeight(request));
});

for (const width of [1280, 360]) {
  test(`the first cards are drawn before the wasm runs, as the app draws them, and stay until it does (${width} px)`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: 800 });
    const tip = await tipHeight(request);
    // per animation frame: is the tip's loaded card on screen, and whose is it
    await page.addInitScript((tip) => {
      const frames: string[] = [];
      (window as unknown as { __frames: string[] }).__frames = frames;
      const loaded = `[data-height="${tip}"]:not([data-pending]):not([aria-busy="true"])`;
      const record = () => {
        frames.push(
          document.querySelector(`#boot .rail ${loaded}`) ? 'shell' : document.querySelector(`[data-rail] ${loaded}`) ? 'app' : 'none',
        );
        requestAnimationFrame(record);
      };
      requestAnimationFrame(record);
    }, tip);
    const releaseWasm = await holdWasm(page);
    await page.goto('./');
    await expect(page.locator(`#boot .rail [data-height="${tip}"]:not([aria-busy])`)).toBeVisible();
    await expect(page.locator('#boot')).toHaveAttribute('data-drawn', '');
    const shell = await cards(page, '#boot .rail');
    expect(Object.keys(shell)).toContain(String(tip + 1)); // the pending block

    releaseWasm();
    await expectTipShown(page, tip);
    await expect(page.locator('#boot')).toHaveCount(0);
    const app = await cards(page, '[data-rail]');
    const both = Object.keys(shell).filter((height) => height in app);
    expect(both).toEqual(expect.arrayContaining([String(tip + 1), String(tip)]));
    for (const height of both) expect(app[height], `card ${height}`).toEqual(shell[height]);

    const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
    const seen = frames.indexOf('shell');
    expect(seen, 'a frame showed the shell\'s card').toBeGreaterThanOrEqual(0);
    expect(frames.slice(seen).includes('none'), `no frame without the card after it: ${frames.slice(seen).join(' ')}`).toBe(false);
  });
}

test('the first cards are drawn on the front page only', async ({ page, request }) => {
  const tip = await tipHeight(request);
  const releaseWasm = await holdWasm(page);
  const summaries = page.waitForResponse(/\/api\/data\/block-summaries\?limit=20/);
  await page.goto(`block/${tip - 3}`);
  await summaries; // the preload came; nothing draws from it here
  await page.waitForTimeout(500);
  await expect(page.locator('#boot .rail .skeleton-card').first()).toBeVisible();
  await expect(page.locator('#boot[data-drawn]')).toHaveCount(0);
  expect(await page.evaluate(() => 'stargateFirstAnswers' in window)).toBe(false);
  releaseWasm();
  await expectTipShown(page, tip);
  await expect(page.locator('.block-card.selected')).toHaveAttribute('data-height', String(tip - 3));
});
