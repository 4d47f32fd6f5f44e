import { expect, test, type Page } from '@playwright/test';
import { chooseFile, setCoordinatorId } from './fixtures/app';
import { workbookBytes, type FixtureCell } from './fixtures/spreadsheets';

/**
 * Issue #13, points 1 and 2, for .xlsx and .ods: a workbook opens on the sheet whose header row
 * fits the import (not on the "Read me" before it), the other sheets are one click away, and a
 * sheet that cannot be used says why in the picker instead of refusing the whole file. Issue #14:
 * header rows are numbered as the spreadsheet numbers them, blank rows counted.
 */

const README: FixtureCell[][] = [
  ['How to fill in this workbook'],
  ['One row per session on the sheet "Sessions"; dates as day/month/year.'],
];
const SESSIONS: FixtureCell[][] = [
  ['Mentoring sessions, spring term'],
  [null], // row 2 is blank: the header is the spreadsheet's row 3
  ['Mentor ID', 'Activity type', 'Date', 'Duration (minutes)', 'Notes'],
  ['m-1', 'workshop', '2026-04-01', 60, null],
  ['m-2', 'workshop', '2026-04-02', 30, null],
  ['m-3', 'workshop', '2026-04-03', 45, null],
];

function sheetButton(page: Page, name: string) {
  return page.getByRole('group', { name: 'Sheet' }).getByRole('button', { name: new RegExp(`^${name}`) });
}

for (const bookType of ['xlsx', 'ods'] as const) {
  test(`a .${bookType} opens on its data sheet, the "Read me" before it one click away`, async ({ page }) => {
    await setCoordinatorId(page);
    const file = workbookBytes(bookType, [
      { name: 'Read me', rows: README },
      { name: 'Sessions', rows: SESSIONS },
    ]);
    await chooseFile(page, `spring.${bookType}`, file);

    await expect(sheetButton(page, 'Sessions')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByText('Row 3 of "Sessions" names 5 columns of this import')).toBeVisible();
    const headerRow = page.getByLabel('Header row');
    await expect(headerRow.locator('option:checked')).toHaveText(/^Row 3: Mentor ID · Activity type/);
    await expect(headerRow.locator('option')).toHaveText([
      /^Row 1: Mentoring sessions/,
      /^Row 3: Mentor ID/,
      /^Row 4: m-1/,
      /^Row 5: m-2/,
      /^Row 6: m-3/,
    ]);
    await expect(page.getByLabel('Mentor ID')).toHaveValue('mentor_id');
    await expect(page.getByText('3 data rows')).toBeVisible();

    // the notes sheet is one click away, and back
    await sheetButton(page, 'Read me').click();
    await expect(sheetButton(page, 'Read me')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByText('No row of "Read me" names a column this import knows.')).toBeVisible();
    await sheetButton(page, 'Sessions').click();
    await expect(page.getByLabel('Mentor ID')).toHaveValue('mentor_id');

    // choosing "Row 3" by its label takes the spreadsheet's row 3 as the header, not a data row
    await headerRow.selectOption({ index: 0 });
    await expect(page.getByText('4 data rows')).toBeVisible();
    const row3 = (await headerRow.locator('option', { hasText: /^Row 3:/ }).textContent()) ?? '';
    await headerRow.selectOption({ label: row3 });
    await expect(page.getByText('3 data rows')).toBeVisible();
    await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
    // the grid numbers rows as the spreadsheet does too
    const grid = page.getByRole('table', { name: 'Rows to import' });
    await expect(grid.getByRole('button', { name: /^Edit Mentor ID of row 4: m-1/ })).toBeVisible();
  });

  test(`a .${bookType} whose first sheet is a one-line note opens, the note saying why it cannot be used`, async ({
    page,
  }) => {
    await setCoordinatorId(page);
    const file = workbookBytes(bookType, [
      { name: 'Notes', rows: [['Mentor ID']] },
      { name: 'Sessions', rows: SESSIONS },
    ]);
    await chooseFile(page, `notes first.${bookType}`, file);

    await expect(sheetButton(page, 'Sessions')).toHaveAttribute('aria-pressed', 'true');
    const notes = sheetButton(page, 'Notes');
    await expect(notes).toBeDisabled();
    await expect(notes).toContainText('Only a header row (row 1), with no rows of data under it.');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByLabel('Mentor ID')).toHaveValue('mentor_id');
  });
}
