// Settling a contract, the whole way: a wish made signed in with the fixture wallet, an agent's
// proposal, approval; a contributor (another tab, another wallet) claims and hands in; the
// creator rejects one hand-in with a reason (the contributor reads it in My work and hands in
// again) and approves the work; then builds the payment, confirms once, and reads the PSBT
// back: its outputs pay the contributor the task budgets, its fee is about vsize × rate, and the
// fixture key signs it into a valid transaction with code that is not ours. Hostile hand-ins run
// nothing; a reader who is not the creator sees no review or payment controls; axe is clean and
// 360 px is usable.
//
// Runs on the devserver and through nginx at / and /explorer/ (NGINX_SPECS).
import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, collectDialogs, KEYS, WALLETS } from './helpers';
import { agentProposal, makeWish, signIn } from './journeys';
import { signChecked, unsignedTx } from './psbt';
import { signInWithWallet } from './wallet';


const row = (page: Page, taskId: string) => page.locator(`.work-row[data-task-id="${taskId}"]`);

/** Opens the contract page again by links (the page loads anew). */
async function reopen(page: Page, wish: string) {
  await page.locator('.site-header').getByRole('link', { name: 'Discover' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Discover' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/contract/(wish-)?${wish}$`));
  await expect(page.locator('.work-list')).toBeVisible();
}

/** A second tab, signed in as the contributor, on Discover filtered to `skill`. */
async function contributorTab(browser: Browser, baseURL: string, skill: string): Promise<Page> {
  const tab = await (await browser.newContext({ baseURL })).newPage();
  await tab.goto('./');
  await signIn(tab, KEYS.contributor, WALLETS.contributor);
  await tab.goto(`discover?skills=${skill}`);
  await expect(tab.locator('.task-cards .task-card')).toHaveCount(2, { timeout: 30_000 });
  return tab;
}

/** The contributor hands in on the task through the Discover card (claiming first when asked). */
async function handIn(tab: Page, taskId: string, notes: string, link: string) {
  const card = tab.locator(`.task-card[data-task-id="${taskId}"]`).first();
  const claim = card.getByRole('button', { name: 'Claim' });
  if (await claim.isVisible()) await claim.click();
  const mine = tab.locator(`.my-work .task-card[data-task-id="${taskId}"]`);
  await mine.getByLabel('What you did').fill(notes);
  await mine.getByLabel('Link to the work (http or https)').fill(link);
  await mine.getByRole('button', { name: 'Hand in' }).click();
  await expect(mine.locator('[data-submission="pending_review"]')).toBeVisible();
}

test.describe('settle', () => {
  test('review the work handed in, build the payment, read the PSBT back and sign it', async ({ page, browser, baseURL }) => {
    test.setTimeout(300_000);
    const dialogs = collectDialogs(page);
    // the creator: signed in with the fixture wallet (its key pays), makes a wish; an agent proposes
    await page.goto('./');
    await signInWithWallet(page);
    const wish = await makeWish(page, `A bridge over the bay ${Date.now()}`);
    const skill = `settle${Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
    const proposalId = await agentProposal(page, wish, [
      { title: 'Design the bridge', budget_sats: 30000, skills_required: [skill] },
      { title: 'Build the bridge', budget_sats: 40000, skills_required: [skill] },
    ]);
    await page.getByRole('link', { name: 'follow your wish' }).click();
    await page.locator(`[data-proposal-id="${proposalId}"]`).getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator(`[data-proposal-id="${proposalId}"]`)).toHaveAttribute('data-status', 'approved');
    await expect(page.locator('.work-row')).toHaveCount(2);
    const [design, build] = [`${proposalId}-task-1`, `${proposalId}-task-2`];
    await expect(row(page, design)).toContainText('Nothing handed in yet.');

    // the contributor claims both; an agent-style hand-in with hostile notes and link on the design
    const tab = await contributorTab(browser, baseURL!, skill);
    const claim = await tab.request.post(`/api/smart_contract/tasks/${design}/claim`, { headers: { 'X-API-Key': KEYS.contributor }, data: {} });
    expect(claim.status()).toBe(200);
    const hostile = await tab.request.post(`/api/smart_contract/claims/${(await claim.json()).claim_id}/submit`, {
      headers: { 'X-API-Key': KEYS.contributor },
      data: {
        deliverables: { notes: 'Done <img src=x onerror=alert(1)> [see](javascript:alert(2))', submitted_by: WALLETS.contributor },
        completion_proof: { link: 'javascript:alert(3)' },
      },
    });
    expect(hostile.status()).toBe(200);
    await handIn(tab, build, 'Built it', 'https://example.org/bridge/build');

    // the creator sees both hand-ins; the hostile one is text, its link not a link
    await reopen(page, wish);
    await expect(page.locator('[data-work-tally]')).toContainText('Waiting for review2');
    const attempt = row(page, design).locator('.attempt').first();
    await expect(attempt).toContainText('Handed in: pending review.');
    await expect(attempt).toContainText('Done');
    await expect(attempt.locator('img')).toHaveCount(0);
    await expect(attempt.locator('a[href^="javascript"]')).toHaveCount(0);
    await expect(attempt.locator('.attempt__proof')).toContainText('not a web link');
    await expect(row(page, build).getByRole('link', { name: 'https://example.org/bridge/build' })).toHaveAttribute('rel', /noopener/);

    // reject needs a reason; with it, one request; approve the other
    const reviews: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/review')) reviews.push(r.postData() ?? '');
    });
    await row(page, design).getByRole('button', { name: 'Reject' }).click();
    await expect(row(page, design).getByRole('alert')).toContainText('Say why the work is rejected');
    expect(reviews).toHaveLength(0);
    await row(page, design).getByLabel(/^Reason/).fill('No drawings attached');
    await row(page, design).getByRole('button', { name: 'Reject' }).click();
    await expect(row(page, design).locator('.attempt').first()).toContainText('rejected');
    await row(page, build).getByRole('button', { name: 'Approve' }).click();
    await expect(row(page, build).locator('[data-submission="approved"]')).toBeVisible();
    expect(reviews).toHaveLength(2);
    expect(JSON.parse(reviews[0])).toEqual({ action: 'reject', notes: 'No drawings attached' });

    // the contributor reads why in My work and hands in again
    await tab.reload();
    const mine = tab.locator(`.my-work .task-card[data-task-id="${design}"]`);
    await expect(mine.locator('[data-submission="rejected"]')).toHaveText('Handed in: rejected (No drawings attached). The task is open again.');
    await expect(tab.locator(`.my-work .task-card[data-task-id="${build}"] [data-submission="approved"]`)).toBeVisible();
    await handIn(tab, design, 'Drawings attached', 'https://example.org/bridge/drawings');

    // the creator approves the new attempt; the earlier one is folded away
    await reopen(page, wish);
    await expect(row(page, design).locator('.work-row__earlier summary')).toHaveText('1 earlier attempt');
    await row(page, design).getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('[data-work-tally]')).toContainText('Approved2 · 0.0007 BTC');

    // the payment: prefilled from the approved work (again when more work is approved); a fee
    // rate of 0 is refused before sending
    const payment = page.locator('.payment');
    await expect(payment.getByLabel('Pay to (testnet address)')).toHaveCount(2);
    for (const field of await payment.getByLabel('Pay to (testnet address)').all()) await expect(field).toHaveValue(WALLETS.contributor);
    await expect(payment.locator('.payment-form__total')).toContainText('70,000 sats');
    await payment.getByLabel('Fee rate (sat/vB)').fill('0');
    await payment.getByRole('button', { name: 'Check the payment' }).click();
    await expect(payment.locator('.field__error')).toContainText('at least 1 sat/vB');
    await payment.getByLabel('Fee rate (sat/vB)').fill('3');
    await payment.getByRole('button', { name: 'Check the payment' }).click();
    await expect(payment.getByRole('heading', { name: 'Build this payment?' })).toBeVisible();
    let builds = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/psbt')) builds++;
    });
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/psbt'));
    await payment.getByRole('button', { name: 'Build the PSBT' }).dblclick();
    const answer = await (await answered).json();
    await expect(payment).toHaveAttribute('data-payment-step', 'done');
    expect(builds).toBe(1);

    // the PSBT read back: the contributor paid each budget, fee ≈ vsize × rate, change the rest
    const base64 = await payment.locator('.built').getAttribute('data-psbt-base64');
    expect(base64).toBe(answer.psbt_base64);
    const tx = unsignedTx(base64!);
    const paid = tx.outputs.filter((o) => answer.payout_scripts.includes(o.script)).map((o) => o.sats).sort();
    expect(paid).toEqual([30000, 40000]);
    const out = tx.outputs.reduce((sum, o) => sum + o.sats, 0);
    expect(answer.selected_sats - out).toBe(answer.fee_sats);
    const vsize = tx.baseSize + Math.ceil((tx.inputs * 108 + 2) / 4);
    expect(answer.fee_sats / 3).toBeGreaterThan(vsize * 0.9);
    expect(answer.fee_sats / 3).toBeLessThan(vsize * 1.25);
    await expect(payment.locator('[data-fee-sats]')).toHaveAttribute('data-fee-sats', String(answer.fee_sats));
    expect(signChecked(base64!)).toMatch(/^ok: \d+ inputs?/);
    await expect(payment.getByRole('link', { name: 'Download the .psbt file' })).toHaveAttribute('download', /\.psbt$/);
    await expect(payment.locator('.psbt-qr svg.qr').first()).toBeVisible();
    await expect(payment.getByRole('button', { name: 'Build the PSBT' })).toHaveCount(0);
    expect(dialogs).toEqual([]);

    // axe on the page with the work and the payment; 360 px is usable
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // the contributor on the contract page: the work, and no review or payment controls
    await tab.goto(`contract/wish-${wish}`);
    await expect(tab.locator('.work-row')).toHaveCount(2);
    await expect(tab.locator('.work-list').getByRole('button', { name: /Approve|Reject|Mark reviewed/ })).toHaveCount(0);
    await expect(tab.locator('.payment')).toHaveCount(0);
    await expect(tab.locator('.contract-page')).toContainText('This page offers the review and the payment to that wallet only');
    await tab.context().close();
  });

  test("from the seeded states: hostile hand-ins are text; the backend's refusals read as sentences and lose nothing", async ({ page }) => {
    const hashOf = async (proposal: string) =>
      (await (await page.request.get(`/api/smart_contract/proposals/${proposal}`)).json()).visible_pixel_hash as string;
    // crates/devserver/README.md, "Seeded contracts for e2e states"
    const pending = await hashOf('proposal-1793491200000000020');
    const ready = await hashOf('proposal-1793491200000000022');
    const dialogs = collectDialogs(page);
    await page.goto('./');
    await signInWithWallet(page);

    // "E2E: hand-ins pending review": the seeded notes carry a script tag and bidi overrides
    await page.goto(`contract/wish-${pending}`);
    const first = page.locator('.work-row').first();
    await expect(first.locator('.attempt')).toContainText('Done');
    await expect(page.locator('.work-list script, .work-list img')).toHaveCount(0);
    // the backend refuses anyway (a key that went stale): said in place, nothing changed
    const envelope = (status: number, message: string) => ({
      status,
      contentType: 'application/json',
      body: JSON.stringify({ success: false, error: { error: { code: String(status), message } } }),
    });
    await page.route('**/review', (route) => route.fulfill(envelope(403, 'invalid api key')));
    await first.getByRole('button', { name: 'Approve' }).click();
    await expect(first.getByRole('alert')).toContainText('sign in again');
    await expect(first.locator('[data-submission="pending_review"]')).toBeVisible();
    await page.unroute('**/review');

    // "E2E: ready to pay": three approved tasks prefill three payouts; refusals keep the step
    await page.goto(`contract/wish-${ready}`);
    const payment = page.locator('.payment');
    await expect(payment.getByLabel('Pay to (testnet address)')).toHaveCount(3);
    await payment.getByRole('button', { name: 'Check the payment' }).click();
    const refusals: [number, string, string][] = [
      [503, 'psbt builder unavailable', 'cannot build payments right now'],
      [403, 'api key missing wallet binding - please associate a Bitcoin wallet address with your API key', 'not bound to a wallet'],
      [400, 'insufficient funds: need 900000 sats, selected 3750000', 'does not hold enough'],
    ];
    for (const [status, message, words] of refusals) {
      await page.route('**/psbt', (route) => route.fulfill(envelope(status, message)));
      await payment.getByRole('button', { name: 'Build the PSBT' }).click();
      await expect(payment.getByRole('alert')).toContainText(words);
      await expect(payment).toHaveAttribute('data-payment-step', 'confirm');
      await page.unroute('**/psbt');
    }
    await payment.getByRole('button', { name: 'Build the PSBT' }).click();
    await expect(payment).toHaveAttribute('data-payment-step', 'done');
    await expect(payment.locator('.built__outputs tbody tr')).toHaveCount(4); // three payouts and the change
    expect(dialogs).toEqual([]);
  });
});
