import { expect, test, type Page } from '@playwright/test';
import { holdEngine } from './fixtures/app';
import { localDay, seed, type Seed } from './support/dashboardSeed';

/**
 * Consistency and reach, with seeded data: reminders most urgent first in words ("expired on
 * 30 Nov"), background jobs named in words and paged, dates in the day-order setting everywhere
 * they are shown, and pages that print without the app around them. The engine is held so the
 * seeded records stay as written.
 */

test.use({ viewport: { width: 1366, height: 768 }, locale: 'en-GB', timezoneId: 'Europe/London' });

async function open(page: Page, data: Seed, route: string): Promise<void> {
  await page.goto('/#/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await seed(page, data);
  await page.goto(`/#/${route}`);
}

/** "30 Nov" as the app writes a day in a sentence (day first, English month names). */
function dayMonth(iso: string): string {
  const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
  return `${Number(iso.slice(8, 10))} ${month}`;
}

test('reminders list the most urgent first and an expired one says "expired on <day>"', async ({
  page,
  context,
}) => {
  const engine = await holdEngine(context);
  await open(
    page,
    {
      mentors: [
        { mentor_id: 'mentor_later', name: 'Later Lee', expiresIn: 20 },
        { mentor_id: 'mentor_expired', name: 'Expired Eve', expiresIn: -3 },
        { mentor_id: 'mentor_soon', name: 'Soon Sam', expiresIn: 5 },
      ],
      notifications: [
        // sent last, yet least urgent: a list by time would show it first
        { mentor_id: 'mentor_later', expiresIn: 20, threshold: '30_day', sentMinutesAgo: 1 },
        { mentor_id: 'mentor_expired', expiresIn: -3, threshold: 'expired', sentMinutesAgo: 90 },
        { mentor_id: 'mentor_soon', expiresIn: 5, threshold: '7_day', sentMinutesAgo: 30 },
      ],
    },
    'reminders',
  );
  const list = page.getByRole('list', { name: 'Certification reminders' }).getByRole('listitem');
  await expect(list).toHaveCount(3);
  const expired = await localDay(page, -3);
  const soon = await localDay(page, 5);
  await expect(list.nth(0)).toContainText(`Expired Eve (mentor_expired): expired on ${dayMonth(expired)}`);
  await expect(list.nth(1)).toContainText(`Soon Sam (mentor_soon): expires on ${dayMonth(soon)}`);
  await expect(list.nth(2)).toContainText('Later Lee (mentor_later): expires on');
  // the colours say the same: red for expired, amber for within 7 days
  await expect(list.nth(0).locator('.badge').first()).toHaveClass(/badge-danger/);
  await expect(list.nth(1).locator('.badge').first()).toHaveClass(/badge-urgent/);
  await page.screenshot({ path: 'docs/screenshots/reminders-urgency.png' });
  await engine.release();
});

test('background jobs are named in words, never by their internal names, and Recent is paged', async ({
  page,
  context,
}) => {
  const engine = await holdEngine(context);
  const jobs: NonNullable<Seed['jobs']> = [
    ...Array.from({ length: 12 }, (_, i) => ({
      kind: 'sync.run',
      status: 'done' as const,
      minutesAgo: i + 1,
    })),
    { kind: 'batch.process', status: 'done', minutesAgo: 30, subject: 'b-1' },
    { kind: 'expiry.run', status: 'failed', minutesAgo: 40 },
  ];
  await open(
    page,
    {
      batches: [{ id: 'b-1', label: 'November sessions', status: 'completed', completed: 10, failed: 0 }],
      jobs,
    },
    'dashboard',
  );
  await page.getByRole('button', { name: 'Recent' }).click();
  const region = page.getByRole('region', { name: 'Background jobs' });
  const items = region.getByRole('list', { name: 'Jobs' }).getByRole('listitem');
  await expect(items).toHaveCount(10);
  await expect(items.first()).toContainText('Sync with the server');
  await expect(items.first()).toContainText(/Finished at \d\d:\d\d/);
  await expect(region).toContainText('Page 1 of 2 · 14 jobs');
  await region.getByRole('button', { name: 'Next' }).click();
  await expect(items).toHaveCount(4);
  await expect(region.getByRole('listitem', { name: 'Process batch: November sessions' })).toContainText(
    'Done',
  );
  await expect(region.getByRole('listitem', { name: 'Certification check' })).toContainText('Failed');
  for (const internal of ['sync.run', 'batch.process', 'expiry.run']) {
    await expect(page.getByRole('main')).not.toContainText(internal);
  }
  await engine.release();
});

test('dates are shown in the day-order setting, and follow it when it changes', async ({ page, context }) => {
  const engine = await holdEngine(context);
  await open(
    page,
    {
      batches: [
        {
          id: 'b-dated',
          label: 'Dated batch',
          status: 'completed',
          completed: 1,
          failed: 0,
          submitted_at: '2026-11-30T10:42:00.000Z',
        },
      ],
      mentors: [{ mentor_id: 'mentor_dated', name: 'Dee Dated', expiresIn: 400 }],
    },
    'batches',
  );
  const expiry = await localDay(page, 400);
  const [y, m, d] = expiry.split('-');
  const submitted = page.getByRole('table', { name: 'Batches' }).locator('tbody tr').first();
  await expect(submitted).toContainText('30/11/2026, 10:42');
  await page.getByRole('link', { name: 'Dated batch' }).click();
  await expect(page.getByText('Submitted 30/11/2026, 10:42 by coord-119')).toBeVisible();
  await page.goto('/#/mentors');
  await expect(page.getByRole('table', { name: 'Mentors' })).toContainText(`${d}/${m}/${y}`);

  await page.goto('/#/settings');
  // a controlled radio: checked once the setting is stored
  await page.getByRole('radio', { name: /^Month first/ }).click();
  await expect(page.getByRole('radio', { name: /^Month first/ })).toBeChecked();
  await page.goto('/#/batches');
  await expect(submitted).toContainText('11/30/2026, 10:42');
  await page.goto('/#/mentors');
  await expect(page.getByRole('table', { name: 'Mentors' })).toContainText(`${m}/${d}/${y}`);
  await engine.release();
});

test('dates are typed in the day-order setting too, and a date that is not one says why', async ({
  page,
  context,
}) => {
  const engine = await holdEngine(context);
  await open(
    page,
    {
      batches: [
        {
          id: 'b-typed',
          label: 'Typed batch',
          status: 'completed',
          completed: 1,
          failed: 0,
          submitted_at: '2026-11-30T10:42:00.000Z',
        },
      ],
      mentors: [],
    },
    'batches',
  );
  const batches = page.getByRole('table', { name: 'Batches' });
  const from = page.getByLabel('Submitted from');
  // day first: 01/12/2026 is 1 December, after the batch
  await from.fill('01/12/2026');
  await expect(batches.getByRole('link', { name: 'Typed batch' })).toHaveCount(0);
  await from.fill('30/11/2026');
  await expect(batches.getByRole('link', { name: 'Typed batch' })).toBeVisible();

  await page.goto('/#/settings');
  await page.getByRole('radio', { name: /^Month first/ }).click();
  await expect(page.getByRole('radio', { name: /^Month first/ })).toBeChecked();
  await page.goto('/#/batches');
  // the same filter, now shown month first
  await expect(from).toHaveValue('11/30/2026');
  await from.fill('30/11/2026');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'when read as month/day/year' })).toBeVisible();
  // the last good date still filters: nothing typed is taken for a different day
  await expect(batches.getByRole('link', { name: 'Typed batch' })).toBeVisible();
  await from.fill('12/01/2026');
  await expect(from).not.toHaveAttribute('aria-invalid', 'true');
  await expect(batches.getByRole('link', { name: 'Typed batch' })).toHaveCount(0);
  await engine.release();
});

