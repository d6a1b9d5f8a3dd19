// Discover with a large marketplace (docs/design.md "Budgets"): a devserver seeded with 5,000
// approved proposals whose plans are 10 kB each (one task each), each on a wish of its own (the
// backend approves one proposal per wish and takes five at most), made as an agent and a user
// would, through the API. Prints
//   - the listing's answer size and how many proposals it carried
//   - time from navigation to the first task card, and to the page settled (no request left)
//   - JS heap and DOM elements after it settled
//   - the same for a contract page with one of those proposals' plans folded (not parsed)
// Figures only: shared 2-core machines are noisy, so nothing here fails on a time.
import { test, expect, type Page } from '@playwright/test';
import { DIST_DIR, KEYS, startDevserver, type Devserver } from '../tests/helpers';
import { Figures } from './figures';

const PROPOSALS = 5_000;
const PLAN_BYTES = 10_000;

let server: Devserver;
let wish = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(600_000);
  server = await startDevserver({ dist: DIST_DIR, name: 'bench-discover' });
  const line = '- Step: survey the area, write it down, check it twice, and hand it in. ';
  const plan = `# Plan\n\n${line.repeat(Math.ceil(PLAN_BYTES / line.length))}`.slice(0, PLAN_BYTES);
  const started = Date.now();
  const batch = 50;
  for (let i = 0; i < PROPOSALS; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, PROPOSALS - i) }, async (_, j) => {
        const n = i + j;
        const made = await request.post(`${server.url}/api/inscribe`, {
          headers: { 'X-API-Key': KEYS.dev },
          data: { message: `Bench wish ${n}`, price: '10000', price_unit: 'sats' },
        });
        expect(made.status(), `wish ${n}`).toBe(200);
        const hash: string = (await made.json()).data.id;
        if (n === 0) wish = hash;
        const proposal = await request.post(`${server.url}/api/smart_contract/proposals`, {
          headers: { 'X-API-Key': KEYS.dev },
          data: {
            id: `bench-proposal-${n}`,
            title: `Bench proposal ${n}`,
            description_md: plan,
            contract_id: hash,
            visible_pixel_hash: hash,
            status: 'approved',
            budget_sats: 10_000,
            tasks: [{ title: `Task of proposal ${n}`, description: 'Do it.', budget_sats: 1_000, skills_required: ['bench'] }],
          },
        });
        expect(proposal.status(), `proposal ${n}: ${await proposal.text()}`).toBeLessThan(300);
      }),
    );
  }
  console.log(`BENCH ${'seeded proposals'.padEnd(34)} ${String(PROPOSALS).padStart(14)}   (${((Date.now() - started) / 1000).toFixed(0)} s to create)`);
});
test.afterAll(async () => server?.stop());

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function heapAndNodes(page: Page): Promise<{ heap: number; nodes: number }> {
  const client = await page.context().newCDPSession(page);
  await client.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await client.send('Runtime.getHeapUsage')) as { usedSize: number };
  await client.detach();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { heap: usedSize, nodes };
}

test('Discover and a contract page with 5,000 proposals of 10 kB', async ({ page }) => {
  let listingBytes = 0;
  let listed = 0;
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname.endsWith('/api/smart_contract/proposals')) {
      const body = await r.body().catch(() => Buffer.alloc(0));
      listingBytes = Math.max(listingBytes, body.length);
      try {
        listed = Math.max(listed, (JSON.parse(body.toString('utf8')).proposals ?? []).length);
      } catch {
        /* not JSON: counted as bytes only */
      }
    }
  });
  const start = Date.now();
  await page.goto(`${server.url}/discover?status=all&skills=bench`);
  await expect(page.locator('.task-card').first()).toBeVisible({ timeout: 300_000 });
  const firstCard = Date.now() - start;
  await page.waitForLoadState('networkidle');
  const settled = Date.now() - start;
  const discover = await heapAndNodes(page);
  const figures = new Figures('discover-bench');
  figures.report('listing', 'discover: listing answer', `${mb(listingBytes)} (${listed})`);
  figures.report('first_card', 'discover: first task card (loopback)', `${firstCard} ms`);
  figures.report('settled', 'discover: settled (network idle)', `${settled} ms`);
  figures.report('heap', 'discover: JS heap', `${mb(discover.heap)} (${discover.nodes})`);

  const contractStart = Date.now();
  await page.goto(`${server.url}/contract/${wish}`);
  await expect(page.locator('[data-proposal-id]').first()).toBeVisible({ timeout: 300_000 });
  await page.waitForLoadState('networkidle');
  const contract = await heapAndNodes(page);
  const parsed = await page.locator('.proposal__plan .markdown').count();
  const shown = await page.locator('[data-proposal-id]').count();
  figures.report('contract_settled', 'contract page: settled', `${Date.now() - contractStart} ms (${shown} proposals)`);
  figures.report('contract_heap', 'contract page: JS heap', `${mb(contract.heap)} (${contract.nodes}, ${parsed} parsed)`);
  figures.save();
});
