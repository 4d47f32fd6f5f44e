import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * The serious and critical axe-core violations (WCAG 2 A/AA) of the page as it is now, one line
 * each, named by `where`: the same rule the route-by-route check of accessibility.spec.ts applies,
 * for pages that need data to show (a registration, an event) and so are checked where a test made it.
 */
export async function seriousAxeViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const nodes = violation.nodes.map((node) => node.target.join(' ')).slice(0, 3);
      return `${where}: ${violation.id} (${violation.impact}) at ${nodes.join(', ')}`;
    });
}

/** Both colour schemes of the page: their violations together. */
export async function seriousAxeViolationsInBothSchemes(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    problems.push(...(await seriousAxeViolations(page, `${where} (${scheme})`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}
