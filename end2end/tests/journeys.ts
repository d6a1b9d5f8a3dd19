// Steps that several specs take the way a user does: signing in on the wish page's panel,
// making a wish, and an agent writing a proposal for it over HTTP.
import { type Page } from '@playwright/test';
import { expect } from './fixtures';
import { KEYS } from './helpers';

/** The payout address the wishes are made with. */
export const PAYOUT = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';

/** Signs in on the wish page's panel (reached by the header link), then goes Back. */
export async function signIn(page: Page, key: string, wallet?: string) {
  await page.getByRole('link', { name: 'Make a wish' }).click();
  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  if (await signOut.isVisible()) await signOut.click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  await page.getByLabel('API key').fill(key);
  if (wallet) await page.getByLabel('Wallet address (optional)').fill(wallet);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('[data-signed-in]')).toContainText('Signed in');
  await page.goBack();
}

/** Makes a wish on the form (signed in already) and returns its id. */
export async function makeWish(page: Page, message: string): Promise<string> {
  await page.getByRole('link', { name: 'Make a wish' }).click();
  await page.getByLabel('Your wish').fill(message);
  await page.getByLabel(/^Price/).fill('0.001');
  await page.getByLabel('Bitcoin address').fill(PAYOUT);
  await page.getByRole('button', { name: 'Send the wish' }).click();
  const id = await page.locator('[data-wish-id]').getAttribute('data-wish-id', { timeout: 30_000 });
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  return id!;
}

/** A task as an agent's proposal lists it. */
export interface TaskInput {
  title: string;
  budget_sats: number;
  skills_required: string[];
}

/**
 * An agent writes a proposal for the wish over HTTP; returns its id. Without `tasks` the plan's
 * markdown gives two tasks (Design and Build the harbour).
 */
export async function agentProposal(page: Page, wish: string, tasks?: TaskInput[]): Promise<string> {
  const created = await page.request.post('/api/smart_contract/proposals', {
    headers: { 'X-API-Key': KEYS.agent },
    data: {
      title: 'Harbour plan',
      visible_pixel_hash: wish,
      budget_sats: 100000,
      description_md: '## Plan\n### Task 1: Design the harbour\nSketch.\n### Task 2: Build the harbour\nPaint.\n',
      ...(tasks ? { tasks } : {}),
    },
  });
  expect(created.status()).toBe(201);
  return (await created.json()).proposal_id;
}
