import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { chooseFile, downloaded, setCoordinatorId } from './fixtures/app';
import { expectStat } from './fixtures/expectations';
import { excelSerial, readFirstSheet, workbookBytes, type FixtureCell } from './fixtures/spreadsheets';

/**
 * Issue #14, import review: dates read as dates in the day-order setting (never a serial),
 * durations with the minutes they were read as, every row's errors readable in full without
 * hovering, the rows with errors exported before submitting (and importable again once fixed),
 * and the grid used with the keyboard as a spreadsheet: arrows, Enter, Escape, Ctrl+Z and Cmd+Z.
 * Then the batch detail shows each item's sheet row, and both results exports carry it.
 */

test.use({ viewport: { width: 1366, height: 768 } });

const HEADERS = ['Mentor ID', 'Activity type', 'Date', 'Duration', 'Notes'];
/** A title row and a blank row above the data: the spreadsheet's row numbers are not positions. */
const ROWS: FixtureCell[][] = [
  ['April sessions'],
  HEADERS,
  ['mentor-301', 'workshop', { date: '2026-03-25' }, '1h 15m', 'Room 2'], // row 3: a date cell
  ['mentor-302', 'peer_session', { date: '2026-03-26' }, 45, null], // row 4
  [null, null, null, null, null], // row 5: blank, skipped
  ['mentor-303', 'workshop', '31/02/2026', '1:30', 'Wrong day'], // row 6: no 31 February
  ['mentor-304', 'Coffee chat', { date: '2026-03-27' }, 30, null], // row 7: unknown activity type
];

const NOT_A_DAY = '"31/02/2026" is not a real date';

async function openReview(
  page: Page,
  name = 'April sessions.xlsx',
  bytes = workbookBytes('xlsx', [{ name: 'Sessions', rows: ROWS }]),
) {
  await chooseFile(page, name, bytes);
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  return page.getByRole('table', { name: 'Rows to import' });
}

const cell = (page: Page, field: string, row: number) =>
  page
    .getByRole('table', { name: 'Rows to import' })
    .getByRole('button', { name: new RegExp(`^Edit ${field.replace(/[()]/g, '\\$&')} of row ${row}:`) });

async function expectNoSeriousAxeViolation(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('dates show in the day-order setting, durations as the minutes read, errors in full', async ({
  page,
}) => {
  await setCoordinatorId(page);
  const grid = await openReview(page);

  // day first (the default): the date cell is a date, never its serial
  await expect(cell(page, 'Date', 3)).toHaveAccessibleName(/^Edit Date of row 3: 25\/03\/2026$/);
  await expect(grid).not.toContainText(String(excelSerial('2026-03-25')));
  await expect(cell(page, 'Duration (minutes)', 3)).toHaveAccessibleName(/: 1h 15m → 75 min$/);
  await expect(cell(page, 'Duration (minutes)', 6)).toHaveAccessibleName(/: 1:30 → 90 min$/);
  // plain minutes say it already
  await expect(cell(page, 'Duration (minutes)', 4)).toHaveAccessibleName(/: 45$/);
  // the row numbers are the spreadsheet's: the blank row 5 is counted
  await expect(cell(page, 'Mentor ID', 6)).toBeVisible();

  // the current row's errors, in full, without hovering: reached by focusing a cell
  const current = page.getByRole('region', { name: 'Current row' });
  await cell(page, 'Mentor ID', 6).focus();
  await expect(current).toContainText('Row 6');
  await expect(current).toContainText(`Error in Date: ${NOT_A_DAY}`);
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 'Mentor ID', 7)).toBeFocused();
  await expect(current).toContainText('Row 7');
  await expect(current).toContainText('Error in Activity type: ');
  await expect(current).not.toContainText(NOT_A_DAY);
  await expectNoSeriousAxeViolation(page);

  // month first in the settings: the same cell reads 03/25/2026
  await page.goto('/#/settings');
  // a controlled radio: checked once the setting is stored
  await page.getByRole('radio', { name: /^Month first/ }).click();
  await expect(page.getByRole('radio', { name: /^Month first/ })).toBeChecked();
  // a fresh wizard (the one before kept its file)
  await page.reload();
  await openReview(page);
  await expect(cell(page, 'Date', 3)).toHaveAccessibleName(/^Edit Date of row 3: 03\/25\/2026$/);
  await expect(cell(page, 'Date', 4)).toHaveAccessibleName(/^Edit Date of row 4: 03\/26\/2026$/);
});

