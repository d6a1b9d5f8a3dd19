// Wallet sign-in: address → challenge (nonce, QR code, countdown) → the
// signature of the devserver's fixture wallet (`devserver sign-message`, run from here) → Verify
// → the new key shown once → the header's account menu shows the wallet → sign out. The key is
// never in localStorage or IndexedDB; the tab's sessionStorage keeps it while signed in. Failures (wrong signature, too many
// tries, expired challenge, 400/503/backend down) are read in place and keep what was typed.
//
// Runs on the devserver and through nginx at "/" and "/explorer/" (NGINX_SPECS). The
// "(own devserver)" tests start a devserver with a short challenge lifetime and an old key of
// the fixture wallet (devserver project only: verifying there deletes that wallet's keys).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, DIST_DIR, startDevserver, type Devserver } from './helpers';
import { addressField, formAlert, getChallenge, nonceText, SHORT, sign, signatureField, verify, WALLET } from './wallet';

/** Nothing in localStorage or IndexedDB, whatever the moment; sessionStorage holds the tab's
 *  session entry (the key, for a reload) exactly while signed in, and nothing else. */
async function expectStored(page: Page, signedIn: boolean) {
  const stored = await page.evaluate(async () => ({
    local: window.localStorage.length,
    session: Object.keys(window.sessionStorage),
    indexedDb: (await window.indexedDB.databases()).map((d) => d.name),
  }));
  expect(stored, 'no localStorage, no IndexedDB; sessionStorage: the session while signed in').toEqual({
    local: 0,
    session: signedIn ? ['stargate.session'] : [],
    indexedDb: [],
  });
}

/** GET a smart-contract route (they read only X-API-Key): 403 for an unknown key. */
async function contractStatus(page: Page, origin: string, key: string): Promise<number> {
  const res = await page.request.get(`${origin}/api/smart_contract/contracts/no-such-contract`, {
    headers: { 'X-API-Key': key },
  });
  return res.status();
}

