import { expect, test } from '@playwright/test';
import * as XLSX from 'xlsx';
import { zipEntry } from '../support/zipEdit';
import { chooseFile, downloaded, setCoordinatorId } from './fixtures/app';

/**
 * Issue #13, point 6: notes that look like formulas go into the .xlsx export as text cells with
 * Excel's quotePrefix style, without a visible apostrophe, and come back as typed on re-import.
 */

const NOTE = '=SUM(A1:A9)';

test('formula-looking text is exported as a quotePrefix text cell and re-imports as typed', async ({
  page,
}) => {
  await setCoordinatorId(page);
  const csv = `Mentor ID,Activity type,Date,Duration,Notes\r\nm-1,workshop,2026-03-02,60,${NOTE}\r\n`;
  await chooseFile(page, 'formula.csv', Buffer.from(csv), 'text/csv');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: 'Submit 1 registration' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Completed');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results (.xlsx)' }).click();
  const bytes = await downloaded(await download);
  const book = XLSX.read(bytes, { type: 'buffer', cellStyles: true });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  expect(sheet['F2']).toMatchObject({ t: 's', v: NOTE });
  const styles = new TextDecoder().decode(zipEntry(new Uint8Array(bytes), 'xl/styles.xml'));
  const xml = new TextDecoder().decode(zipEntry(new Uint8Array(bytes), 'xl/worksheets/sheet1.xml'));
  const style = /<c r="F2" s="(\d+)"/.exec(xml)?.[1];
  const xfs = styles.split('<cellXfs')[1]!.match(/<xf\b[^>]*>/g) ?? [];
  expect(xfs[Number(style)]).toContain('quotePrefix="1"');

  // the export imports again with the note as typed
  await chooseFile(page, 'results.xlsx', bytes);
  await expect(page.getByLabel('Notes')).toHaveValue('notes');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid.getByRole('button', { name: `Edit Notes of row 2: ${NOTE}` })).toBeVisible();
});
