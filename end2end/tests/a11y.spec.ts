// Accessibility smoke test with axe-core: the loaded explorer has no serious or critical
// violations (docs/design.md: the rail is an accessible listbox with named cards).
import { expect, test } from './fixtures';
import { axeViolations, expectTipShown, tipHeight } from './helpers';

test('explorer has no serious/critical axe violations', async ({ page, request }) => {
  const tip = await tipHeight(request);
  await page.goto('/');
  await expectTipShown(page, tip);
  const violations = await axeViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});