test('the grid is used as a spreadsheet: arrows, Enter, Escape, and Ctrl+Z / Cmd+Z undo each fix', async ({
  page,
}) => {
  await setCoordinatorId(page);
  await openReview(page);
  const summary = page.getByRole('region', { name: 'Summary' });
  await expectStat(summary, 'With errors', '2');
  const undoButton = page.getByRole('button', { name: 'Undo last change' });
  await expect(undoButton).toBeDisabled();

  // arrows move the current cell
  await cell(page, 'Mentor ID', 3).focus();
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 'Mentor ID', 4)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 'Mentor ID', 6)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(cell(page, 'Date', 6)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 'Date', 6)).toBeFocused();

  // Escape cancels an edit: nothing changes, the cell keeps the focus
  await page.keyboard.press('Enter');
  const dateBox = page.getByLabel('Date of row 6', { exact: true });
  await expect(dateBox).toBeFocused();
  await expect(dateBox).toHaveValue('31/02/2026');
  await dateBox.fill('01/03/2026');
  await page.keyboard.press('Escape');
  await expect(cell(page, 'Date', 6)).toBeFocused();
  await expect(cell(page, 'Date', 6)).toContainText('31/02/2026');
  await expectStat(summary, 'With errors', '2');

  // Enter edits, Enter again saves and moves down
  await page.keyboard.press('Enter');
  await dateBox.fill('28/02/2026');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'Date', 7)).toBeFocused();
  await expect(cell(page, 'Date', 6)).toHaveAccessibleName(/^Edit Date of row 6: 28\/02\/2026$/);
  await expectStat(summary, 'With errors', '1');
  await expect(undoButton).toBeEnabled();

  // typing over a cell replaces it; Enter saves
  await page.keyboard.press('ArrowLeft');
  await expect(cell(page, 'Activity type', 7)).toBeFocused();
  await page.keyboard.type('workshop');
  await expect(page.getByLabel('Activity type of row 7', { exact: true })).toHaveValue('workshop');
  await page.keyboard.press('Enter');
  await expectStat(summary, 'With errors', '0');
  await expect(page.getByRole('button', { name: 'Submit 4 registrations' })).toBeEnabled();

  // Ctrl+Z undoes the last fix, then the one before (Cmd+Z as on a Mac), each cell as it was
  await page.keyboard.press('Control+z');
  await expect(
    page.getByRole('status').filter({ hasText: 'Undid the fix of Activity type in row 7.' }),
  ).toBeVisible();
  await expect(cell(page, 'Activity type', 7)).toHaveAccessibleName(
    /^Edit Activity type of row 7: Coffee chat Unknown activity type/,
  );
  await expect(cell(page, 'Activity type', 7)).toBeFocused();
  await expectStat(summary, 'With errors', '1');
  await page.keyboard.press('Meta+z');
  await expect(page.getByRole('status').filter({ hasText: 'Undid the fix of Date in row 6.' })).toBeVisible();
  await expect(cell(page, 'Date', 6)).toContainText('31/02/2026');
  await expect(cell(page, 'Date', 6)).toContainText(NOT_A_DAY);
  await expect(cell(page, 'Date', 6)).toBeFocused();
  await expectStat(summary, 'With errors', '2');
  await expect(undoButton).toBeDisabled();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('status').filter({ hasText: 'There is no change to undo.' })).toBeVisible();
  await expectStat(summary, 'With errors', '2');

  // an undone date cell is the date cell it was: fix row 3's date, undo, it reads 25/03/2026 again
  await cell(page, 'Date', 3).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Date of row 3', { exact: true }).fill('nonsense');
  await page.keyboard.press('Enter');
  await expectStat(summary, 'With errors', '3');
  await undoButton.click();
  await expect(cell(page, 'Date', 3)).toHaveAccessibleName(/^Edit Date of row 3: 25\/03\/2026$/);
  await expectStat(summary, 'With errors', '2');
  // the picture in docs/screenshots: the grid with a row's errors in full under it
  await cell(page, 'Date', 6).focus();
  await expect(page.getByRole('region', { name: 'Current row' })).toContainText(NOT_A_DAY);
  await page.locator('.import-grid').evaluate((grid) => grid.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'docs/screenshots/import-review.png' });
});

