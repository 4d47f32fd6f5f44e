import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { holdEngine } from './fixtures/app';
import { seed, type Seed } from './support/dashboardSeed';

/**
 * The dashboard says what to do next: the "Needs attention" panel counts seeded failures,
 * refusals, expiring certifications and waiting changes, and each line opens its list filtered
 * on exactly those; the tiles open the batches of their status; the two Chart.js charts draw
 * offline under the browser build's CSP and under the desktop build's header CSP, with a text
 * alternative, and pass axe in light and dark. The engine is held (another page owns its lock)
 * so the seeded records stay as written.
 */

test.use({ viewport: { width: 1366, height: 768 } });

const SEED: Seed = {
  batches: [
    { id: 'b-partial', label: 'November sessions', status: 'partial', completed: 7, failed: 3 },
    { id: 'b-failed', label: 'Roster typo batch', status: 'failed', completed: 0, failed: 10, daysAgo: 2 },
    { id: 'b-done', label: 'October sessions', status: 'completed', completed: 40, failed: 0, daysAgo: 12 },
    {
      id: 'b-cancelled',
      label: 'Cancelled import',
      status: 'cancelled',
      completed: 2,
      failed: 0,
      cancelled_items: 4,
      daysAgo: 5,
    },
  ],
  mentors: [
    { mentor_id: 'mentor_expired_today', name: 'Ana Lima', expiresIn: 0 },
    { mentor_id: 'mentor_expired_long', name: 'Bo Chen', expiresIn: -40 },
    { mentor_id: 'mentor_tomorrow', name: 'Cy Okafor', expiresIn: 1 },
    { mentor_id: 'mentor_in_seven', name: 'Di Novak', expiresIn: 7 },
    { mentor_id: 'mentor_in_eight', name: 'Ed Park', expiresIn: 8 },
    { mentor_id: 'mentor_in_sixty', name: 'Fa Diallo', expiresIn: 60 },
  ],
  refused: 1,
  waiting: 2,
};

async function openSeededDashboard(page: Page, data: Seed = SEED): Promise<void> {
  await page.goto('/#/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await seed(page, data);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
}

function tableRows(page: Page, name: string) {
  return page.getByRole('table', { name }).locator('tbody tr');
}

test('Needs attention counts what waits and each line opens the list filtered on it', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const engine = await holdEngine(context);
  await openSeededDashboard(page);

  const panel = page.getByRole('list', { name: 'Needs attention' });
  await expect(panel.getByRole('link')).toHaveText([
    '13 failed items to fix in 2 batches',
    '1 change refused by the server, waiting for your decision',
    '2 certifications have expired',
    '2 certifications expire within 7 days',
    '2 changes waiting to sync',
  ]);
  await page.screenshot({ path: 'docs/screenshots/dashboard-attention.png', fullPage: true });

  await panel.getByRole('link', { name: '13 failed items to fix in 2 batches' }).click();
  expect(new URL(page.url()).hash).toBe('#/batches?failed=1');
  await expect(page.getByLabel('Only batches with failed items')).toBeChecked();
  await expect(tableRows(page, 'Batches').locator('td:first-child a')).toHaveText([
    'November sessions',
    'Roster typo batch',
  ]);

  await page.goBack();
  await panel.getByRole('link', { name: '2 certifications have expired' }).click();
  await expect(page.getByRole('combobox', { name: 'State' })).toHaveValue('expired');
  await expect(tableRows(page, 'Mentors').locator('td:first-child')).toHaveText([/^Bo Chen/, /^Ana Lima/]);

  await page.goBack();
  await panel.getByRole('link', { name: '2 certifications expire within 7 days' }).click();
  await expect(page.getByRole('note')).toContainText('expire within 7 days');
  await expect(tableRows(page, 'Mentors').locator('td:first-child')).toHaveText([/^Cy Okafor/, /^Di Novak/]);
  await page.screenshot({ path: 'docs/screenshots/mentors-within-7-days.png', fullPage: true });

  await page.goBack();
  await panel
    .getByRole('link', { name: '1 change refused by the server, waiting for your decision' })
    .click();
  await expect(page.getByRole('heading', { name: 'Refused by the server' })).toBeVisible();
  await expect(page.locator('.rejection')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Waiting to send' })).toHaveCount(0);

  await page.goBack();
  await panel.getByRole('link', { name: '2 changes waiting to sync' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting to send' })).toBeVisible();
  await expect(tableRows(page, 'Outbox')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Refused by the server' })).toHaveCount(0);

  // the tiles: the whole tile is the link, and the list shows that status only
  await page.goto('/#/dashboard');
  await page.getByRole('link', { name: 'Partly failed batches: 1' }).click();
  expect(new URL(page.url()).hash).toBe('#/batches?status=partial');
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('partial');
  await expect(tableRows(page, 'Batches')).toHaveCount(1);
  await expect(tableRows(page, 'Batches').first()).toContainText('November sessions');
  await page.goBack();
  // a click on the tile's number (not on its words) follows the link too
  const number = await page.locator('.stat', { hasText: 'Cancelled' }).locator('dd').boundingBox();
  await page.mouse.click(number!.x + number!.width / 2, number!.y + number!.height / 2);
  expect(new URL(page.url()).hash).toBe('#/batches?status=cancelled');
  await expect(tableRows(page, 'Batches')).toHaveCount(1);

  await engine.release();
});

/** Pixels of a canvas that are drawn, and how many are close to a colour (`#rrggbb`). */
function canvasPixels(page: Page, chart: string, colour: string) {
  return page
    .getByRole('region', { name: chart })
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, hex) => {
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let drawn = 0;
      let matching = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        drawn++;
        if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 12)
          matching++;
      }
      return { drawn, matching };
    }, colour);
}

