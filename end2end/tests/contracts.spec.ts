// Following a wish: the pending block's cards open their contract; an agent's
// proposal shows with its tasks; the creator approves it; keys of another wallet or of none get
// the backend's 403 in words; rework is requested, listed and resolved by its requester only;
// /contracts pages to the end without duplicates or gaps; the React frontend's /wish/:id and
// /proposal/:id land on the contract; hostile proposals run nothing.
//
// Runs on the devserver and through nginx (NGINX_SPECS): URLs are relative to baseURL, the API
// is at /api on the same origin. The key lives in memory for the tab, so the tests move inside
// the app by links and Back (page.goto would reload and forget it).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, DIST_DIR, KEYS, startDevserver, WALLETS } from './helpers';
import { agentProposal, makeWish, signIn } from './journeys';
import { signInWithWallet, WALLET as FIXTURE_WALLET } from './wallet';

/** The seeded pending wish with a clean and a hostile proposal (crates/devserver/src/contracts/seed/mod.rs). */
const CLEAN_PROPOSAL = 'proposal-1793491200000000001';
const HOSTILE_PROPOSAL = 'proposal-1793491200000000002';

async function seededHash(page: Page): Promise<string> {
  const res = await page.request.get(`/api/smart_contract/proposals/${CLEAN_PROPOSAL}`);
  expect(res.status()).toBe(200);
  return (await res.json()).visible_pixel_hash;
}

const proposal = (page: Page, id: string) => page.locator(`[data-proposal-id="${id}"]`);

