// Rail benchmark (docs/design.md "Budgets"; `make bench` writes its figures into
// docs/budgets.md): on a 900,000-block devserver chain, prints
//   - rail element count at the tip, in the middle and at genesis (budget: about 3 screens)
//   - time from a jump to rendered, loaded cards (budget: 300 ms on loopback)
//   - JS heap + wasm memory after scrolling 20,000 blocks (budget: 40 MB)
//   - p95 frame time during continuous wheel scrolling with a 4x CPU throttle (budget: 16.7 ms),
//     towards genesis (cards come in loading) and back towards the tip (cards come in loaded)
// Figures only: shared 2-core machines are noisy, so nothing here fails on a time.
import { test, expect, type Page } from '@playwright/test';
import * as path from 'node:path';
import { DIST_DIR, runDir, startDevserver, type Devserver } from '../tests/helpers';
import { Figures } from './figures';

const SLOT_PX = 180; // src/chain/viewport.rs SLOT_PX
const TIP = 900_000;
const rail = (page: Page) => page.locator('[data-rail]');

let server: Devserver;
test.beforeAll(async () => {
  server = await startDevserver({
    db: path.join(runDir(), 'bench-900k.sqlite'),
    generateTip: TIP,
    dist: DIST_DIR,
    name: 'bench-900k',
    startTimeoutMs: 300_000,
  });
});
test.afterAll(async () => server?.stop());

const cardCount = (page: Page) => page.locator('[data-rail] [role="option"]').count();

/** Wasm memory: Trunk's loader announces the instance with TrunkApplicationStarted. */
async function memory(page: Page): Promise<{ heap: number; wasm: number; nodes: number }> {
  const client = await page.context().newCDPSession(page);
  await client.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await client.send('Runtime.getHeapUsage')) as { usedSize: number };
  const wasm = await page.evaluate(() => (window as unknown as { __wasmMemory?: WebAssembly.Memory }).__wasmMemory?.buffer.byteLength ?? -1);
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  await client.detach();
  return { heap: usedSize, wasm, nodes };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