function tokenValue(page: Page, name: string): Promise<string> {
  return page.evaluate(
    (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim(),
    name,
  );
}

for (const build of ['browser', 'desktop'] as const) {
  test(`the charts draw offline under the ${build} build's CSP, with a text alternative, axe clean in light and dark`, async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    const engine = await holdEngine(context);
    // offline: nothing but the app's own loopback origin answers; anything else is recorded and refused
    const outside: string[] = [];
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        outside.push(route.request().url());
        return route.abort('internetdisconnected');
      },
    );
    if (build === 'desktop') {
      // the policy electron/main/security.ts sends as a header with every app:// document
      await page.route(
        (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
        async (route) => {
          const response = await route.fetch();
          await route.fulfill({
            response,
            headers: { ...response.headers(), 'content-security-policy': CONTENT_SECURITY_POLICY },
          });
        },
      );
    }
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
      );
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await openSeededDashboard(page);
    const outcomes = page.getByRole('region', { name: 'Item outcomes, last 30 days' });
    const expiry = page.getByRole('region', { name: 'Certifications expiring, next 90 days' });

    // the text alternative: the canvas is an image named by the summary, and the figures are a table
    await expect(outcomes.getByRole('img')).toHaveAccessibleName(
      /^Items of the last 30 days: 49 succeeded, 13 failed, 4 cancelled\. The busiest day was .+ with 40 items\.$/,
    );
    await expect(expiry.getByRole('img')).toHaveAccessibleName(
      /^4 certifications expire in the next 90 days, 2 of them within 7 days \(.+\)\. The most in one week: 2, .+\.$/,
    );
    await outcomes.getByText('Show the figures').click();
    await expect(
      outcomes.getByRole('table', { name: 'Item outcomes by day' }).locator('tbody tr'),
    ).toHaveCount(4);
    await expiry.getByText('Show the figures').click();
    await expect(
      expiry.getByRole('table', { name: 'Certifications expiring by week' }).locator('tbody tr'),
    ).toHaveCount(13);

    // the charts drew: bars in the failure red and the urgent amber of the tokens
    const danger = await tokenValue(page, '--danger');
    const warning = await tokenValue(page, '--warning');
    await expect
      .poll(async () => (await canvasPixels(page, 'Item outcomes, last 30 days', danger)).matching)
      .toBeGreaterThan(50);
    await expect
      .poll(async () => (await canvasPixels(page, 'Certifications expiring, next 90 days', warning)).matching)
      .toBeGreaterThan(50);
    await page.screenshot({ path: `docs/screenshots/dashboard-charts-${build}.png`, fullPage: true });

    // the CSP is in force (an inline style is refused and reported) and the charts broke none of it
    const violations = () =>
      page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect(await violations()).toEqual([]);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red; }';
      document.head.append(style);
    });
    await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
    expect((await violations()).every((v) => v.startsWith('style-src'))).toBe(true);
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);

    // axe, with the seeded panels and the charts on screen, in light and in dark (the charts redraw)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      if (scheme === 'dark') {
        const darkDanger = await tokenValue(page, '--danger');
        expect(darkDanger).not.toBe(danger);
        await expect
          .poll(async () => (await canvasPixels(page, 'Item outcomes, last 30 days', darkDanger)).matching)
          .toBeGreaterThan(50);
      }
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, scheme).toEqual([]);
    }
    await engine.release();
  });
}