test.describe('contracts', () => {
  test('a wish made signed in, an agent proposal, the creator approves it', async ({ page }) => {
    await page.goto('./');
    await signIn(page, KEYS.creator, WALLETS.creator);
    const id = await makeWish(page, `Paint the harbour ${Date.now()}`);
    const proposalId = await agentProposal(page, id);

    // The pending block's card opens the contract page.
    await page.getByRole('link', { name: 'pending block' }).click();
    const cardLink = page.locator(`a[data-contract-id="wish-${id}"]`);
    await cardLink.click();
    await expect(page).toHaveURL(new RegExp(`/contract/wish-${id}$`));
    const mine = proposal(page, proposalId);
    await expect(mine).toBeVisible();
    await expect(mine.locator('[data-task-id]')).toHaveCount(2);
    await expect(mine).toContainText('Design the harbour');

    // Approve: one request, then the proposal is approved and the wish is no longer pending.
    let approvals = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/proposals/${proposalId}/approve`)) approvals++;
    });
    await mine.getByRole('button', { name: 'Approve' }).dblclick();
    await expect(mine).toHaveAttribute('data-status', 'approved');
    expect(approvals).toBe(1);
    await expect(page.locator('[data-contract-status]')).toHaveText('active');
    await expect(proposal(page, id)).toHaveAttribute('data-status', 'rejected');
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);

    await page.goBack();
    await expect(page.locator('[data-contract-id]').first()).toBeVisible();
    await expect(page.locator(`[data-contract-id="wish-${id}"]`)).toHaveCount(0);
  });

  test("a key from the wallet sign-in approves that wallet's wish", async ({ page }) => {
    await page.goto('./');
    await signInWithWallet(page);
    const id = await makeWish(page, `A lighthouse for the fixture wallet ${Date.now()}`);
    const proposalId = await agentProposal(page, id);
    await page.getByRole('link', { name: 'pending block' }).click();
    await page.locator(`a[data-contract-id="wish-${id}"]`).click();
    await expect(page.locator('.contract-wish')).toContainText(FIXTURE_WALLET);
    await proposal(page, proposalId).getByRole('button', { name: 'Approve' }).click();
    await expect(proposal(page, proposalId)).toHaveAttribute('data-status', 'approved');
  });

  test("another wallet's key and a key without a wallet get the backend's refusal in words", async ({ page }) => {
    await page.goto('./');
    const hash = await seededHash(page);
    await page.goto(`contract/wish-${hash}`);
    await expect(proposal(page, CLEAN_PROPOSAL)).toBeVisible();
    // Signed out: no Approve, a way to sign in.
    await expect(proposal(page, CLEAN_PROPOSAL).getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expect(proposal(page, CLEAN_PROPOSAL)).toContainText("Sign in as the wish's creator");

    for (const [key, expected] of [
      [KEYS.other, "Only the wish's creator can approve"],
      [KEYS.agent, 'not bound to a wallet'],
    ]) {
      await signIn(page, key); // no wallet typed: the app cannot know, the server decides
      const approve = proposal(page, CLEAN_PROPOSAL).getByRole('button', { name: 'Approve' });
      await approve.click();
      await expect(proposal(page, CLEAN_PROPOSAL).getByRole('alert')).toContainText(expected);
      await expect(proposal(page, CLEAN_PROPOSAL)).toHaveAttribute('data-status', 'pending');
    }
    // A known wallet that is not the creator's: Approve is not offered.
    await signIn(page, KEYS.other, WALLETS.other);
    await expect(proposal(page, CLEAN_PROPOSAL).getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expect(proposal(page, CLEAN_PROPOSAL)).toContainText("Only the wish's creator");
  });

  test('rework: request, listed, another user cannot resolve it, its requester can', async ({ page }) => {
    await page.goto('./');
    const hash = await seededHash(page);
    await page.goto(`contract/${hash}`);
    await expect(page.getByText('to see the rework requests')).toBeVisible();

    await signIn(page, KEYS.other, WALLETS.other);
    const notes = `Make the moon bigger ${Date.now()}`;
    await page.getByRole('button', { name: 'Request rework' }).click();
    await expect(page.getByText('Write what should change.')).toBeVisible();
    await page.getByLabel('Ask for rework').fill(notes);
    await page.getByRole('button', { name: 'Request rework' }).click();
    const item = page.locator('[data-rework-id]').filter({ hasText: notes });
    await expect(item).toHaveAttribute('data-status', 'open');
    await expect(page.getByLabel('Ask for rework')).toHaveValue('');

    // The creator, wallet unknown to the app: Resolve is offered, the server refuses.
    await signIn(page, KEYS.creator);
    await item.getByRole('button', { name: 'Resolve' }).click();
    await expect(item.getByRole('alert')).toContainText('Only the person who asked');
    // With the wallet known, it is not offered.
    await signIn(page, KEYS.creator, WALLETS.creator);
    await expect(item.getByRole('button', { name: 'Resolve' })).toHaveCount(0);

    await signIn(page, KEYS.other, WALLETS.other);
    await item.getByRole('button', { name: 'Resolve' }).click();
    await expect(item).toHaveAttribute('data-status', 'resolved');
  });

  test('/wish/:id and /proposal/:id land on the contract page', async ({ page }) => {
    await page.goto('./');
    const hash = await seededHash(page);
    for (const path of [`wish/${hash}`, `wish/wish-${hash}`, `proposal/${CLEAN_PROPOSAL}`, `contract/${hash.toUpperCase()}`]) {
      await page.goto(path);
      await expect(page.locator(`[data-contract-hash="${hash}"]`), path).toBeVisible();
    }
    await page.goto('contract/proposal-does-not-exist');
    await expect(page.getByRole('status')).toContainText('No wish, contract or proposal');
  });

  test('hostile proposals run nothing and load nothing from elsewhere', async ({ page, baseURL }) => {
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('evil.example')) foreign.push(r.url());
    });
    await page.goto(`proposal/${HOSTILE_PROPOSAL}`);
    const hostile = proposal(page, HOSTILE_PROPOSAL);
    await expect(hostile).toBeVisible();
    for (const summary of await hostile.locator('summary').all()) await summary.click();
    await expect(hostile.locator('.proposal__plan .markdown')).toBeVisible();
    await page.waitForTimeout(500);
    const report = await hostile.evaluate((root) => {
      const all = [...root.querySelectorAll('*')];
      return {
        scripts: root.querySelectorAll('script, iframe, img, svg, style, object, embed').length,
        handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        styles: all.filter((e) => e.hasAttribute('style')).length,
        links: [...root.querySelectorAll('a[href]')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')]),
        text: root.textContent ?? '',
      };
    });
    expect(report.scripts).toBe(0);
    expect(report.handlers).toEqual([]);
    expect(report.styles).toBe(0);
    // Same-site links are the app's own pages under its base path, never the backend's raw
    // paths (chain content would open as a top-level document on this origin).
    const base = new URL(baseURL ?? page.url()).pathname.replace(/[^/]*$/, '');
    for (const [href, rel] of report.links) {
      expect(href).toMatch(/^(https?:\/\/|\/(?!\/)|#)/i);
      if (/^https?:/i.test(href ?? '')) expect(rel).toContain('noopener');
      if (href?.startsWith('/')) {
        expect(href.startsWith(base), `${href} is under ${base}`).toBe(true);
        const inApp = href.slice(base.length - 1);
        expect(inApp).not.toMatch(/^\/(content|uploads|sandbox|api|bitcoin)(\/|$)/i);
      }
    }
    const hrefs = report.links.map(([href]) => href);
    expect(hrefs).toContain(`${base}inscription/abc123i0`);
    expect(hrefs).toContain(`${base}contracts`);
    expect(report.text).toContain('upload');
    expect(report.text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b\u2060]/);
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test('axe finds nothing serious on the contract and contracts pages; 360 px is usable', async ({ page }) => {
    await page.goto('./');
    const hash = await seededHash(page);
    await page.goto(`contract/${hash}`);
    await expect(proposal(page, CLEAN_PROPOSAL)).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto('contracts');
    await expect(page.locator('[data-contract-id]').first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of [`contract/${hash}`, 'contracts']) {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  test('/contracts pages to the end without duplicates or gaps (own devserver)', async ({ page, request }) => {
    const server = await startDevserver({ dist: DIST_DIR, name: 'contracts-paging' });
    try {
      // 15 wishes mined into one block: more than a page shares the boundary height.
      for (let i = 0; i < 15; i++) {
        const res = await request.post(`${server.url}/api/inscribe`, {
          headers: { 'X-API-Key': KEYS.dev },
          data: { message: `Paging wish ${i}`, price: '0.0001' },
        });
        expect(res.status()).toBe(200);
      }
      expect((await request.post(`${server.url}/dev/mine`)).status()).toBe(200);
      const api = await (await request.get(`${server.url}/api/open-contracts?status=confirmed&limit=500`)).json();
      const expected: string[] = api.data.contracts.map((c: { id: string }) => c.id);
      expect(expected.length).toBeGreaterThan(15);

      await page.goto(`${server.url}/contracts`);
      const more = page.locator('[data-contracts-more]');
      const end = page.locator('[data-contracts-end]');
      while (!(await end.isVisible())) {
        await expect(more.or(end)).toBeVisible();
        if (await more.isVisible()) await more.click();
      }
      const listed = await page.locator('[data-contract-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-contract-id')));
      expect(listed).toEqual(expected);
    } finally {
      await server.stop();
    }
  });
});
