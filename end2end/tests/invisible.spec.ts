// Invisible characters: the devserver's hostile corpus holds a text full of Unicode
// default-ignorable characters ("pay<ZWSP>pal", word joiner, invisible operators, BOM in the
// middle, Hangul fillers, tag characters, …) and, after "Kept:", an emoji ZWJ sequence and a
// Persian word with its ZWNJ. Everywhere the app shows it - the card preview, the full text of
// the inscription page, a search result, a wish message - the invisible ones are gone and the
// joiners that real text needs are still there.
import { expect, test } from './fixtures';
import { expectTipShown, pendingCard, tipHeight } from './helpers';

// The default-ignorable characters of the hostile text (U+200C/U+200D/U+FE0F appear there too,
// but between Latin letters; they are checked through EXPECTED).
const INVISIBLE =
  /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B\u2060-\u2064\u3164\uFEFF\uFFA0\uFFF0-\uFFF8\u{1BCA0}-\u{1BCA3}\u{E0000}-\u{E0FFF}]/u;
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
const PERSIAN = '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645';
/** The hostile text as it must be shown (crates/devserver/src/payloads.rs, INVISIBLE_TEXT). */
const EXPECTED =
  'Invisible: paypal paypal paypal wordjoiner invisible bommiddle filler hangulfillers ' +
  'mongolianseparator softhyphen cgj khmervowels tagsend shorthandformat selectorx unassignedend. ' +
  `Kept: ${FAMILY} ${PERSIAN}`;

interface ApiInscription {
  id: string;
  content?: string;
}

test.describe('invisible characters', () => {
  test('the card preview and the full text show none of them, and keep the joiners real text needs', async ({
    page,
    request,
  }) => {
    const tip = await tipHeight(request);
    // the hostile corpus lives in the 20 newest blocks; find the block holding this text
    let found: { height: number; id: string; raw: string } | undefined;
    for (let h = tip; h > tip - 20 && !found; h--) {
      const body = await (await request.get(`/api/data/block-inscriptions/${h}?limit=100&fields=full`)).json();
      const hit = (body.inscriptions as ApiInscription[]).find((i) => i.content?.startsWith('Invisible: pay'));
      if (hit) found = { height: h, id: hit.id, raw: hit.content! };
    }
    expect(found, 'the devserver seeds the invisible-character text in the newest 20 blocks').toBeTruthy();
    const { height, id, raw } = found!;
    // the API hands the hostile characters out as they are: stripping them is the app's job
    expect(raw).toMatch(INVISIBLE);
    expect(raw).toContain('pay\u200Dpal');

    // (the rail centres this block, so the tip's card need not be in the DOM)
    await page.goto(`/block/${height}`);
    const preview = page.locator(`[data-inscription-id="${id}"] pre`);
    await expect(preview).toBeVisible({ timeout: 20_000 });
    expect(await preview.evaluate((e) => e.textContent)).toBe(EXPECTED);

    await page.goto(`/inscription/${id}?block=${height}`);
    const full = page.locator('.full-text__body');
    await expect(full).toBeVisible({ timeout: 20_000 });
    const shown = await full.evaluate((e) => e.textContent ?? '');
    expect(shown).not.toMatch(INVISIBLE);
    expect(shown).toBe(EXPECTED);
  });

  test('a search result shows none of them', async ({ page, request }) => {
    const tip = await tipHeight(request);
    await page.goto('/');
    await expectTipShown(page, tip);
    await page.getByRole('searchbox').fill('Invisible: pay');
    const results = page.getByRole('region', { name: 'Search results' });
    const hit = results.getByRole('link').filter({ hasText: 'Invisible: paypal paypal paypal wordjoiner' });
    await expect(hit).toHaveCount(1, { timeout: 15_000 });
    const label = (await hit.textContent()) ?? '';
    expect(label).not.toMatch(INVISIBLE);
    expect(label).not.toContain('pay\u200Dpal');
  });

  test('a wish message shows none of them', async ({ page, request }) => {
    const tip = await tipHeight(request);
    // the backend hands out whatever a wisher wrote: give the first open contract this text
    const hostile = 'Wish: pay\u200Bpal pay\u200Dpal word\u2060joiner bom\uFEFFmiddle filler\u3164 tags\u{E0041}\u{E007F}end';
    let contractId = '';
    await page.route('**/api/open-contracts*', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const contracts = body?.data?.contracts;
      expect(Array.isArray(contracts) && contracts.length > 0, 'the devserver seeds open contracts').toBe(true);
      contractId = contracts[0].id;
      // `transactions` repeats `contracts` (for the React frontend): change both
      for (const c of [...contracts, ...(body.data.transactions ?? [])]) if (c.id === contractId) c.text = hostile;
      await route.fulfill({ response, json: body });
    });
    await page.goto('/');
    await expectTipShown(page, tip);
    await pendingCard(page).click();
    const item = page.locator('[data-contract-id]').first();
    await expect(item).toBeVisible({ timeout: 20_000 });
    expect(contractId).not.toBe('');
    const message = page.locator(`[data-contract-id="${contractId}"]`);
    await expect(message).toContainText('Wish: paypal paypal wordjoiner bommiddle filler tagsend');
    expect((await message.textContent()) ?? '').not.toMatch(INVISIBLE);
  });
});
