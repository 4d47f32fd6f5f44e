import { expect, test } from '@playwright/test';
import { chooseFile, setCoordinatorId } from './fixtures/app';
import { expectItems, expectStat } from './fixtures/expectations';
import { workbookBytes, type FixtureCell } from './fixtures/spreadsheets';

/**
 * An .ods from LibreOffice with other messy headers, a header that says its dates are
 * month-first, date cells and text dates; one cell fixed in the grid; the in-file duplicate
 * fails with the contract's message after local processing. The confirmed mapping is
 * remembered for the next file with the same headers.
 */

const HEADERS = ['mentor_id', 'Activity', 'Date (mm/dd/yyyy)', 'Minutes', 'Remarks'];
const ROWS: FixtureCell[][] = [
  HEADERS,
  ['m-201', 'workshop', { date: '2026-05-04', format: 'mm/dd/yyyy' }, 60, null], // row 2
  ['m-202', 'Peer Session', '05/06/2026', 90, 'Ambiguous, month first'], // row 3
  ['m-201', 'Workshop', { date: '2026-05-04', format: 'mm/dd/yyyy' }, 30, 'Same as row 2'], // row 4
  ['m-203', 'workshop', '2026-05-07', '2h', null], // row 5
  ['m-204', 'workshop', '05/32/2026', 45, 'Typo in the day'], // row 6: fixed in the grid
];

test('an .ods with month-first dates: fixed, submitted, the duplicate fails after processing', async ({
  page,
}) => {
  await setCoordinatorId(page);
  await chooseFile(page, 'May sessions.ods', workbookBytes('ods', [{ name: 'May', rows: ROWS }]));

  await expect(page.getByLabel('mentor_id')).toHaveValue('mentor_id');
  await expect(page.getByLabel('Activity', { exact: true })).toHaveValue('activity_type');
  await expect(page.getByLabel('Date (mm/dd/yyyy)')).toHaveValue('activity_date');
  await expect(page.getByLabel('Minutes')).toHaveValue('duration_minutes');
  await expect(page.getByLabel('Remarks')).toHaveValue('notes');
  // the header says month first: the date order is preset
  await expect(page.getByLabel('Month first (03/04/2026 is 4 March)')).toBeChecked();
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();

  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid).toContainText('"05/06/2026" is ambiguous: read as 2026-05-06 (month/day/year)');
  await expect(grid).toContainText('Same mentor, activity type and date as row 2');
  await expect(grid).toContainText('"05/32/2026" is not a real date when read as month/day/year.');
  await grid.getByRole('button', { name: 'Edit Date of row 6' }).click();
  await grid.getByLabel('Date of row 6').fill('2026-05-08');
  await grid.getByLabel('Date of row 6').press('Enter');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expectStat(summary, 'With errors', '0');
  await expectStat(summary, 'To submit', '5');
  await page.getByRole('button', { name: 'Submit 5 registrations' }).click();

  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Partly failed');
  await expectStat(page.getByLabel('Item counts'), 'Succeeded', '4');
  await expectStat(page.getByLabel('Item counts'), 'Failed', '1');
  await expectItems(page, [
    ['item-001', 'm-201', 'Succeeded', 'local-pa-'],
    ['item-002', 'm-202', 'Succeeded', 'local-pa-'],
    ['item-003', 'm-201', 'Failed', 'Duplicate activity on this date'],
    ['item-004', 'm-203', 'Succeeded', 'local-pa-'],
    ['item-005', 'm-204', 'Succeeded', 'local-pa-'],
  ]);
  const table = page.getByRole('table', { name: 'Items', exact: true });
  await expect(table.getByRole('row').filter({ hasText: 'item-002' })).toContainText('06/05/2026');
  await expect(table.getByRole('row').filter({ hasText: 'item-004' })).toContainText('120');

  // the same headers again: the confirmed mapping is offered as remembered
  await chooseFile(
    page,
    'May sessions (2).ods',
    workbookBytes('ods', [{ name: 'May', rows: ROWS.slice(0, 2) }]),
  );
  await expect(
    page.getByText(
      'The columns are matched as you confirmed them for an earlier file with the same headers.',
    ),
  ).toBeVisible();
});
