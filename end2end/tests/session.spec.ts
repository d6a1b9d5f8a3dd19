// The session in the browser: what the React frontend left in localStorage is removed once,
// with a notice.
import { expect, test } from './fixtures';

test.describe('the React frontend’s stored keys', () => {
  test('are removed on the first load, once, with a notice; the theme stays', async ({ page }) => {
    await page.goto('./');
    await page.evaluate(() => {
      localStorage.setItem('stargate_db', btoa('SQLite format 3\0 api_key=sk-old-react-key'));
      localStorage.setItem('X-API-Key', 'sk-raw-old-key');
      localStorage.setItem('X-Wallet-Address', 'tb1qold');
      localStorage.setItem('X-User-Email', 'me@example.com');
      localStorage.setItem('X-Wallet-Key-Map', JSON.stringify({ tb1qold: { apiKey: 'sk-map-key' } }));
      localStorage.setItem('theme', 'dark');
    });
    await page.reload();
    const notice = page.locator('[data-legacy-notice]');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'status');
    await expect(notice).toContainText('removed');
    const left = await page.evaluate(() => Object.keys(localStorage).sort());
    expect(left).toEqual(['theme']);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    // once: nothing to remove on the next load, so no notice
    await page.reload();
    await expect(page.locator('[data-rail]')).toBeVisible();
    await expect(page.locator('[data-legacy-notice]')).toHaveCount(0);
  });
});

test.describe('the session', () => {
  test('survives a reload of the tab; a new tab asks again; the key is never in localStorage', async ({ page, context }) => {
    const key = 'e2e-creator-key';
    await page.goto('sign-in');
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const account = page.locator('.site-header [data-account]');
    await expect(account).not.toHaveText('Sign in');

    // what each place holds: the tab's sessionStorage the key, nothing else anywhere
    const stored = () =>
      page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    const before = await stored();
    expect(before.local).toEqual({});
    expect(Object.keys(before.session)).toEqual(['stargate.session']);
    expect(before.session['stargate.session']).toContain(key);
    expect(before.cookie, 'the login cookie is httpOnly').not.toContain(key);

    // a reload keeps the session, and the key still goes with the contract routes that read it
    // (the proposals listing is public: the client sends no key there, as the contract says)
    const sentKeys: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.includes('/api/smart_contract/contracts/')) sentKeys.push(r.headers()['x-api-key'] ?? '');
    });
    await page.reload();
    await expect(account).not.toHaveText('Sign in');
    const seeded = await page.request.get('/api/smart_contract/proposals/proposal-1793491200000000001');
    expect(seeded.status()).toBe(200);
    await page.goto(`contract/${(await seeded.json()).visible_pixel_hash}`);
    await expect(page.locator('[data-proposal-id]').first()).toBeVisible({ timeout: 30_000 });
    expect(sentKeys.length).toBeGreaterThan(0);
    expect(sentKeys.every((k) => k === key), sentKeys.join(',')).toBe(true);

    // a new tab starts without it
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.locator('.site-header [data-account]')).toHaveText('Sign in');
    expect(await other.evaluate(() => sessionStorage.length)).toBe(0);
    await other.close();

    // sign-out removes it from the tab
    await page.goto('sign-in');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(account).toHaveText('Sign in');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    await expect(account).toHaveText('Sign in');
  });
});
