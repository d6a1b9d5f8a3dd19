// From a block to its contract and back: a mined wish's inscription card shows the stego and
// contract badges the backend's metadata gives (contract_id, is_stego, stego_probability), its
// contract badge opens the contract page, and the contract page links back to the block and to
// the inscription; the block view's header counts the block's smart contracts.
//
// Its own devserver (mining changes the chain other specs read).
import { expect, test } from './fixtures';
import { axeViolations, DIST_DIR, KEYS, startDevserver, type Devserver } from './helpers';

test.describe('stego marks', () => {
  let server: Devserver;
  test.beforeAll(async () => {
    server = await startDevserver({ dist: DIST_DIR, name: 'stego-marks' });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('a mined wish links from its card to its contract and back (own devserver)', async ({ page, request }) => {
    const message = `Stego harbour ${Date.now()}`;
    const made = await request.post(`${server.url}/api/inscribe`, {
      headers: { 'X-API-Key': KEYS.dev },
      data: { message, price: '0.0001' },
    });
    expect(made.status()).toBe(200);
    const id: string = (await made.json()).data.id;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const mined = await request.post(`${server.url}/dev/mine`);
    expect(mined.ok()).toBe(true);
    const { height } = (await mined.json()) as { height: number };

    // The block: its header counts the contracts, the wish's card carries the badges.
    await page.goto(`${server.url}/block/${height}`);
    await expect(page.locator('[data-block-marks]')).toContainText(/\d+ smart contracts?/, { timeout: 30_000 });
    const card = page.locator('[data-inscription-id]').filter({ hasText: message });
    await expect(card).toHaveCount(1, { timeout: 30_000 });
    await expect(card.locator('[data-mark="stego"]')).toHaveText('Stego · 100%');
    const contractLink = card.locator('a[data-contract-link]');
    await expect(contractLink).toHaveText('Contract');
    await expect(contractLink).toHaveAttribute('href', new RegExp(`/contract/wish-${id}$`));
    // The block's ordinary inscriptions (1 or 2 beside the wishes) have no badge.
    await expect(page.locator('[data-inscription-id]:not(:has([data-mark]))').first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    const inscriptionId = (await card.getAttribute('data-inscription-id'))!;

    // To the contract page (in-app navigation), which links back to the block and the inscription.
    await contractLink.click();
    await expect(page).toHaveURL(new RegExp(`/contract/wish-${id}$`));
    const facts = page.locator('.contract-wish');
    await expect(facts).toContainText(message, { timeout: 30_000 });
    await expect(facts.getByRole('link', { name: `Block ${height.toLocaleString('en-US')}` })).toBeVisible();
    const back = facts.locator('a[data-inscription-link]');
    await expect(back).toBeVisible();
    await back.click();
    await expect(page).toHaveURL(new RegExp(`/inscription/[0-9a-f]{64}\\?block=${height}$`));
    await expect(page.locator(`dl[data-inscription-id="${inscriptionId}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.inscription-marks [data-mark="stego"]')).toHaveText('Stego · 100%');
    await expect(page.locator('.inscription-marks a[data-contract-link]')).toHaveAttribute(
      'href',
      new RegExp(`/contract/wish-${id}$`),
    );

    expect(await axeViolations(page)).toEqual([]);

    // Back twice: the contract page, then the block with the card.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/contract/wish-${id}$`));
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/block/${height}$`));
    await expect(card.locator('a[data-contract-link]')).toBeVisible({ timeout: 30_000 });
  });
});
