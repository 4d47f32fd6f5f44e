import { describe, expect, it } from 'vitest';
import { ImportError, type ImportErrorCode } from '../../../src/import/errors';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbookAsync } from '../../../src/import/readWorkbook';
import { validateRows } from '../../../src/import/rowValidation';
import { encryptOds, zipEntry } from '../../support/zipEdit';
import {
  encryptedWorkbookBytes,
  formattedEmptyRowsXlsx,
  replaceZipEntry,
  utf8,
  workbookBytes,
} from './fixtures';

/** Runs the wizard's first steps as the Worker does; a bad file must stop them with an ImportError. */
async function importRegistrations(bytes: Uint8Array, fileName: string, maxBytes?: number) {
  const workbook = await readWorkbookAsync(bytes, { fileName, ...(maxBytes ? { maxBytes } : {}) });
  const prepared = prepareImport(workbook, { kind: 'registrations' });
  return validateRows(prepared.table, prepared.proposal.mapping, 'registrations', { dateOrder: 'DMY' });
}

async function failure(run: () => unknown): Promise<{ code: ImportErrorCode; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the import to be refused, but it went through');
}

describe('bad files get a specific message and nothing back', () => {
  it('an empty file (0 bytes)', async () => {
    expect(await failure(() => importRegistrations(new Uint8Array(0), 'march.xlsx'))).toEqual({
      code: 'empty_file',
      message: '"march.xlsx" is empty (0 bytes): there is nothing to import.',
    });
  });

  it('a file with headers only', async () => {
    const bytes = workbookBytes({ March: [['Mentor ID', 'Activity type', 'Date', 'Duration']] });
    expect(await failure(() => importRegistrations(bytes, 'march.xlsx'))).toEqual({
      code: 'headers_only',
      message:
        'The sheet "March" of "march.xlsx" has column headers but no rows of data under them: add the rows and import the file again.',
    });
    expect(
      (await failure(() => importRegistrations(utf8('Mentor ID;Date\r\n;\r\n'), 'march.csv'))).code,
    ).toBe('headers_only');
  });

  it.each([
    ['secret.xlsx', () => encryptedWorkbookBytes()],
    // Excel encrypts an .xlsb into the same OLE EncryptedPackage
    ['secret.xlsb', () => encryptedWorkbookBytes()],
    // LibreOffice: the manifest names the encryption, the parts are ciphertext
    ['secret.ods', () => encryptOds(workbookBytes({ S: [['Mentor ID'], ['m-1']] }, 'ods'))],
  ])('a password-protected workbook: %s', async (name, bytes) => {
    expect(await failure(() => importRegistrations(bytes(), name))).toEqual({
      code: 'password_protected',
      message: `"${name}" is password-protected, so its rows cannot be read. Remove the password and import it again: in Excel, File > Info > Protect Workbook > Encrypt with Password, clear the password and save; in LibreOffice, File > Save As, untick "Save with password" and save.`,
    });
  });

  it('a corrupt archive (a truncated .xlsx)', async () => {
    const whole = workbookBytes({ S: [['Mentor ID'], ['m-1']] });
    for (const cut of [whole.length - 30, Math.floor(whole.length / 2), 100]) {
      expect(await failure(() => importRegistrations(whole.subarray(0, cut), 'cut.xlsx'))).toEqual({
        code: 'corrupt_file',
        message: expect.stringMatching(
          /^"cut\.xlsx" could not be read as a \.xlsx file: it looks damaged or incomplete/,
        ),
      });
    }
  });

  it('a text file named .xlsx', async () => {
    expect(
      await failure(() => importRegistrations(utf8('Mentor ID,Date\nm-1,2026-01-01\n'), 'renamed.xlsx')),
    ).toEqual({
      code: 'corrupt_file',
      message: expect.stringMatching(
        /^"renamed\.xlsx" is not a \.xlsx workbook: its content is plain text or damaged/,
      ),
    });
  });

  it('a CSV with a quote that never closes', async () => {
    expect(
      await failure(() => importRegistrations(utf8('Mentor ID,Notes\nm-1,"oops\nm-2,x\n'), 'q.csv')),
    ).toEqual({
      code: 'corrupt_file',
      message: expect.stringMatching(/A quoted cell that starts on line 2 never ends/),
    });
  });

  it('a sheet of a million formatted but empty rows, read by its real extent', async () => {
    expect(
      await failure(() => importRegistrations(formattedEmptyRowsXlsx(1_000_000), 'formatted.xlsx')),
    ).toEqual({
      code: 'no_data',
      message:
        '"formatted.xlsx" has no data: its sheet has no filled-in cell (formatting alone does not count).',
    });
    const withHeaders = formattedEmptyRowsXlsx(1_000_000, ['Mentor ID', 'Date']);
    expect((await failure(() => importRegistrations(withHeaders, 'formatted.xlsx'))).code).toBe(
      'headers_only',
    );
  }, 180_000);

  it('a file over the size limit, which the message names', async () => {
    const bytes = workbookBytes({ S: [['Mentor ID'], ['m-1']] });
    expect(await failure(() => importRegistrations(bytes, 'big.xlsx', 1024))).toEqual({
      code: 'file_too_large',
      message: expect.stringMatching(/^"big\.xlsx" is \d+ KB; the import takes files up to 1 KB\. Split it/),
    });
    const big = new Uint8Array(50 * 1024 * 1024 + 1);
    expect(await failure(() => importRegistrations(big, 'huge.csv'))).toEqual({
      code: 'file_too_large',
      message:
        '"huge.csv" is just over 50 MB; the import takes files up to 50 MB. Split it into smaller files.',
    });
  });

  it('a small archive that unpacks to far more than the limit (a zip bomb)', async () => {
    const base = workbookBytes({ S: [['Mentor ID'], ['m-1']] });
    const bomb = replaceZipEntry(base, 'xl/worksheets/sheet1.xml', new Uint8Array(5 * 1024 * 1024).fill(32));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await failure(() => importRegistrations(bomb, 'bomb.xlsx', 64 * 1024))).toEqual({
      code: 'file_too_large',
      message:
        '"bomb.xlsx" unpacks to 5 MB, more than the 1.3 MB the import can hold in memory (20 times the 64 KB file limit). Split it into smaller files.',
    });
  });

  it('an .xlsb whose text claims more characters than its record holds (one damaged byte)', async () => {
    const whole = workbookBytes({ S: [['Mentor ID'], ['m-1']] }, 'xlsb');
    const sheet = new Uint8Array(zipEntry(whole, 'xl/worksheets/sheet1.bin')!);
    // the first text cell (BrtCellSt: type 6, a one-byte length, 8 bytes of cell, then the count)
    const cell = sheet.findIndex((byte, at) => byte === 6 && sheet[at + 1] === 30);
    expect(cell).toBeGreaterThan(0);
    // a million characters: enough to show the text is not trusted, small enough that SheetJS
    // (which reads up to 4 billion) returns when unguarded
    new DataView(sheet.buffer).setUint32(cell + 10, 1_000_000, true);
    const damaged = replaceZipEntry(whole, 'xl/worksheets/sheet1.bin', sheet);
    expect(await failure(() => importRegistrations(damaged, 'flipped.xlsb'))).toEqual({
      code: 'corrupt_file',
      message:
        '"flipped.xlsb" could not be read as a .xlsb file: it looks damaged or incomplete (for example cut short while copying). Open it in Excel or LibreOffice and save it again.',
    });
  });

  it('an unsupported extension', async () => {
    expect(await failure(() => importRegistrations(utf8('%PDF-1.7'), 'report.pdf'))).toEqual({
      code: 'unsupported_format',
      message:
        '"report.pdf" is a .pdf file, which the import cannot read. Save the data as an Excel workbook (.xlsx) or as .csv (Excel or LibreOffice: File > Save As; Numbers or Google Sheets: File > Export or Download) and import that file. The import reads .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv.',
    });
    expect((await failure(() => importRegistrations(utf8('x'), 'noextension'))).message).toMatch(
      /a file without an extension/,
    );
  });

  it('header cells named __proto__ or constructor: ignored columns, no prototype touched', async () => {
    const bytes = workbookBytes({
      S: [
        ['__proto__', 'Mentor ID', 'constructor', 'Activity', 'Date', 'Minutes'],
        ['{"polluted":true}', 'm-1', 'x', 'workshop', '2026-03-24', 60],
      ],
    });
    const workbook = await readWorkbookAsync(bytes, { fileName: 'proto.xlsx' });
    const prepared = prepareImport(workbook, { kind: 'registrations' });
    expect(prepared.proposal.columns[0]!.note).toBe(
      '"__proto__" is a reserved name, not a column this import knows; the column is ignored.',
    );
    expect(prepared.proposal.columns[2]!.note).toBe(
      '"constructor" is a reserved name, not a column this import knows; the column is ignored.',
    );
    const state = validateRows(prepared.table, prepared.proposal.mapping, 'registrations', {
      dateOrder: 'DMY',
    });
    const value = state.rows[0]!.value!;
    expect(value).toEqual({
      mentor_id: 'm-1',
      activity_type: 'workshop',
      activity_date: '2026-03-24',
      duration_minutes: 60,
    });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});
