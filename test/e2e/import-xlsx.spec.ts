import { expect, test } from '@playwright/test';
import { chooseFile, countRows, downloaded, setCoordinatorId } from './fixtures/app';
import { expectItems, expectStat } from './fixtures/expectations';
import { excelSerial, readFirstSheet, workbookBytes, type FixtureCell } from './fixtures/spreadsheets';

/**
 * The coordinator's main job with an .xlsx: a title row above messy headers, date cells and
 * dates typed as text, invalid rows; fix one in the grid, exclude the rest, submit, see every
 * item's outcome after local processing, retry, export, fix the failed row and import it again.
 */

const HEADERS = ['Mentor ID', 'Type of activity', 'Date', 'Duration (mins)', 'Comments'];
const ROWS: FixtureCell[][] = [
  ['March mentoring sessions'],
  HEADERS,
  ['mentor-001', 'Peer session', { date: '2026-03-02' }, 60, 'Intro'], // row 3
  ['mentor-002', 'workshop', '05/03/2026', '1:30', 'Planning'], // row 4: ambiguous text date
  ['mentor-003', 'Workshop', '2026-03-04', '1h 30m', null], // row 5
  ['mentor-001', 'peer_session', { date: '2026-03-02' }, 45, 'Repeat'], // row 6: duplicates row 3
  ['mentor-004', 'Coffee chat', { date: '2026-03-06' }, 30, 'Informal'], // row 7: fixed in the grid
  [null, 'workshop', '2026-03-07', 60, 'No mentor'], // row 8: excluded
  ['mentor-005', 'peer session', '31/02/2026', 60, null], // row 9: excluded
  ['mentor-006', 'workshop', { date: '2026-03-09' }, 2000, null], // row 10: excluded
];

const DUPLICATE = 'Duplicate activity on this date';

