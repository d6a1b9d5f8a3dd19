// Making a wish: sign in with an API key (httpOnly cookie, never in
// web storage), the form's own validation, a JPEG converted to PNG before upload, the id and the
// pending block on success, the wish mined into a block as a text inscription, server errors as
// readable alerts whatever their shape, a kept draft when the backend is down, and one request
// per click.
//
// The journey runs against its own devserver (it mines a block, which must not disturb other
// specs); the other tests use the suite's devserver and force answers with page.route where the
// devserver cannot produce them. Selectors: labels, roles and data-* hooks.
import { type Page, type Request, type Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, DIST_DIR, startDevserver, type Devserver } from './helpers';

/** The devserver's built-in key when none is configured (its start-up line prints it). */
const DEV_KEY = process.env.E2E_API_KEY ?? 'stargate-dev-key';
const WALLET = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const isInscribe = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/inscribe');

/** Every localStorage and sessionStorage entry of the page, as "area key=value". */
async function storageEntries(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const [area, store] of [
      ['local', window.localStorage],
      ['session', window.sessionStorage],
    ] as const) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i)!;
        out.push(`${area} ${key}=${store.getItem(key)}`);
      }
    }
    return out;
  });
}

/** The key is nowhere in localStorage; sessionStorage holds only the tab's session entry
 *  (`stargate.session`, which keeps the key for a reload while signed in). */
async function expectNoKeyInStorage(page: Page, key: string) {
  const entries = await storageEntries(page);
  const local = entries.filter((e) => e.startsWith('local '));
  for (const entry of local) expect(entry, 'localStorage holds the API key').not.toContain(key);
  expect(local.join('\n').toLowerCase()).not.toContain('api_key');
  for (const entry of entries.filter((e) => e.startsWith('session '))) {
    expect(entry).toMatch(/^session stargate\.session=/);
  }
}

/** A small real JPEG, encoded by the browser's canvas. */
async function makeJpeg(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 48;
    c.height = 32;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#f7931a';
    ctx.fillRect(0, 0, 48, 32);
    ctx.fillStyle = '#2563eb';
    ctx.fillRect(8, 8, 16, 16);
    return c.toDataURL('image/jpeg', 0.9).split(',')[1];
  });
  const bytes = Buffer.from(b64, 'base64');
  expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  return bytes;
}

/** CRC-32 of PNG chunks (ISO 3309), for chunks made here. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A PNG chunk with its length and CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG (the browser's canvas) with metadata chunks put in after IHDR: a camera's eXIf with
 *  a position, an author in tEXt, a comment in iTXt and the time in tIME. */
async function makePngWithMetadata(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 20;
    c.height = 10;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#2563eb';
    ctx.fillRect(0, 0, 20, 10);
    return c.toDataURL('image/png').split(',')[1];
  });
  const png = Buffer.from(b64, 'base64');
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    pngChunk('eXIf', Buffer.from('MM\0*GPS 51.5074N 0.1278W', 'latin1')),
    pngChunk('tEXt', Buffer.from('Author\0Jane Secret', 'latin1')),
    pngChunk('iTXt', Buffer.from('Comment\0\0\0en\0\0my home address', 'latin1')),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 12, 7, 12, 0, 0])),
    png.subarray(ihdrEnd),
  ]);
}

/** The types of a PNG's chunks, in order. */
function chunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    types.push(png.subarray(at + 4, at + 8).toString('latin1'));
    at += 12 + length;
  }
  return types;
}

async function signIn(page: Page, key = DEV_KEY, wallet = '') {
  await page.getByLabel('API key').fill(key);
  if (wallet) await page.getByLabel('Wallet address (optional)').fill(wallet);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function fillValidDraft(page: Page, message: string) {
  await page.getByLabel('Your wish').fill(message);
  await page.getByLabel(/^Price/).fill('0.0001');
  await page.getByLabel('Bitcoin address').fill(WALLET);
}

const submitButton = (page: Page) => page.getByRole('button', { name: /Send the wish|Sending/ });

const okAnswer = (id = 'ab'.repeat(32)) => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify({ success: true, data: { status: 'success', id, ingestion_id: id, visible_pixel_hash: id } }),
});

