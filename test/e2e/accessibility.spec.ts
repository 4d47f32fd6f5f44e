import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

/**
 * Every page of the route table (read from the navigation it renders), in light and dark, has no serious or critical accessibility
 * violation (axe-core's WCAG 2 A/AA rules). The light pass also saves each page's screenshot at
 * 1366×768 to docs/screenshots/, the pictures the README and the issue point at.
 */

test.use({ viewport: { width: 1366, height: 768 } });

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe violation (${scheme})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const problems: string[] = [];
    await page.goto('/');
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await expect(links.first()).toBeVisible();
    const routes = await links.evaluateAll((anchors) =>
      anchors.map((a) => ({ id: a.getAttribute('href')!.replace('#/', ''), label: a.textContent!.trim() })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const route of routes) {
      await page.goto(`/#/${route.id}`);
      await expect(page.getByRole('heading', { level: 1, name: route.label })).toBeVisible();
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      for (const violation of results.violations) {
        if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
        const where = violation.nodes.map((node) => node.target.join(' ')).slice(0, 3);
        problems.push(`${route.id}: ${violation.id} (${violation.impact}) at ${where.join(', ')}`);
      }
      if (scheme === 'light') {
        await page.screenshot({ path: `docs/screenshots/${route.id}.png` });
      }
    }
    expect(problems).toEqual([]);
  });
}