test('rail figures on a 900,000-block chain', async ({ page }) => {
  const figures = new Figures('rail-bench');
  const report = figures.report.bind(figures);
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => {
      const detail = (e as CustomEvent).detail as { wasm?: { memory?: WebAssembly.Memory } };
      (window as unknown as { __wasmMemory?: WebAssembly.Memory }).__wasmMemory = detail?.wasm?.memory;
    });
  });
  await page.goto(`${server.url}/`);
  await expect(rail(page).locator(`[data-height="${TIP}"]`)).toBeVisible({ timeout: 60_000 });
  const railWidth = (await rail(page).boundingBox())!.width;
  const screens = Math.ceil(railWidth / SLOT_PX);

  // 1. element counts
  const atTip = await cardCount(page);
  await page.goto(`${server.url}/block/450000`);
  await expect(rail(page).locator('[data-height="450000"]')).toBeVisible({ timeout: 30_000 });
  const middle = await cardCount(page);
  await rail(page).locator('[data-height="450000"]').focus();
  await page.keyboard.press('End');
  await expect(rail(page).locator('[data-genesis]')).toBeVisible();
  const atGenesis = await cardCount(page);
  report('cards', 'rail cards at tip / middle / genesis', `${atTip} / ${middle} / ${atGenesis}`,
    `<= ${3 * screens + 2} (3 screens of ${screens})`, Math.max(atTip, middle, atGenesis), 3 * screens + 2);

  // 2. jump latency: from the submit to the target card rendered and loaded, timed in the page
  const jumps: number[] = [];
  for (const h of [123_456, 777_777, 5_000, 899_000, 42, 314_159, 600_000, 271_828]) {
    await page.getByPlaceholder('Go to height').fill(String(h));
    const ms = await page.evaluate(
      (height) =>
        new Promise<number>((resolve) => {
          const input = document.querySelector<HTMLInputElement>('#jump-height')!;
          const start = performance.now();
          const check = () => {
            const el = document.querySelector(`[data-rail] [data-height="${height}"]`);
            if (el && el.getAttribute('aria-busy') !== 'true') resolve(performance.now() - start);
            else requestAnimationFrame(check);
          };
          input.form!.requestSubmit();
          requestAnimationFrame(check);
        }),
      h,
    );
    jumps.push(ms);
  }
  jumps.sort((a, b) => a - b);
  const jumpMedian = jumps[jumps.length >> 1];
  report('jump', 'jump -> cards loaded (median / max)', `${jumpMedian.toFixed(0)} / ${jumps[jumps.length - 1].toFixed(0)} ms`, '<= 300 ms', jumps[jumps.length - 1], 300);

  // 3. memory after scrolling 20,000 blocks
  await page.goto(`${server.url}/`);
  await expect(rail(page).locator(`[data-height="${TIP}"]`)).toBeVisible({ timeout: 30_000 });
  const before = await memory(page);
  const box = (await rail(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const stepPx = 2 * SLOT_PX * 25; // 50 blocks per wheel event
  for (let i = 0; i < 20_000 / 50; i++) {
    await page.mouse.wheel(0, stepPx);
    if (i % 10 === 9) await page.waitForTimeout(50);
  }
  await expect(rail(page).locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
  const shownHeight = Number(await rail(page).locator('[data-height]').nth(3).getAttribute('data-height'));
  const after = await memory(page);
  report('scrolled', 'scrolled', `${TIP - shownHeight} blocks`, '20,000', TIP - shownHeight);
  report('heap', 'JS heap before / after', `${mb(before.heap)} / ${mb(after.heap)}`);
  report('wasm_memory', 'wasm memory before / after', `${mb(before.wasm)} / ${mb(after.wasm)}`);
  report('memory', 'JS heap + wasm after scrolling', mb(after.heap + after.wasm), '<= 40 MB', after.heap + after.wasm, 40 * 1024 * 1024);
  report('dom', 'DOM elements before / after', `${before.nodes} / ${after.nodes}`, 'bounded', after.nodes);

  // 4. frame times under continuous wheel scrolling, CPU throttled 4x; the same recording on
  // the idle page is the machine's own floor (headless, software compositing, shared cores)
  const client = await page.context().newCDPSession(page);
  await client.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const record = async (scroll: boolean, x?: number, y?: number, dy = 120): Promise<number[]> => {
    if (x !== undefined && y !== undefined) await page.mouse.move(x, y);
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __recording: boolean };
      w.__frames = [];
      w.__recording = true;
      let last = 0;
      const frame = (t: number) => {
        if (last) w.__frames.push(t - last);
        last = t;
        if (w.__recording) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      if (scroll) await page.mouse.wheel(0, dy);
      else await page.waitForTimeout(20);
    }
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __recording: boolean };
      w.__recording = false;
      return w.__frames.slice(1);
    });
    return frames.sort((a, b) => a - b);
  };
  const idle = await record(false);
  // wheel events over the header, which scrolls nothing: the cost of the input itself
  const header = (await page.locator('.site-header').boundingBox())!;
  const inputOnly = await record(true, header.x + 10, header.y + header.height / 2);
  const scrolling = await record(true, box.x + box.width / 2, box.y + box.height / 2);
  const shownAfter = Number(await rail(page).locator('[data-height]').nth(3).getAttribute('data-height'));
  // back over the blocks just loaded: each card comes in with its data and thumbnail
  const back = await record(true, box.x + box.width / 2, box.y + box.height / 2, -120);
  await client.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const p = (frames: number[], q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))];
  const frameFigure = (key: string, label: string, f: number[], target = '', limit?: number) =>
    report(key, `${label} p50 / p95 (4x)`, `${p(f, 0.5).toFixed(1)} / ${p(f, 0.95).toFixed(1)} ms`, target, p(f, 0.95), limit);
  report('wheeled', 'wheel-scrolled in 5 s (4x throttle)', `${shownHeight - shownAfter} blocks`);
  frameFigure('idle', 'idle frames (floor)', idle);
  frameFigure('header', 'wheel over header', inputOnly);
  frameFigure('frames', 'scrolling frames', scrolling, 'p95 <= 16.7 ms', 16.7);
  frameFigure('frames_back', 'back towards the tip', back, 'p95 <= 16.7 ms', 16.7);
  const slow = (f: number[]) => `${f.filter((t) => t > 20).length}/${f.length}`;
  report('slow_idle', 'frames > 20 ms idle / header', `${slow(idle)} / ${slow(inputOnly)}`);
  report('slow', 'frames > 20 ms rail / back', `${slow(scrolling)} / ${slow(back)}`);
  figures.save();
});