test('Undo takes back an exclusion as it does a fix, in the same history', async ({ page }) => {
  await setCoordinatorId(page);
  await openReview(page);
  const summary = page.getByRole('region', { name: 'Summary' });
  const undoButton = page.getByRole('button', { name: 'Undo last change' });
  const undid = (text: string) => page.getByRole('status').filter({ hasText: text });
  const excludeRow = (row: number) => page.getByLabel(`Exclude row ${row}`, { exact: true });

  await cell(page, 'Activity type', 7).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Activity type of row 7', { exact: true }).fill('workshop');
  await page.keyboard.press('Enter');
  await expectStat(summary, 'With errors', '1');
  await excludeRow(6).click();
  await expectStat(summary, 'Excluded', '1');
  await expect(excludeRow(6)).toBeFocused();

  // Ctrl+Z from the checkbox: the exclusion first, then the fix before it
  await page.keyboard.press('Control+z');
  await expect(undid('Undid the exclusion of row 6: it is included again.')).toBeVisible();
  await expectStat(summary, 'Excluded', '0');
  await expect(excludeRow(6)).not.toBeChecked();
  await page.keyboard.press('Control+z');
  await expect(undid('Undid the fix of Activity type in row 7.')).toBeVisible();
  await expectStat(summary, 'With errors', '2');
  await expect(undoButton).toBeDisabled();

  // the rows excluded at once come back at once; an inclusion is undone too
  await page.getByRole('button', { name: 'Exclude rows with errors' }).click();
  await expectStat(summary, 'Excluded', '2');
  await excludeRow(6).click();
  await expectStat(summary, 'Excluded', '1');
  await undoButton.click();
  await expect(undid('Undid including row 6: it is excluded again.')).toBeVisible();
  await expect(excludeRow(6)).toBeChecked();
  await undoButton.click();
  await expect(undid('Undid the exclusion of 2 rows: they are included again.')).toBeVisible();
  await expectStat(summary, 'Excluded', '0');
  await expect(excludeRow(6)).not.toBeChecked();
  await expect(excludeRow(7)).not.toBeChecked();
});

/** Three rows in a row with an unknown activity type, between two good ones. */
const THREE_BAD: FixtureCell[][] = [
  HEADERS,
  ['mentor-401', 'workshop', { date: '2026-03-25' }, 30, null], // row 2
  ['mentor-402', 'Coffee chat', { date: '2026-03-25' }, 30, null], // row 3
  ['mentor-403', 'Coffee chat', { date: '2026-03-26' }, 30, null], // row 4
  ['mentor-404', 'Coffee chat', { date: '2026-03-27' }, 30, null], // row 5
  ['mentor-405', 'workshop', { date: '2026-03-27' }, 30, null], // row 6
];