test.describe('wallet sign-in', () => {
  test('challenge, QR code, signature, verify, key shown once, account menu, sign out', async ({ page, baseURL }) => {
    const origin = new URL(baseURL ?? '').origin;
    // the React frontend's /auth lands on the sign-in page
    await page.goto('auth');
    await expect(page).toHaveURL(/\/sign-in$/, { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    const account = page.locator('.site-header [data-account]');
    await expect(account).toHaveText('Sign in');
    await expectStored(page, false);

    // the address is checked as it is typed
    await addressField(page).fill(WALLET.slice(0, -1) + 'w');
    await expect(page.locator('#wallet-address-hint')).toContainText('checksum');
    await expect(addressField(page)).toHaveAttribute('aria-invalid', 'true');
    await addressField(page).fill(WALLET);
    await expect(page.locator('#wallet-address-hint')).toContainText('testnet P2WPKH');

    const nonce = await getChallenge(page);
    const qr = page.locator('[data-challenge] svg.qr');
    await expect(qr).toBeVisible();
    await expect(qr).toHaveAttribute('role', 'img');
    // a 32-hex nonce is 32 bytes: a version 3 code, 29 modules (version 1 if all digits),
    // drawn with 4 modules of quiet zone on each side
    const modules = /^\d+$/.test(nonce) ? 21 : 29;
    await expect(qr).toHaveAttribute('data-qr-modules', String(modules));
    await expect(qr).toHaveAttribute('viewBox', `0 0 ${modules + 8} ${modules + 8}`);
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    await expect(page.locator('[data-countdown]')).toHaveText(/^(10:00|9:[0-5]\d)$/);
    expect(await axeViolations(page), 'axe, challenge shown').toEqual([]);

    await verify(page, sign(nonce));
    const key = page.locator('[data-new-key] [data-api-key]');
    await expect(key).toHaveText(/^[0-9a-f]{64}$/);
    const apiKey = (await key.textContent())!.trim();
    await expect(page.locator('[data-new-key]')).toContainText('Every earlier API key of this wallet has stopped working');
    await expect(page.getByRole('button', { name: 'Copy API key' })).toBeVisible();
    await expect(page.locator('[data-challenge]')).toHaveCount(0);
    expect(await axeViolations(page), 'axe, key shown').toEqual([]);
    await expectStored(page, true);
    // the key works on a route that reads only the header
    expect(await contractStatus(page, origin, apiKey)).toBe(404);

    // the account menu: the wallet, shortened, in full in its title
    const summary = page.locator('.site-header details[data-account] summary');
    await expect(summary).toContainText(SHORT);
    await expect(summary).toHaveAttribute('title', `Signed in with wallet ${WALLET}`);

    // shown once: hidden when dismissed, and not shown again on coming back
    await page.getByRole('button', { name: 'Done: hide the key' }).click();
    await expect(page.locator('[data-api-key]')).toHaveCount(0);
    await page.getByRole('link', { name: 'Make a wish' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Make a wish' })).toBeVisible();
    await summary.click();
    await page.locator('.site-header .account__link').click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.locator('[data-api-key]')).toHaveCount(0);
    expect(await page.content()).not.toContain(apiKey);
    await expect(summary).toContainText(SHORT);

    // the menu opens and closes from the keyboard
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.site-header details[data-account]')).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(page.locator('.site-header details[data-account]')).not.toHaveAttribute('open', '');
    await expect(summary).toBeFocused();

    // sign out: the menu says "Sign in" again, and nothing was ever stored
    await summary.click();
    await page.locator('.site-header').getByRole('button', { name: 'Sign out' }).click();
    await expect(account).toHaveText('Sign in');
    await expect(page.locator('.site-header details[data-account]')).toHaveCount(0);
    await expectStored(page, false);
    // sign-out forgets the key in the tab; on the server it stays valid (the backend's logout)
    expect(await contractStatus(page, origin, apiKey)).toBe(404);
  });

  test('a wrong signature, then too many tries, read in place; the form keeps what was typed', async ({ page }) => {
    await page.goto('sign-in');
    const nonce = await getChallenge(page);
    // a real signature, of another text
    const wrong = sign('0123456789abcdef0123456789abcdef');
    await verify(page, wrong);
    await expect(formAlert(page)).toContainText('invalid signature');
    await expect(formAlert(page)).toContainText('expired');
    await expect(signatureField(page)).toHaveValue(wrong);
    await expect(addressField(page)).toHaveValue(WALLET);
    await expect(page.locator('#wallet-signature-hint')).toContainText('4 of 5 tries left');
    for (let i = 2; i <= 5; i++) {
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect(page.locator('#wallet-signature-hint')).toContainText(`${5 - i} of 5 tries left`);
      await expect(page.getByRole('button', { name: 'Verify' })).toBeEnabled();
    }
    // the sixth try is refused even with the right signature: the server forgot the challenge
    await verify(page, sign(nonce));
    await expect(formAlert(page)).toContainText('too many tries');
    await expect(page.locator('[data-api-key]')).toHaveCount(0);
    await expect(page.locator('.site-header [data-account]')).toHaveText('Sign in');
    // a new challenge works
    await page.getByRole('button', { name: 'Get challenge' }).click();
    await expect(nonceText(page)).not.toHaveText(nonce);
    const fresh = (await nonceText(page).textContent())!.trim();
    await verify(page, sign(fresh));
    await expect(page.locator('[data-api-key]')).toHaveText(/^[0-9a-f]{64}$/);
    await expectStored(page, true);
  });

  test('400, 503 and a backend that is down are read in place; one request per click', async ({ page }) => {
    await page.goto('sign-in');
    await expect(addressField(page)).toBeVisible({ timeout: 30_000 });

    // 503 on challenge
    await page.route('**/api/auth/challenge', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ success: false, error: { error: { code: '503', message: 'challenge store unavailable' } } }),
      }),
    );
    await addressField(page).fill(WALLET);
    await page.getByRole('button', { name: 'Get challenge' }).click();
    await expect(formAlert(page)).toContainText('challenge store unavailable');
    await expect(addressField(page)).toHaveValue(WALLET);
    await page.unroute('**/api/auth/challenge');

    const nonce = await getChallenge(page);
    const signature = sign(nonce);
    // 400 on verify, then backend down, then a slow answer: one request per click
    await page.route('**/api/auth/verify', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          success: false,
          error: { error: { code: '400', message: 'wallet_address and signature required' } },
        }),
      }),
    );
    await verify(page, signature);
    await expect(formAlert(page)).toContainText('wallet_address and signature required');
    await page.unroute('**/api/auth/verify');
    await page.route('**/api/auth/verify', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(formAlert(page)).toContainText('Could not reach the server');
    await expect(signatureField(page)).toHaveValue(signature);
    await page.unroute('**/api/auth/verify');

    let sent = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/auth/verify', async (route) => {
      sent++;
      await held;
      await route.continue();
    });
    const button = page.locator('.wallet-sign-in button[type="submit"]').last();
    await button.click();
    await expect(button).toBeDisabled();
    await expect(button).toHaveText('Verifying…');
    await button.click({ force: true });
    release();
    // the forced answers never reached the server: this is its first try of the nonce
    await expect(page.locator('[data-api-key]')).toHaveText(/^[0-9a-f]{64}$/);
    expect(sent, 'one request per click').toBe(1);
  });

  test('usable at 360 px: nothing wider than the screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('sign-in');
    await getChallenge(page);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      qr: document.querySelector('svg.qr')!.getBoundingClientRect().width,
    }));
    expect(widths.page).toBeLessThanOrEqual(360);
    expect(widths.qr).toBeGreaterThan(120);
    for (const name of ['Copy nonce', 'Verify']) {
      const box = (await page.getByRole('button', { name }).boundingBox())!;
      expect(box.x + box.width, `${name} fits`).toBeLessThanOrEqual(360);
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  test.describe('(own devserver) expiry, an old key, no binding without proof', () => {
    let server: Devserver;
    test.beforeAll(async () => {
      server = await startDevserver({
        dist: DIST_DIR,
        name: 'sign-in',
        extraArgs: ['--challenge-ttl', '4', '--api-key', `old-key=${WALLET}`, '--api-key', 'plain-key'],
      });
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    test('an expired challenge says so and offers a new one; verifying ends the old key', async ({ page }) => {
      expect(await contractStatus(page, server.url, 'old-key')).toBe(404);
      await page.goto(`${server.url}/sign-in`);
      const nonce = await getChallenge(page);
      const signature = sign(nonce);
      await signatureField(page).fill(signature);
      await expect(page.locator('[data-expired]')).toContainText('expired', { timeout: 10_000 });
      // the typed signature stays; sending it anyway gets the readable refusal
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect(formAlert(page)).toContainText('this challenge has expired');
      await expect(signatureField(page)).toHaveValue(signature);

      await page.getByRole('button', { name: 'Get a new challenge' }).click();
      await expect(nonceText(page)).not.toHaveText(nonce);
      await verify(page, sign((await nonceText(page).textContent())!.trim()));
      await expect(page.locator('[data-api-key]')).toHaveText(/^[0-9a-f]{64}$/);
      // every earlier key of the wallet stopped working
      expect(await contractStatus(page, server.url, 'old-key')).toBe(403);
      expect(await contractStatus(page, server.url, 'plain-key')).toBe(404);
      await expectStored(page, true);
    });

    test('the API-key form binds no wallet: the login sends none, an unbound key stays unbound', async ({ page }) => {
      const other = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';
      const sent: Record<string, unknown>[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.endsWith('/api/auth/login')) sent.push(JSON.parse(r.postData() ?? '{}'));
      });
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('API key', { exact: true }).fill('plain-key');
      await page.getByLabel('Wallet address (optional)').fill(WALLET);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      // the wallet as typed, for this tab
      await expect(page.locator('.site-header details[data-account] summary')).toContainText(SHORT);
      await page.locator('.site-header details[data-account] summary').click();
      await page.locator('.site-header').getByRole('button', { name: 'Sign out' }).click();

      // had WALLET been bound to plain-key, another wallet would now be refused ("rebind
      // requires verification"): nothing was bound, so this works too
      await page.getByLabel('API key', { exact: true }).fill('plain-key');
      await page.getByLabel('Wallet address (optional)').fill(other);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.locator('.site-header details[data-account] summary')).toContainText('tb1qw508');
      await expect(page.locator('.sign-in [role="alert"]')).toHaveCount(0);
      expect(sent).toHaveLength(2);
      for (const body of sent) expect(body).toEqual({ api_key: 'plain-key' });
    });
  });
});