test('an .xlsx with messy headers becomes a batch whose items show their exact outcomes', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await setCoordinatorId(page);

  const file = workbookBytes('xlsx', [
    { name: 'Sessions', rows: ROWS },
    { name: 'Summary', rows: [['Total'], [8]] },
  ]);
  await chooseFile(page, 'March sessions.xlsx', file);

  // columns: the title row is skipped, every messy header matched, shown for confirmation
  await expect(
    page.getByRole('heading', { name: 'Confirm the columns of March sessions.xlsx' }),
  ).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'Sheet' }).getByRole('button', { name: /^Sessions/ }),
  ).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Header row')).toHaveValue('1');
  await expect(page.getByLabel('Mentor ID')).toHaveValue('mentor_id');
  await expect(page.getByLabel('Type of activity')).toHaveValue('activity_type');
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue('activity_date');
  await expect(page.getByLabel('Duration (mins)')).toHaveValue('duration_minutes');
  await expect(page.getByLabel('Comments')).toHaveValue('notes');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();

  // review: every invalid cell with its message, the ambiguous date and the duplicate flagged
  const summary = page.getByRole('region', { name: 'Summary' });
  await expectStat(summary, 'Rows in the file', '8');
  await expectStat(summary, 'With errors', '4');
  await expectStat(summary, 'With warnings', '2');
  await expectStat(summary, 'Duplicates in the file', '1');
  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid).toContainText('Unknown activity type "Coffee chat"; allowed: peer_session, workshop');
  await expect(grid).toContainText('Mentor ID is required');
  await expect(grid).toContainText('"31/02/2026" is not a real date when read as day/month/year.');
  await expect(grid).toContainText('"2000" is 2000 minutes; a duration is at most 1440 minutes (one day)');
  await expect(grid).toContainText('"05/03/2026" is ambiguous: read as 2026-03-05 (day/month/year)');
  await expect(grid).toContainText('Same mentor, activity type and date as row 3');
  // the date cell shows the date it stands for, not its serial number
  await expect(grid.getByRole('row').filter({ hasText: 'Intro' })).toContainText('02/03/2026');
  await expect(page.getByRole('button', { name: /^Submit/ })).toBeDisabled();

  // fix row 7 in the grid: it is checked again at once
  await grid.getByRole('button', { name: 'Edit Activity type of row 7' }).click();
  await grid.getByLabel('Activity type of row 7').fill('Workshop');
  await grid.getByLabel('Activity type of row 7').press('Enter');
  await expect(grid).not.toContainText('Coffee chat');
  await expectStat(summary, 'With errors', '3');

  await page.getByRole('button', { name: 'Exclude rows with errors' }).click();
  await expectStat(summary, 'Excluded', '3');
  await expect(summary).toContainText('5 registrations to submit; 3 rows excluded');
  await expect(summary).toContainText('It becomes 1 batch.');
  await page.getByLabel('Batch label').fill('March sessions');
  await page.getByRole('button', { name: 'Submit 5 registrations' }).click();

  // the batch: processed locally, offline; each item's exact outcome
  await expect(page).toHaveURL(/#\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'March sessions' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Partly failed');
  await expectStat(page.getByLabel('Item counts'), 'Succeeded', '4');
  await expectStat(page.getByLabel('Item counts'), 'Failed', '1');
  await expectItems(page, [
    ['item-001', 'mentor-001', 'Succeeded', 'local-pa-'],
    ['item-002', 'mentor-002', 'Succeeded', '05/03/2026'],
    ['item-003', 'mentor-003', 'Succeeded', '04/03/2026'],
    ['item-004', 'mentor-001', 'Failed', DUPLICATE],
    ['item-005', 'mentor-004', 'Succeeded', 'workshop'],
  ]);
  await page.getByRole('button', { name: 'Failed (1)' }).click();
  const failedItems = page.getByRole('table', { name: 'Failed items' });
  await expect(failedItems.getByRole('row')).toHaveCount(2);
  await expect(failedItems.getByRole('row').nth(1)).toContainText(DUPLICATE);
  await page.getByRole('button', { name: 'All', exact: true }).click();

  // retry: the failed item is processed again; its activity is still registered, so it fails again
  await page.getByRole('button', { name: 'Retry failed items' }).click();
  await expect(page.getByText('1 failed items are pending again and will be processed.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Partly failed');
  await expectItems(page, [['item-004', 'mentor-001', 'Failed', DUPLICATE]]);

  // export the results and read them back
  const resultsDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (.xlsx)' }).click();
  const results = readFirstSheet(await downloaded(await resultsDownload));
  expect(results[0]).toEqual([
    'Item ID',
    'Mentor ID',
    'Activity type',
    'Date',
    'Duration (minutes)',
    'Notes',
    'Status',
    'Activity ID',
    'Error',
    'Sheet row',
  ]);
  expect(results).toHaveLength(6);
  expect(results.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[6]])).toEqual([
    ['item-001', 'mentor-001', 'peer_session', excelSerial('2026-03-02'), 60, 'success'],
    ['item-002', 'mentor-002', 'workshop', excelSerial('2026-03-05'), 90, 'success'],
    ['item-003', 'mentor-003', 'workshop', excelSerial('2026-03-04'), 90, 'success'],
    ['item-004', 'mentor-001', 'peer_session', excelSerial('2026-03-02'), 45, 'failed'],
    ['item-005', 'mentor-004', 'workshop', excelSerial('2026-03-06'), 30, 'success'],
  ]);
  expect(results[4]![8]).toBe(DUPLICATE);
  expect(String(results[1]![7])).toMatch(/^local-pa-/);

  // the failed row alone, in the import layout: fix its date and import it again
  const failedDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export failed rows for re-import (.xlsx)' }).click();
  const failedRows = readFirstSheet(await downloaded(await failedDownload));
  expect(failedRows).toEqual([
    [
      'Mentor ID',
      'Activity type',
      'Date',
      'Duration (minutes)',
      'Notes',
      'Why it failed (ignored on import)',
    ],
    ['mentor-001', 'peer_session', excelSerial('2026-03-02'), 45, 'Repeat', DUPLICATE],
  ]);
  const fixed = workbookBytes('xlsx', [
    {
      name: 'Failed rows',
      rows: [
        failedRows[0] as string[],
        [
          'mentor-001',
          'peer_session',
          { date: '2026-03-03' },
          45,
          'Repeat, moved to the next day',
          DUPLICATE,
        ],
      ],
    },
  ]);
  await chooseFile(page, 'March fixes.xlsx', fixed);
  await expect(page.getByLabel('Why it failed (ignored on import)')).toHaveValue('');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: 'Submit 1 registrations' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');
  await expectItems(page, [['item-001', 'mentor-001', 'Succeeded', 'local-pa-']]);

  // both batches are listed for this coordinator; nothing else was stored
  await page.goto('/#/batches');
  await expect(page.getByRole('table', { name: 'Batches' }).getByRole('row')).toHaveCount(3);
  expect(await countRows(page, ['batches', 'items', 'activities'])).toEqual({
    batches: 2,
    items: 6,
    activities: 5,
  });
  expect(errors).toEqual([]);
});
