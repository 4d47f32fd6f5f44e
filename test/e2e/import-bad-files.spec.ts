import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { encryptOds } from '../support/zipEdit';
import * as XLSX from 'xlsx';
import { chooseFile, importFootprint, setCoordinatorId } from './fixtures/app';
import { workbookBytes } from './fixtures/spreadsheets';
import { formattedEmptyRowsXlsx } from '../unit/import/fixtures';

/** Every bad file gets its own sentence in the wizard, and nothing is stored for it. */

const NOTHING = { batches: 0, items: 0, jobs: 0, outbox: 0 };

function passwordProtectedXlsx(): Buffer {
  // what Excel writes for an encrypted workbook: an OLE container with these two streams
  const container = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(container, 'EncryptionInfo', Buffer.alloc(600, 1));
  XLSX.CFB.utils.cfb_add(container, 'EncryptedPackage', Buffer.alloc(5000, 2));
  return XLSX.CFB.write(container, { type: 'buffer' }) as Buffer;
}

const whole = workbookBytes('xlsx', [
  {
    name: 'S',
    rows: [
      ['Mentor ID', 'Date'],
      ['m-1', '2026-03-02'],
    ],
  },
]);

const CASES: { name: string; bytes: Buffer; message: string }[] = [
  {
    name: 'empty.xlsx',
    bytes: Buffer.alloc(0),
    message: '"empty.xlsx" is empty (0 bytes): there is nothing to import.',
  },
  {
    name: 'headers.csv',
    bytes: Buffer.from('Mentor ID;Type of activity;Date;Duration (mins);Comments\r\n'),
    message:
      'The sheet "headers" of "headers.csv" has column headers but no rows of data under them: add the rows and import the file again.',
  },
  {
    name: 'cut short.xlsx',
    bytes: whole.subarray(0, Math.floor(whole.length / 2)),
    message:
      '"cut short.xlsx" could not be read as a .xlsx file: it looks damaged or incomplete (for example cut short while copying). Open it in Excel or LibreOffice and save it again.',
  },
  {
    name: 'locked.xlsx',
    bytes: passwordProtectedXlsx(),
    message: '"locked.xlsx" is password-protected, so its rows cannot be read.',
  },
  {
    name: 'locked.xlsb',
    bytes: passwordProtectedXlsx(),
    message: 'in LibreOffice, File > Save As, untick "Save with password" and save.',
  },
  {
    name: 'locked.ods',
    bytes: Buffer.from(encryptOds(workbookBytes('ods', [{ name: 'S', rows: [['Mentor ID'], ['m-1']] }]))),
    message:
      '"locked.ods" is password-protected, so its rows cannot be read. Remove the password and import it again: in Excel, File > Info > Protect Workbook > Encrypt with Password, clear the password and save; in LibreOffice, File > Save As, untick "Save with password" and save.',
  },
  {
    name: 'minutes.pdf',
    bytes: Buffer.from('%PDF-1.7'),
    message:
      '"minutes.pdf" is a .pdf file, which the import cannot read. Save the data as an Excel workbook (.xlsx) or as .csv',
  },
];

test('bad files are refused with their specific message and store nothing', async ({ page }) => {
  await setCoordinatorId(page);
  for (const { name, bytes, message } of CASES) {
    await chooseFile(page, name, bytes);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('This file cannot be imported');
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('Nothing was stored.');
    expect(await importFootprint(page)).toEqual(NOTHING);
  }
});

test('headers named __proto__ and constructor are ignored as reserved names, nothing is imported', async ({
  page,
}) => {
  await setCoordinatorId(page);
  await chooseFile(page, 'odd.csv', Buffer.from('__proto__,constructor\r\nx,y\r\n'), 'text/csv');
  await expect(
    page.getByText('"__proto__" is a reserved name, not a column this import knows; the column is ignored.'),
  ).toBeVisible();
  await expect(
    page.getByText(
      '"constructor" is a reserved name, not a column this import knows; the column is ignored.',
    ),
  ).toBeVisible();
  await expect(page.getByRole('note')).toContainText('Choose a column for "Mentor ID", "Activity type"');
  await expect(page.getByRole('button', { name: 'Confirm columns and check the rows' })).toBeDisabled();
  expect(await importFootprint(page)).toEqual(NOTHING);
});

test('a file over the 50 MB limit and a sheet of a million formatted but empty rows are refused, nothing stored', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await setCoordinatorId(page);

  // over the limit: handed over by path, as the file dialog does (too big for an in-memory buffer)
  const huge = testInfo.outputPath('huge.csv');
  await writeFile(huge, Buffer.alloc(50 * 1024 * 1024 + 1, 'a'));
  await page.goto('/#/import');
  await page.getByLabel('Choose a spreadsheet').setInputFiles(huge);
  await expect(page.getByRole('alert')).toContainText(
    '"huge.csv" is just over 50 MB; the import takes files up to 50 MB. Split it into smaller files.',
  );
  await expect(page.getByRole('alert')).toContainText('Nothing was stored.');
  expect(await importFootprint(page)).toEqual(NOTHING);

  // formatting down to row 1,000,001 and not one value: read by what it holds, in seconds
  await chooseFile(page, 'formatted.xlsx', Buffer.from(formattedEmptyRowsXlsx(1_000_000)));
  await expect(page.getByRole('alert')).toContainText(
    '"formatted.xlsx" has no data: its sheet has no filled-in cell (formatting alone does not count).',
    { timeout: 60_000 },
  );
  expect(await importFootprint(page)).toEqual(NOTHING);
});

test('an .xlsb (Excel binary workbook) is read like an .xlsx', async ({ page }) => {
  await setCoordinatorId(page);
  const xlsb = workbookBytes('xlsb', [
    {
      name: 'Sessions',
      rows: [
        ['Mentor ID', 'Activity type', 'Date', 'Duration (minutes)'],
        ['m-1', 'workshop', { date: '2026-03-02' }, 60],
        ['m-2', 'workshop', '2026-03-03', 30],
      ],
    },
  ]);
  await chooseFile(page, 'binary.xlsb', xlsb);
  await expect(page.getByLabel('Mentor ID')).toHaveValue('mentor_id');
  await expect(page.getByText('2 data rows')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid.getByRole('button', { name: /^Edit Date of row 2: 02\/03\/2026/ })).toBeVisible();
});