test.describe('make a wish', () => {
  test.describe('a backend that requires an image (own devserver)', () => {
    let server: Devserver;
    test.beforeAll(async () => {
      server = await startDevserver({ dist: DIST_DIR, name: 'submit-image', extraArgs: ['--require-image'] });
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    test('a wish without an image is refused in words with the draft kept; with one it goes', async ({ page }) => {
      await page.goto(`${server.url}/wish`);
      await signIn(page, DEV_KEY, WALLET);
      await expect(page.locator('[data-signed-in]')).toContainText('Signed in');
      const message = `Only with a picture ${Date.now()}`;
      await fillValidDraft(page, message);
      await submitButton(page).click();
      await expect(page.getByRole('alert').filter({ hasText: 'only with an image' })).toBeVisible();
      await expect(page.getByLabel('Your wish')).toHaveValue(message);
      await page.getByLabel('Image (optional)').setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: await makeJpeg(page),
      });
      await expect(page.locator('[data-image-summary]')).toContainText('JPEG converted to PNG');
      await submitButton(page).click();
      await expect(page.getByRole('link', { name: 'follow your wish' })).toBeVisible({ timeout: 20_000 });
    });
  });

  test.describe('journey (own devserver)', () => {
    let server: Devserver;
    test.beforeAll(async () => {
      server = await startDevserver({ dist: DIST_DIR, name: 'submit' });
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    test('sign in, send a JPEG wish, see it pending, mine it, see its text in the block', async ({ page, request }) => {
      const inscribeRequests: Request[] = [];
      page.on('request', (r) => isInscribe(r) && inscribeRequests.push(r));
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: 'Make a wish' }).click();
      await expect(page).toHaveURL(/\/wish$/);

      await signIn(page, DEV_KEY, WALLET);
      await expect(page.locator('[data-signed-in]')).toContainText('Signed in');
      await expect(page.locator('[data-signed-in]')).toContainText(WALLET);
      await expect(page.getByLabel('API key')).toHaveCount(0);
      await expectNoKeyInStorage(page, DEV_KEY);
      const cookie = (await page.context().cookies()).find((c) => c.name === 'X-API-Key');
      expect(cookie?.httpOnly, 'the session cookie is httpOnly').toBe(true);
      // the wallet from sign-in fills the address
      await expect(page.getByLabel('Bitcoin address')).toHaveValue(WALLET);

      const message = `Build a lighthouse ${Date.now()}`;
      await page.getByLabel('Your wish').fill(message);
      await page.getByLabel(/^Price/).fill('1');
      await expect(page.getByText('= 1 BTC = 100,000,000 sats')).toBeVisible();
      await page.getByLabel('Image (optional)').setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: await makeJpeg(page),
      });
      await expect(page.locator('[data-image-summary]')).toContainText('JPEG converted to PNG · 48 × 32 px');
      await expect(page.getByRole('img', { name: 'Preview of the chosen image' })).toBeVisible();

      // every value the progress bar shows (it exists only while sending)
      await page.evaluate(() => {
        const seen: (string | null)[] = ((window as unknown as { __progress: (string | null)[] }).__progress = []);
        new MutationObserver((mutations) => {
          for (const m of mutations) {
            for (const node of [m.target, ...Array.from(m.addedNodes)]) {
              if (!(node instanceof Element)) continue;
              const bar = node.matches('[role=progressbar]') ? node : node.querySelector('[role=progressbar]');
              if (bar) seen.push(bar.getAttribute('aria-valuenow'));
            }
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
      });
      const sent = page.waitForRequest(isInscribe);
      await submitButton(page).click();
      const body = JSON.parse((await sent).postData() ?? '{}');
      expect(body).toMatchObject({
        message,
        price: '100000000',
        price_unit: 'sats',
        address: WALLET,
        funding_mode: 'payout',
        method: 'alpha',
        filename: 'photo.png',
      });
      const image = Buffer.from(body.image_base64, 'base64');
      expect([...image.subarray(0, 8)], 'the uploaded image is a PNG').toEqual(PNG_MAGIC);

      const done = page.locator('[data-wish-id]');
      await expect(done).toBeVisible();
      const id = (await done.getAttribute('data-wish-id'))!;
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      await expect(done).toContainText(id);
      expect(inscribeRequests).toHaveLength(1);
      const progress = await page.evaluate(() => (window as unknown as { __progress: (string | null)[] }).__progress);
      expect(progress, 'upload progress reached 100 %').toContain('100');

      // the pending block lists the wish
      await done.getByRole('link', { name: 'pending block' }).click();
      await expect(page).toHaveURL(/\/block\/pending$/);
      const wish = page.locator(`[data-contract-id="wish-${id}"]`);
      await expect(wish).toBeVisible({ timeout: 30_000 });
      await expect(wish).toContainText(message);
      await expect(wish.locator('[data-budget-sats]')).toHaveAttribute('data-budget-sats', '100000000');

      // mined: the wish's text is a text inscription of the new block
      const mined = await request.post(`${server.url}/dev/mine`);
      expect(mined.ok()).toBe(true);
      const { height } = (await mined.json()) as { height: number };
      // in-app navigation (the search box takes a height), so the app's state is kept
      await page.getByRole('searchbox', { name: /Search blocks/ }).fill(String(height));
      await page.getByRole('searchbox', { name: /Search blocks/ }).press('Enter');
      await expect(page).toHaveURL(new RegExp(`/block/${height}$`));
      const inscription = page.locator('[data-inscription-id]').filter({ hasText: message });
      await expect(inscription).toHaveCount(1, { timeout: 30_000 });
      await expect(inscription).toHaveAttribute('data-kind', /text/i);
      // and it left the pending block (mining confirms every pending wish, the seeded ones too)
      await page.getByRole('searchbox', { name: /Search blocks/ }).fill(String(height + 1));
      await page.getByRole('searchbox', { name: /Search blocks/ }).press('Enter');
      await expect(page).toHaveURL(new RegExp(`/block/${height + 1}$`));
      await expect(page.getByText('No open wishes right now')).toBeVisible({ timeout: 30_000 });
      await expect(page.locator(`[data-contract-id="wish-${id}"]`)).toHaveCount(0);

      // back through the header (in-app navigation keeps the answer), "Make another wish"
      // starts a fresh draft
      await page.getByRole('link', { name: 'Make a wish' }).click();
      await expect(page.locator('[data-wish-id]')).toHaveAttribute('data-wish-id', id);
      await page.getByRole('button', { name: 'Make another wish' }).click();
      await expect(page.getByLabel('Your wish')).toHaveValue('');
      await expect(page.getByLabel('Bitcoin address')).toHaveValue(WALLET);

      // sign out: the cookie is gone, still nothing in storage
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(page.getByText('Not signed in.')).toBeVisible();
      expect((await page.context().cookies()).find((c) => c.name === 'X-API-Key' && c.value)).toBeUndefined();
      await expectNoKeyInStorage(page, DEV_KEY);
    });

    test('not signed in: the real 401 is shown and the draft stays', async ({ page }) => {
      await page.goto(`${server.url}/wish`);
      await fillValidDraft(page, 'A wish without a key');
      await submitButton(page).click();
      await expect(page.getByRole('alert')).toContainText('Sign in first');
      await expect(page.getByLabel('Your wish')).toHaveValue('A wish without a key');
    });

    test('a wrong key is refused at sign-in (real 403)', async ({ page }) => {
      await page.goto(`${server.url}/wish`);
      await signIn(page, 'not-a-key');
      await expect(page.getByRole('alert')).toContainText('Not signed in: invalid api key');
      await expect(page.getByLabel('API key')).toHaveValue('');
      await expectNoKeyInStorage(page, 'not-a-key');
    });
  });

  test('every field is checked before sending, next to the field', async ({ page }) => {
    let requests = 0;
    page.on('request', (r) => isInscribe(r) && requests++);
    await page.goto('wish');
    await submitButton(page).click();
    for (const [label, text] of [
      ['Your wish', 'message is required'],
      [/^Price/, 'Enter a price'],
      ['Bitcoin address', 'Enter the Bitcoin address'],
    ] as const) {
      const field = page.getByLabel(label);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      const ids = (await field.getAttribute('aria-describedby'))!.split(' ');
      const errorId = ids.find((i) => i.endsWith('-error'))!;
      await expect(page.locator(`#${errorId}`)).toContainText(text);
    }
    await expect(page.getByLabel('Your wish')).toBeFocused();

    await page.getByLabel(/^Price/).fill('0.000000001');
    await expect(page.locator('#wish-price-error')).toContainText('at most 8 decimals');
    await page.getByRole('radio', { name: 'sats' }).check();
    await page.getByLabel(/^Price/).fill('1.5');
    await expect(page.locator('#wish-price-error')).toContainText('whole numbers');
    await page.getByLabel(/^Price/).fill('2500');
    await page.getByRole('radio', { name: 'BTC' }).check();
    await expect(page.getByLabel(/^Price/)).toHaveValue('0.000025');
    await page.getByLabel('Bitcoin address').fill('bc1qnotanaddressbio');
    await expect(page.locator('#wish-address-error')).toContainText('cannot appear in a bech32 address');
    await page.getByLabel('Your wish').fill('x'.repeat(2001));
    await expect(page.locator('#wish-message-error')).toContainText('1 characters too long');
    await expect(page.getByText('2,001 / 2,000')).toBeVisible();
    expect(requests).toBe(0);
  });

  test('non-images and over-size images are refused with a message', async ({ page }) => {
    await page.goto('wish');
    const input = page.getByLabel('Image (optional)');
    await input.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7 not an image') });
    await expect(page.locator('#wish-image-error')).toContainText('not an image');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0);
    await input.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: big });
    await expect(page.locator('#wish-image-error')).toContainText('images up to 5.0 MB');
  });

  for (const [status, body, expected] of [
    [401, { success: false, error: { error: 'api_key_required', message: 'API key required', code: 401 } }, 'Sign in first'],
    [
      403,
      { success: false, error: { error: 'api_key_invalid', message: 'Invalid API key', code: 403 } },
      'The server refused your API key: Invalid API key',
    ],
    [
      400,
      { success: false, error: { error: { code: '400', message: 'Message is required for inscription', timestamp: '2026-01-01T00:00:00Z', request_id: '' } } },
      'The server did not accept the wish: Message is required for inscription',
    ],
    [500, 'Failed to embed steganography: only alpha method is supported', 'The server answered 500: Failed to embed steganography'],
  ] as const) {
    test(`a ${status} answer is shown as text and the draft stays`, async ({ page }) => {
      await page.route('**/api/inscribe', (route: Route) =>
        route.fulfill({
          status,
          contentType: typeof body === 'string' ? 'text/plain' : 'application/json',
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
      await page.goto('wish');
      await fillValidDraft(page, `Wish for ${status}`);
      await submitButton(page).click();
      await expect(page.getByRole('alert')).toContainText(expected);
      await expect(page.getByRole('alert')).not.toContainText('[object Object]');
      await expect(page.getByLabel('Your wish')).toHaveValue(`Wish for ${status}`);
      await expect(page.getByLabel(/^Price/)).toHaveValue('0.0001');
      await expect(submitButton(page)).toBeEnabled();
    });
  }

  test('backend down: the draft is kept (also across navigation) and sending again works', async ({ page }) => {
    await page.route('**/api/inscribe', (route) => route.abort('connectionrefused'));
    await page.goto('wish');
    await fillValidDraft(page, 'A wish that waits');
    await submitButton(page).click();
    await expect(page.getByRole('alert')).toContainText('Could not reach the server; your draft is kept');
    await expect(page.getByLabel('Your wish')).toHaveValue('A wish that waits');

    // the draft lives in the app, not the page: away and back keeps it
    await page.getByRole('link', { name: 'Stargate Explorer' }).click();
    await expect(page.locator('[data-rail]')).toBeVisible();
    await page.getByRole('link', { name: 'Make a wish' }).click();
    await expect(page.getByLabel('Your wish')).toHaveValue('A wish that waits');
    await expect(page.getByLabel('Bitcoin address')).toHaveValue(WALLET);

    await page.unroute('**/api/inscribe');
    await page.route('**/api/inscribe', (route) => route.fulfill(okAnswer()));
    await submitButton(page).click();
    await expect(page.locator('[data-wish-id]')).toContainText('ab'.repeat(32));
  });

  test('without a key in the tab the form says, before sending, that the wish gets no creator', async ({ page }) => {
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ success: true, data: { valid: true, api_key: 'k', wallet: '' } }),
      }),
    );
    await page.goto('wish');
    const note = page.locator('[data-no-creator]');
    await expect(note).toContainText('recorded without a creator, and nobody can ever approve its proposals');
    await signIn(page, 'k');
    await expect(page.locator('[data-signed-in]')).toBeVisible();
    await expect(note).toHaveCount(0);
  });

  test("a PNG's metadata (eXIf, tEXt, iTXt, tIME) is removed before it is sent, and the form says so", async ({ page }) => {
    let sent: Buffer | null = null;
    await page.route('**/api/inscribe', async (route) => {
      sent = Buffer.from(JSON.parse(route.request().postData() ?? '{}').image_base64 ?? '', 'base64');
      await route.fulfill(okAnswer());
    });
    await page.goto('wish');
    await expect(page.locator('#wish-image-hint')).toContainText('Metadata (camera data and location, text, time) is removed before sending');
    await fillValidDraft(page, 'A photo without its secrets');
    const original = await makePngWithMetadata(page);
    expect(chunkTypes(original)).toEqual(expect.arrayContaining(['eXIf', 'tEXt', 'iTXt', 'tIME']));
    await page.getByLabel('Image (optional)').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: original });
    await expect(page.locator('[data-image-summary]')).toContainText('metadata removed (eXIf, tEXt, iTXt, tIME)');
    await expect(page.getByRole('img', { name: 'Preview of the chosen image' })).toHaveJSProperty('naturalWidth', 20);
    await submitButton(page).click();
    await expect(page.locator('[data-wish-id]')).toBeVisible();
    const image = sent as Buffer | null;
    expect(image, 'the wish was sent with its image').not.toBeNull();
    expect([...image!.subarray(0, 8)]).toEqual(PNG_MAGIC);
    const types = chunkTypes(image!);
    expect(types[0]).toBe('IHDR');
    expect(types).toContain('IDAT');
    expect(types.at(-1)).toBe('IEND');
    for (const gone of ['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']) expect(types).not.toContain(gone);
    for (const secret of ['GPS', 'Jane Secret', 'home address']) expect(image!.includes(secret)).toBe(false);
  });

  test('a double click and Enter twice send one request; the button is disabled while sending', async ({ page }) => {
    let count = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/inscribe', async (route) => {
      count++;
      await held;
      await route.fulfill(okAnswer());
    });
    await page.goto('wish');
    await fillValidDraft(page, 'Only once');
    // with an image: conversion and the blob: preview also run under the nginx CSP
    await page.getByLabel('Image (optional)').setInputFiles({ name: 'a.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
    await expect(page.locator('[data-image-summary]')).toContainText('JPEG converted to PNG');
    await expect(page.getByRole('img', { name: 'Preview of the chosen image' })).toHaveJSProperty('complete', true);
    expect(await page.getByRole('img', { name: 'Preview of the chosen image' }).evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(48);
    await submitButton(page).dblclick();
    await page.getByLabel('Bitcoin address').press('Enter');
    await page.getByLabel('Bitcoin address').press('Enter');
    await expect(submitButton(page)).toBeDisabled();
    await expect(submitButton(page)).toHaveText('Sending…');
    await expect(page.getByRole('progressbar')).toBeVisible();
    release();
    await expect(page.locator('[data-wish-id]')).toBeVisible();
    expect(count).toBe(1);
  });

  test('sign-in keeps the key out of localStorage, in the tab only; sign-out removes it', async ({ page }) => {
    const key = 'secret-key-that-must-not-be-stored';
    await page.route('**/api/auth/login', async (route) => {
      const sent = JSON.parse(route.request().postData() ?? '{}');
      expect(sent.api_key).toBe(key);
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'Set-Cookie': `X-API-Key=${key}; Path=/; HttpOnly; SameSite=Strict` },
        body: JSON.stringify({ success: true, data: { valid: true, api_key: key, wallet: '' } }),
      });
    });
    await page.route('**/api/auth/logout', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"success":true,"data":{"status":"logged out"}}' }),
    );
    await page.goto('wish');
    await expect(page.getByLabel('API key')).toHaveAttribute('type', 'password');
    await expect(page.getByLabel('API key')).toHaveAttribute('autocomplete', 'off');
    await signIn(page, key);
    await expect(page.locator('[data-signed-in]')).toHaveText('Signed in');
    await expectNoKeyInStorage(page, key);
    await expect(page.locator('body')).not.toContainText(key);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page.getByText('Not signed in.')).toBeVisible();
    await expectNoKeyInStorage(page, key);
    expect(await storageEntries(page)).toEqual([]);
  });

  test('the form, with its messages shown, has no serious/critical axe violations', async ({ page }) => {
    await page.goto('wish');
    await submitButton(page).click();
    await expect(page.locator('#wish-address-error')).toBeVisible();
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  test('fits 360 px without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('wish');
    await submitButton(page).click();
    await expect(page.locator('#wish-address-error')).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });
});
