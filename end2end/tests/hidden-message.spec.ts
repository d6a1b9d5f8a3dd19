// The message hidden in an inscription's image: the devserver's chain carries PNGs whose alpha
// bits hold a message (crates/devserver/src/stego/corpus.rs, the block 20 below the tip): one the
// scanner read when the block was indexed (shown at once), a plain and a hostile one it did not
// read, and one with none. The page asks POST /bitcoin/v1/extract only when the button is pressed,
// once per click, and shows the message as sanitised text, "no hidden message found", or the
// backend's refusal as a sentence.
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS), under the CSP:
// the API and the content are at the root of the same origin.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, CHAIN_TIP, collectDialogs } from './helpers';

/** How far below the tip the stego images are (corpus::DEPTH). */
const DEPTH = 20;
const HEIGHT = CHAIN_TIP - DEPTH;
const EXTRACT = '**/bitcoin/v1/extract';

type Item = { id: string; content_type: string; image_url: string; scan_result?: Record<string, unknown> };

/** The stego images, in the block's order: scanned, plain, hostile, none. */
async function stegoImages(page: Page): Promise<Item[]> {
  const res = await page.request.get(`/api/data/block-inscriptions/${HEIGHT}?limit=100&fields=full`);
  expect(res.status()).toBe(200);
  const items = ((await res.json()).inscriptions as Item[]).filter((i) => i.scan_result);
  expect(items.map((i) => i.content_type)).toEqual(['image/png', 'image/png', 'image/png', 'image/png']);
  return items;
}

/** What the backend finds in `item`'s bytes, asked directly. */
async function hiddenIn(page: Page, item: Item): Promise<string | undefined> {
  const bytes = await (await page.request.get(item.image_url)).body();
  const res = await page.request.post('/bitcoin/v1/extract', {
    multipart: { image: { name: 'x.png', mimeType: 'image/png', buffer: bytes } },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).extraction_result.message;
}

/** Counts the page's extraction requests. */
function countExtractions(page: Page): { n: number } {
  const seen = { n: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/bitcoin/v1/extract')) seen.n++;
  });
  return seen;
}


async function open(page: Page, item: Item): Promise<void> {
  await page.goto(`./inscription/${item.id}?block=${HEIGHT}`);
  await expect(page.locator(`dl[data-inscription-id="${item.id}"]`)).toBeVisible({ timeout: 30_000 });
}

const button = (page: Page) => page.getByRole('button', { name: /Look for a hidden message|Looking…/ });
const extracted = (page: Page) => page.locator('[data-hidden-text="extract"]');

// Control, bidi and invisible characters the shown text must not hold.
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

test.describe('hidden message', () => {
  test('the scanned message shows at once; the others only when asked, once per click', async ({ page }) => {
    const [scanned, plain, , none] = await stegoImages(page);
    const extractions = countExtractions(page);

    await open(page, scanned);
    const fromScan = page.locator('[data-hidden-text="scan"]');
    await expect(fromScan).toHaveText(String(scanned.scan_result!.extracted_message));

    // Opening an image asks nothing by itself.
    await open(page, plain);
    await expect(button(page)).toBeVisible();
    await expect(page.locator('[data-hidden-message]')).toContainText('The scanner has not read this image yet.');
    await page.waitForTimeout(500);
    expect(extractions.n).toBe(0);

    // A slow answer: the button says so and sends one request for a double click.
    await page.route(EXTRACT, async (route) => {
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    await button(page).dblclick();
    await expect(button(page)).toHaveText('Looking…');
    await expect(button(page)).toBeDisabled();
    await expect(extracted(page)).toHaveText((await hiddenIn(page, plain))!);
    await expect(button(page)).toHaveText('Look for a hidden message');
    expect(extractions.n).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await open(page, none);
    await button(page).click();
    await expect(page.locator('[data-extract-result]')).toHaveText('No hidden message found.');
    expect(extractions.n).toBe(2);
  });

  test('a hostile hidden message stays text: no markup, no script, no direction change', async ({ page }) => {
    const dialogs = collectDialogs(page);
    const hostile = (await stegoImages(page))[2];
    const raw = (await hiddenIn(page, hostile))!;
    expect(raw).toContain('<script>');
    expect(raw).toMatch(FORBIDDEN);

    await open(page, hostile);
    await button(page).click();
    const shown = extracted(page);
    await expect(shown).toContainText("<script>alert('stego')</script>");
    const text = (await shown.textContent())!;
    expect(text).toContain('<img src=x onerror="window.__pwned=1;alert(8)">');
    expect(text).not.toMatch(FORBIDDEN);
    // The visible characters are the message's, in order, nothing added.
    expect(text).toBe(raw.replace(new RegExp(FORBIDDEN.source, 'g'), ''));
    await expect(shown.locator('*')).toHaveCount(0);
    await expect(page.locator('[data-hidden-message] script, [data-hidden-message] img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test("the backend's refusal reads as a sentence and the button stays", async ({ page }) => {
    const plain = (await stegoImages(page))[1];
    await page.route(EXTRACT, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'EXTRACTION_FAILED', message: 'Message extraction failed', details: { error: 'x' } },
        }),
      }),
    );
    await open(page, plain);
    await button(page).click();
    await expect(page.locator('[data-hidden-message]')).toContainText(
      'The scanner could not read this image. The server answered 500: Message extraction failed.',
    );
    await page.unroute(EXTRACT);
    await button(page).click();
    await expect(extracted(page)).toHaveText((await hiddenIn(page, plain))!);
  });
});