test('a date and time is typed in the day-order setting, and one that is not says why', async ({
  page,
  context,
}) => {
  const engine = await holdEngine(context);
  await open(page, {}, 'events');
  await page.getByRole('button', { name: 'New event' }).click();
  const start = page.getByRole('form', { name: 'New event' }).getByLabel('Start', { exact: true });
  await expect(start).toHaveAttribute('placeholder', 'dd/mm/yyyy hh:mm');
  await start.fill('31/02/2026 09:00');
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  await expect(start).toHaveAccessibleDescription(
    /"31\/02\/2026" is not a real date when read as day\/month\/year/,
  );
  // day first: 2/4 is 2 April, shown back as the field writes it once left
  await start.fill('2/4/2026 9:00');
  await start.blur();
  await expect(start).toHaveValue('02/04/2026 09:00');
  await expect(start).not.toHaveAttribute('aria-invalid', 'true');

  await page.goto('/#/settings');
  await page.getByRole('radio', { name: /^Month first/ }).click();
  await expect(page.getByRole('radio', { name: /^Month first/ })).toBeChecked();
  await page.goto('/#/events');
  await page.getByRole('button', { name: 'New event' }).click();
  await expect(start).toHaveAttribute('placeholder', 'mm/dd/yyyy hh:mm');
  await start.fill('4/2/2026 2:30 pm');
  await start.blur();
  await expect(start).toHaveValue('04/02/2026 14:30');
  await start.fill('25/03/2026 09:00');
  await expect(start).toHaveAccessibleDescription(/when read as month\/day\/year/);

  // the search's change times too, on this computer's clock
  await page.goto('/#/registrations');
  const since = page.getByLabel('Changed since');
  await since.fill('03/25/2026 25:00');
  await expect(since).toHaveAccessibleDescription(
    '"25:00" is not a time of day; write it as 09:00 or 2:30 pm',
  );
  await since.fill('03/25/2026 09:00');
  await expect(since).not.toHaveAttribute('aria-invalid', 'true');
  await engine.release();
});

test("a batch's results and the mentor list print without the navigation, every item on paper", async ({
  page,
  context,
}) => {
  const engine = await holdEngine(context);
  // more items than the screen's virtual table holds at once
  await open(
    page,
    {
      batches: [{ id: 'b-print', label: 'Printed batch', status: 'partial', completed: 57, failed: 3 }],
      mentors: [{ mentor_id: 'mentor_print', name: 'Pat Print', expiresIn: 30 }],
    },
    'batches/b-print',
  );
  await expect(page.getByRole('heading', { name: 'Printed batch' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print results' })).toBeVisible();
  const printed = page.locator('.printable-results tbody tr');
  await expect(printed).toHaveCount(0);

  await page.emulateMedia({ media: 'print' });
  // the browser fires this before it lays the page out for printing
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(printed).toHaveCount(60);
  await expect(printed.nth(59)).toBeVisible();
  await expect(printed.nth(59)).toContainText('Mentor mentor_60 is not on the roster');
  await expect(printed.nth(0)).toContainText('20/11/2026');
  await expect(page.getByRole('heading', { name: 'Actions' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print results' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Printed batch' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/batch-detail-print.png', fullPage: true });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(printed).toHaveCount(0);

  await page.goto('/#/mentors');
  await expect(page.getByRole('table', { name: 'Mentors' })).toContainText('Pat Print');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('search', { name: 'Filter mentors' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit Pat Print' })).toBeHidden();
  await page.screenshot({ path: 'docs/screenshots/mentors-print.png', fullPage: true });

  // on screen the same page has its navigation and controls
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit Pat Print' })).toBeVisible();
  await engine.release();
});