test('in "With issues", Enter after a fix lands on the next row with issues, never skipping one', async ({
  page,
}) => {
  await setCoordinatorId(page);
  await openReview(page, 'Three bad.xlsx', workbookBytes('xlsx', [{ name: 'Sessions', rows: THREE_BAD }]));
  await page.getByRole('button', { name: 'With issues (3)' }).click();
  const fixActivityType = async (row: number, text: string) => {
    await page.keyboard.press('Enter');
    await page.getByLabel(`Activity type of row ${row}`, { exact: true }).fill(text);
    await page.keyboard.press('Enter');
  };
  // a fix that leaves the row with an error keeps it in the list: Enter moves one down
  await cell(page, 'Activity type', 3).focus();
  await fixActivityType(3, 'Tea chat');
  await expect(cell(page, 'Activity type', 4)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  // fixed rows leave the list: the row now below is the next one with issues
  await fixActivityType(3, 'workshop');
  await expect(cell(page, 'Activity type', 3)).toHaveCount(0);
  await expect(cell(page, 'Activity type', 4)).toBeFocused();
  await fixActivityType(4, 'workshop');
  await expect(cell(page, 'Activity type', 4)).toHaveCount(0);
  await expect(cell(page, 'Activity type', 5)).toBeFocused();
  await expect(page.getByRole('button', { name: 'With issues (1)' })).toBeVisible();
});

test('the rows with errors are exported before submitting, fixed, and imported again', async ({ page }) => {
  await setCoordinatorId(page);
  await openReview(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export rows with errors (.xlsx)' }).click();
  const file = await downloaded(await download);
  const rows = readFirstSheet(file);
  // the import's layout, the errors in a last column the import ignores
  expect(rows[0]).toEqual([
    'Mentor ID',
    'Activity type',
    'Date',
    'Duration (minutes)',
    'Notes',
    'Errors (ignored on import)',
  ]);
  expect(rows).toHaveLength(3);
  expect(rows[1]!.slice(0, 5)).toEqual(['mentor-303', 'workshop', '31/02/2026', '1:30', 'Wrong day']);
  expect(String(rows[1]![5])).toContain(`Row 6 of April sessions.xlsx: Date: ${NOT_A_DAY}`);
  expect(rows[2]!.slice(0, 5)).toEqual([
    'mentor-304',
    'Coffee chat',
    excelSerial('2026-03-27'),
    30,
    undefined,
  ]);
  expect(String(rows[2]![5])).toMatch(/^Row 7 of April sessions.xlsx: Activity type: /);

  // the rest is submitted without them
  await page.getByRole('button', { name: 'Exclude rows with errors' }).click();
  // excluded, they are still the rows with errors to export
  await expect(page.getByRole('button', { name: 'Export rows with errors (.xlsx)' })).toBeEnabled();
  await page.getByRole('button', { name: 'Submit 2 registrations' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');

  // fixed in the spreadsheet, the file imports again as it is
  const book = XLSX.read(file, { type: 'buffer' });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  sheet['C2'] = { t: 's', v: '28/02/2026' };
  sheet['B3'] = { t: 's', v: 'workshop' };
  const fixed = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  await chooseFile(page, 'April errors fixed.xlsx', fixed);
  await expect(page.getByLabel('Errors (ignored on import)')).toHaveValue('');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await expectStat(page.getByRole('region', { name: 'Summary' }), 'With errors', '0');
  await expect(page.getByRole('button', { name: 'Export rows with errors (.xlsx)' })).toBeDisabled();
  await expect(page.getByText('No row has an error, so there are none to export.')).toBeVisible();
  await page.getByRole('button', { name: 'Submit 2 registrations' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');
});

test('the batch detail shows each item’s sheet row; the .xlsx and .csv results carry it', async ({
  page,
}) => {
  await setCoordinatorId(page);
  await openReview(page);
  await page.getByRole('button', { name: 'Exclude rows with errors' }).click();
  await page.getByRole('button', { name: 'Submit 2 registrations' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');
  const items = page.getByRole('table', { name: 'Items', exact: true });
  await expect(items.getByRole('columnheader', { name: 'Row', exact: true })).toBeVisible();
  const rowOf = (itemId: string) =>
    items.getByRole('row').filter({ hasText: itemId }).getByRole('cell').nth(1);
  await expect(rowOf('item-001')).toHaveText('3');
  await expect(rowOf('item-002')).toHaveText('4');
  await expect(items.getByRole('row').filter({ hasText: 'item-001' })).toContainText('Room 2');
  // the Date column as every date is shown: in the day-order setting (day first by default)
  await expect(items.getByRole('row').filter({ hasText: 'item-001' }).getByRole('cell').nth(4)).toHaveText(
    '25/03/2026',
  );

  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (.xlsx)' }).click();
  const results = readFirstSheet(await downloaded(await xlsxDownload));
  expect(results[0]![9]).toBe('Sheet row');
  expect(results.slice(1).map((r) => [r[0], r[9]])).toEqual([
    ['item-001', 3],
    ['item-002', 4],
  ]);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (.csv)' }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toBe('April sessions-results.csv');
  const lines = (await downloaded(csvFile))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'Item ID,Mentor ID,Activity type,Date,Duration (minutes),Notes,Status,Activity ID,Error,Sheet row',
  );
  expect(lines[1]).toMatch(/^item-001,mentor-301,workshop,2026-03-25,75,Room 2,success,local-pa-[^,]+,,3$/);
  expect(lines[2]).toMatch(/^item-002,mentor-302,peer_session,2026-03-26,45,,success,local-pa-[^,]+,,4$/);
  await expectNoSeriousAxeViolation(page);

  // an item stored before sheet rows were kept shows an empty cell, not "undefined"
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('registration-orchestrator');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = db.transaction('itemPages', 'readwrite').objectStore('itemPages');
    const pages = await new Promise<{ items: { source_row?: number }[] }[]>((resolve, reject) => {
      const all = store.getAll();
      all.onsuccess = () => resolve(all.result as { items: { source_row?: number }[] }[]);
      all.onerror = () => reject(all.error);
    });
    for (const stored of pages) {
      for (const item of stored.items) delete item.source_row;
      store.put(stored);
    }
    await new Promise<void>((resolve) => (store.transaction.oncomplete = () => resolve()));
    db.close();
  });
  await page.reload();
  await expect(rowOf('item-001')).toHaveText('');
  await expect(items).not.toContainText('undefined');
});
