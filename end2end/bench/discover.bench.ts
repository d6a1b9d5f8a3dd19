// Discover with a large marketplace (docs/design.md "Budgets"): a devserver seeded with 5,000
// approved proposals whose plans are 10 kB each (one task each). Prints
//   - the listing's answer size and how many proposals it carried
//   - time from navigation to the first task card, and to the page settled (no request left)
//   - JS heap and DOM elements after it settled
//   - the same for a contract page with one of those proposals' plans folded (not parsed)
// Figures only: shared 2-core machines are noisy, so nothing here fails on a time.
import { test, expect, type Page } from '@playwright/test';
import { DIST_DIR, KEYS, startDevserver, type Devserver } from '../tests/helpers';

const PROPOSALS = 5_000;
const PLAN_BYTES = 10_000;

let server: Devserver;
let wish = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(600_000);
  server = await startDevserver({ dist: DIST_DIR, name: 'bench-discover' });
  const open = await (await request.get(`${server.url}/api/open-contracts?status=pending&limit=1`)).json();
  const first = (open.data?.contracts ?? open.data?.transactions ?? [])[0];
  wish = first?.visible_pixel_hash ?? first?.id?.replace(/^wish-/, '') ?? '';
  expect(wish, JSON.stringify(first)).toMatch(/^[0-9a-f]{64}$/);
  const line = '- Step: survey the area, write it down, check it twice, and hand it in. ';
  const plan = `# Plan\n\n${line.repeat(Math.ceil(PLAN_BYTES / line.length))}`.slice(0, PLAN_BYTES);
  const started = Date.now();
  const batch = 50;
  for (let i = 0; i < PROPOSALS; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, PROPOSALS - i) }, (_, j) => {
        const n = i + j;
        return request
          .post(`${server.url}/api/smart_contract/proposals`, {
            headers: { 'X-API-Key': KEYS.dev },
            data: {
              id: `bench-proposal-${n}`,
              title: `Bench proposal ${n}`,
              description_md: plan,
              contract_id: wish,
              visible_pixel_hash: wish,
              status: 'approved',
              budget_sats: 10_000,
              tasks: [{ title: `Task of proposal ${n}`, description: 'Do it.', budget_sats: 1_000, skills_required: ['bench'] }],
            },
          })
          .then((r) => expect(r.status(), `proposal ${n}`).toBeLessThan(300));
      }),
    );
  }
  console.log(`BENCH ${'seeded proposals'.padEnd(34)} ${String(PROPOSALS).padStart(14)}   (${((Date.now() - started) / 1000).toFixed(0)} s to create)`);
});
test.afterAll(async () => server?.stop());

function report(name: string, value: string, note: string): void {
  console.log(`BENCH ${name.padEnd(34)} ${value.padStart(14)}   (${note})`);
}

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
  report('discover: listing answer', mb(listingBytes), `${listed} proposals in it`);
  report('discover: first task card', `${firstCard} ms`, 'loopback, no throttle');
  report('discover: settled', `${settled} ms`, 'network idle');
  report('discover: JS heap', mb(discover.heap), `${discover.nodes} DOM elements`);

  const contractStart = Date.now();
  await page.goto(`${server.url}/contract/${wish}`);
  await expect(page.locator('[data-proposal-id]').first()).toBeVisible({ timeout: 300_000 });
  await page.waitForLoadState('networkidle');
  const contract = await heapAndNodes(page);
  const parsed = await page.locator('.proposal__plan .markdown').count();
  report('contract page: settled', `${Date.now() - contractStart} ms`, `${await page.locator('[data-proposal-id]').count()} proposals`);
  report('contract page: JS heap', mb(contract.heap), `${contract.nodes} DOM elements, ${parsed} plans parsed`);
});
