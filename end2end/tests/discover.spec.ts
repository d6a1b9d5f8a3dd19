// Discover: an approved proposal's tasks appear, filtered by skill, least budget and
// state with the filter in the URL; claim a task, see its time left, hand in the work, and find
// it in My work as pending review and in the activity feed; a claim that lost the race reads as
// such; an expired claim frees the task; hostile task texts run nothing; axe clean; 360 px
// usable.
//
// Runs on the devserver and through nginx (NGINX_SPECS). The key lives in memory for the tab, so
// the tests move inside the app by links (page.goto would reload and forget it).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeViolations, DIST_DIR, KEYS, startDevserver, WALLETS, type Devserver } from './helpers';
import { agentProposal, makeWish, signIn } from './journeys';

const count = (page: Page) => page.locator('[data-discover-count]');
/** The task list once no answer is on its way (the old page stays in view meanwhile). */
const settled = (page: Page) => page.locator('.discover-page__main[aria-busy="false"]');

/** A skill no other test's task asks for (lower-case letters, as the filter shows skills). */
const uniqueSkill = () => `bay${Date.now().toString().slice(-7).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;

/** The header's Discover link (moving by links keeps the key, held in memory for the tab). */
async function openDiscover(page: Page) {
  await page.locator('.site-header').getByRole('link', { name: 'Discover' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Discover' })).toBeVisible();
}

/** Signs in on the wish page's panel, then opens Discover and waits for its tasks. */
async function signInAndDiscover(page: Page, key: string, wallet: string) {
  await page.goto('./');
  await signIn(page, key, wallet);
  await openDiscover(page);
  await expect(page.locator('.task-card').first()).toBeVisible();
}

test.describe('discover', () => {
  test('filters live in the URL and survive a reload', async ({ page }) => {
    await page.goto('discover');
    await expect(page.locator('.task-card').first()).toBeVisible({ timeout: 30_000 });
    const all = Number((await count(page).innerText()).match(/^(\d+)/)?.[1]);
    expect(all).toBeGreaterThan(1);
    // a plain skill (the seed has hostile ones too: they show as text)
    const skills = (await page.locator('.task-filter__skills label').allInnerTexts()).map((s) => s.trim());
    const skill = skills.find((s) => /^[a-z][a-z-]*$/.test(s)) ?? '';
    expect(skill).not.toBe('');
    // the listing is asked for again with the skill; its answer is held back until the budget
    // is being typed, and lands before the field is left: what was typed must not be lost
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const withSkill = (url: URL) => url.pathname.endsWith('/api/smart_contract/proposals') && url.searchParams.has('skills');
    await page.route(withSkill, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel(skill, { exact: true }).check();
    await expect(page).toHaveURL(new RegExp(`[?&]skills=${skill}(&|$)`));
    await expect(page.locator('.discover-page__main[aria-busy="true"]')).toBeVisible();
    await page.getByLabel('Least budget (sats)').fill('50000');
    const landed = page.waitForResponse((r) => withSkill(new URL(r.url())));
    release();
    await landed;
    await expect(settled(page)).toBeVisible();
    await page.getByLabel('Least budget (sats)').blur();
    await expect(page).toHaveURL(/min_budget=50000/);
    await expect(page.getByLabel('Least budget (sats)')).toHaveValue('50000');
    await expect(page.getByLabel(skill, { exact: true })).toBeChecked();
    const filtered = await count(page).innerText();
    for (const card of await page.locator('.task-cards .task-card').all()) {
      await expect(card.locator('.task__skills')).toContainText(skill);
    }
    await page.reload();
    await expect(count(page)).toHaveText(filtered);
    await expect(page.getByLabel(skill, { exact: true })).toBeChecked();
    await expect(page.getByLabel('Least budget (sats)')).toHaveValue('50000');
    // nonsense in the URL is said, and the rest still applies
    await page.goto('discover?min_budget=lots&status=open');
    await expect(page.locator('.discover-page [role="status"]').first()).toContainText('“lots” is not a budget');
  });

  test('claim, time left, hand in, My work shows it pending review; rejected, it is handed in again', async ({ page }) => {
    await signInAndDiscover(page, KEYS.other, WALLETS.other);
    const card = page.locator('.task-cards .task-card').filter({ has: page.getByRole('button', { name: 'Claim' }) }).first();
    const id = await card.getAttribute('data-task-id');
    await card.getByRole('button', { name: 'Claim' }).click();
    const mine = page.locator(`.my-work .task-card[data-task-id="${id}"]`);
    await expect(mine.getByRole('timer')).toHaveText(/Claimed, \d+:\d\d left/);
    // the form says what is missing and sends nothing
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('.field__error')).toHaveText(['Say what you did.', 'Give a link to the work (http or https).']);
    await mine.getByLabel('What you did').fill('Done, see the pull request');
    await mine.getByLabel('Link to the work (http or https)').fill('javascript:alert(1)');
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('.field__error')).toHaveText(['The link must start with http:// or https://.']);
    await mine.getByLabel('Link to the work (http or https)').fill('https://example.org/pull/1');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/submit')) posts.push(r.url());
    });
    const submitted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/submit'));
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('[data-submission="pending_review"]')).toHaveText('Handed in: pending review.');
    await expect(mine.locator('.badge')).toHaveText('submitted');
    expect(posts).toHaveLength(1);

    // a reviewer rejects it: My work still lists it as rejected, with the reviewer's reason (read
    // from the keyed submissions listing: the proposals listing leaves it out), and offers the
    // claim again
    const { submission_id: submission } = await (await submitted).json();
    const review = await page.request.post(`/api/smart_contract/submissions/${submission}/review`, {
      headers: { 'X-API-Key': KEYS.agent },
      data: { action: 'reject', notes: 'No tests attached' },
    });
    expect(review.status()).toBe(200);
    await page.getByRole('link', { name: 'Make a wish' }).click();
    await openDiscover(page);
    await expect(mine.locator('[data-submission="rejected"]')).toHaveText('Handed in: rejected (No tests attached). The task is open again.');
    await mine.getByRole('button', { name: 'Claim' }).click();
    await mine.getByLabel('What you did').fill('Tests added');
    await mine.getByLabel('Link to the work (http or https)').fill('https://example.org/pull/2');
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('[data-submission="pending_review"]')).toHaveText('Handed in: pending review.');
    expect(posts).toHaveLength(2);
  });

  test("an approved proposal's tasks: filter, claim, hand in, My work and the activity", async ({ page }) => {
    // the creator makes a wish, an agent proposes two tasks, the creator approves
    await page.goto('./');
    await signIn(page, KEYS.creator, WALLETS.creator);
    const wish = await makeWish(page, `Chart the bay ${Date.now()}`);
    const skill = uniqueSkill();
    const proposalId = await agentProposal(page, wish, [
      { title: 'Survey the bay', budget_sats: 70000, skills_required: [skill, 'boats'] },
      { title: 'Draw the chart', budget_sats: 30000, skills_required: [skill] },
    ]);
    await page.getByRole('link', { name: 'follow your wish' }).click();
    const proposal = page.locator(`[data-proposal-id="${proposalId}"]`);
    await proposal.getByRole('button', { name: 'Approve' }).click();
    await expect(proposal).toHaveAttribute('data-status', 'approved');

    // its tasks appear on Discover; filter by the skill and a least budget
    await openDiscover(page);
    await page.getByLabel(skill, { exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]skills=${skill}(&|$)`));
    await expect(page.locator('.task-cards .task-card')).toHaveCount(2);
    await page.getByLabel('Least budget (sats)').fill('50000');
    await page.getByLabel('Least budget (sats)').blur();
    await expect(page).toHaveURL(/min_budget=50000/);
    const card = page.locator('.task-cards .task-card');
    await expect(card).toHaveCount(1);
    await expect(card).toContainText('Survey the bay');
    await expect(card).toContainText('0.0007 BTC');
    // a reload keeps the view; then sign in as a contributor
    await page.reload();
    await expect(page.locator('.task-cards .task-card')).toHaveCount(1);
    await signIn(page, KEYS.other, WALLETS.other);
    await expect(page).toHaveURL(new RegExp(`skills=${skill}.*min_budget=50000|min_budget=50000.*skills=${skill}`));

    // claim: time left; hand in: pending review, in My work
    const taskId = await card.getAttribute('data-task-id');
    await card.getByRole('button', { name: 'Claim' }).click();
    const mine = page.locator(`.my-work .task-card[data-task-id="${taskId}"]`);
    await expect(mine.getByRole('timer')).toHaveText(/Claimed, (59|60):\d\d left/);
    await mine.getByLabel('What you did').fill('Surveyed; soundings attached');
    await mine.getByLabel('Link to the work (http or https)').fill('https://example.org/bay/survey');
    await mine.getByRole('button', { name: 'Hand in' }).click();
    await expect(mine.locator('[data-submission="pending_review"]')).toHaveText('Handed in: pending review.');

    // the activity feed shows the claim and the hand-in, each linked to the contract
    const feed = page.locator('.activity');
    for (const what of ['Task claimed', 'Work handed in']) {
      const line = feed.locator('.activity__item').filter({ hasText: what }).filter({ hasText: 'Survey the bay' }).first();
      await expect(line).toBeVisible();
      await expect(line.getByRole('link', { name: 'Survey the bay' })).toHaveAttribute('href', /\/contract\//);
    }
    await expect(feed.locator('.activity__item').filter({ hasText: 'Proposal approved' }).first()).toBeVisible();
    // after a reload the events and the listing arrive in either order: the lines get their links
    await page.reload();
    await expect(
      feed.locator('.activity__item').filter({ hasText: 'Task claimed' }).getByRole('link', { name: 'Survey the bay' }).first(),
    ).toBeVisible();
    await feed.locator('.activity__item').filter({ hasText: 'Work handed in' }).getByRole('link').first().click();
    await expect(page.locator(`[data-proposal-id="${proposalId}"]`)).toBeVisible();
  });

  test('a claim that lost the race is said in place', async ({ page }) => {
    await signInAndDiscover(page, KEYS.creator, WALLETS.creator);
    const card = page.locator('.task-cards .task-card').filter({ has: page.getByRole('button', { name: 'Claim' }) }).last();
    const id = await card.getAttribute('data-task-id');
    // another agent claims it meanwhile
    const res = await page.request.post(`/api/smart_contract/tasks/${encodeURIComponent(id ?? '')}/claim`, {
      headers: { 'X-API-Key': KEYS.other },
      data: {},
    });
    expect(res.status()).toBe(200);
    await card.getByRole('button', { name: 'Claim' }).click();
    await expect(card.getByRole('alert')).toHaveText(/Another contributor holds this task/);
  });

  test.describe('claims that run out (own devserver)', () => {
    let server: Devserver;
    test.beforeAll(async () => {
      server = await startDevserver({ dist: DIST_DIR, name: 'claim-ttl', extraArgs: ['--claim-ttl', '8'] });
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    test('an expired claim frees the task', async ({ page }) => {
      await page.goto(`${server.url}/`);
      await signIn(page, KEYS.other, WALLETS.other);
      await openDiscover(page);
      const card = page.locator('.task-cards .task-card').filter({ has: page.getByRole('button', { name: 'Claim' }) }).first();
      const id = await card.getAttribute('data-task-id');
      const claimAs = (key: string) =>
        page.request.post(`${server.url}/api/smart_contract/tasks/${encodeURIComponent(id ?? '')}/claim`, {
          headers: { 'X-API-Key': key },
          data: {},
        });
      await card.getByRole('button', { name: 'Claim' }).click();
      const mine = page.locator(`.my-work .task-card[data-task-id="${id}"]`);
      await expect(mine.getByRole('timer')).toHaveText(/Claimed, 0:0\d left/);
      // while it runs, nobody else gets it
      expect((await claimAs(KEYS.creator)).status()).toBe(409);
      // then the card says so and offers the claim again, and another contributor can take it
      await expect(mine.getByRole('timer')).toHaveText('Claim expired: open again', { timeout: 20_000 });
      await expect(mine.getByRole('button', { name: 'Claim' })).toBeVisible();
      await expect(mine.getByLabel('What you did')).toHaveCount(0);
      expect((await claimAs(KEYS.creator)).status()).toBe(200);
    });
  });

  test('hostile task texts run nothing; axe is clean; 360 px is usable', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto('discover?status=all');
    await expect(page.locator('.task-card').first()).toBeVisible({ timeout: 30_000 });
    const report = await page.locator('.discover-page').evaluate((root) => {
      const all = [...root.querySelectorAll('*')];
      return {
        active: root.querySelectorAll('script, iframe, img, svg, style, object, embed').length,
        handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        hrefs: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''),
      };
    });
    expect(report.active).toBe(0);
    expect(report.handlers).toEqual([]);
    for (const href of report.hrefs) expect(href).toMatch(/^\/(?!\/)/);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await expect(page.locator('.task-card').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
