import { expect, test } from '@playwright/test';
import { hideOdsSheets } from '../support/zipEdit';
import { chooseFile, setCoordinatorId } from './fixtures/app';
import { workbookBytes, type FixtureCell } from './fixtures/spreadsheets';

/**
 * Issue #13, point 5: a sheet LibreOffice hides (its table style says `table:display="false"`) is
 * never opened by itself, even when its header row fits the import better; it stays in the picker,
 * marked hidden, one click away.
 */

const HEADERS = ['Mentor ID', 'Activity type', 'Date', 'Duration (minutes)', 'Notes'];
const OLD: FixtureCell[][] = [HEADERS, ['m-9', 'workshop', '2025-04-01', 60, 'last year']];
const CURRENT: FixtureCell[][] = [
  ['Mentor ID', 'Activity type', 'Date'],
  ['m-1', 'workshop', '2026-04-01'],
  ['m-2', 'workshop', '2026-04-02'],
];

test('a hidden .ods sheet is not picked automatically, and is marked hidden in the picker', async ({
  page,
}) => {
  await setCoordinatorId(page);
  const ods = workbookBytes('ods', [
    { name: 'Old sessions', rows: OLD },
    { name: 'Sessions', rows: CURRENT },
  ]);
  await chooseFile(page, 'with hidden.ods', Buffer.from(hideOdsSheets(ods, ['Old sessions'])));

  const sheets = page.getByRole('group', { name: 'Sheet' });
  await expect(sheets.getByRole('button', { name: /^Sessions/ })).toHaveAttribute('aria-pressed', 'true');
  const hidden = sheets.getByRole('button', { name: /^Old sessions/ });
  await expect(hidden).toContainText('1 row · hidden in the file');
  await expect(page.getByText('2 data rows')).toBeVisible();
  await hidden.click();
  await expect(hidden).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('1 data rows')).toBeVisible();
});
