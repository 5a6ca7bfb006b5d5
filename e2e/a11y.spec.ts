// Accessibility: axe finds no serious or critical violation on the Home page and the workspace,
// in both themes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/fixtures';

async function seriousViolations(page: import('@playwright/test').Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations (${theme})`, async ({ home, workspace, page }) => {
    await home.open();
    if (theme === 'dark') await page.getByTestId('theme-toggle').click();
    await expect(home.assignment('delayed-allocation')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await home.assignment('delayed-allocation').click();
    await workspace.waitForEditor();
    await workspace.run();
    await expect(workspace.output).toContainText('wrote');
    expect(await seriousViolations(page)).toEqual([]);
    for (const tab of ['trace', 'code', 'space'] as const) {
      await workspace.tab(tab).click();
      expect(await seriousViolations(page), `tab ${tab}`).toEqual([]);
    }
    if (theme === 'dark') await page.getByTestId('theme-toggle').click();
  });
}
