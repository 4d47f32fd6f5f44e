import { describe, expect, it } from 'vitest';
import { ImportError, type ImportErrorCode } from '../../../src/import/errors';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbookAsync } from '../../../src/import/readWorkbook';
import { acceptedValues, setExcluded, validateRows } from '../../../src/import/rowValidation';
import { encryptedWorkbookBytes, utf8, workbookBytes } from './fixtures';

/**
 * Every ImportError code with the sentence the coordinator reads, each made by a real file: it
 * names the file, says what is wrong, and says what to do.
 */

async function refusal(fileName: string, bytes: Uint8Array, step: 'read' | 'validate' | 'submit' = 'read') {
  try {
    const workbook = await readWorkbookAsync(bytes, { fileName, maxBytes: 1024 * 1024 });
    const prepared = prepareImport(workbook, { kind: 'registrations' });
    const mapping =
      step === 'validate' ? { ...prepared.proposal.mapping, activity_date: null } : prepared.proposal.mapping;
    const state = validateRows(prepared.table, mapping, 'registrations', { dateOrder: 'DMY' });
    acceptedValues(setExcluded(state, [0], true));
  } catch (error) {
    if (error instanceof ImportError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${fileName} was not refused`);
}

const ROWS = [
  ['Mentor ID', 'Activity type', 'Date', 'Duration'],
  ['m-1', 'workshop', '2026-03-02', 60],
];

const TABLE: [ImportErrorCode, string, () => Promise<{ code: ImportErrorCode; message: string }>][] = [
  [
    'empty_file',
    '"a.xlsx" is empty (0 bytes): there is nothing to import.',
    () => refusal('a.xlsx', new Uint8Array(0)),
  ],
  [
    'file_too_large',
    '"big.csv" is 2 MB; the import takes files up to 1 MB. Split it into smaller files.',
    () => refusal('big.csv', new Uint8Array(2 * 1024 * 1024).fill(65)),
  ],
  [
    'unsupported_format',
    '"notes.pdf" is a .pdf file, which the import cannot read. Save the data as an Excel workbook (.xlsx) or as .csv (Excel or LibreOffice: File > Save As; Numbers or Google Sheets: File > Export or Download) and import that file. The import reads .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv.',
    () => refusal('notes.pdf', utf8('%PDF')),
  ],
  [
    'password_protected',
    '"locked.xlsx" is password-protected, so its rows cannot be read. Remove the password and import it again: in Excel, File > Info > Protect Workbook > Encrypt with Password, clear the password and save; in LibreOffice, File > Save As, untick "Save with password" and save.',
    () => refusal('locked.xlsx', encryptedWorkbookBytes()),
  ],
  [
    'corrupt_file',
    '"cut.xlsx" could not be read as a .xlsx file: it looks damaged or incomplete (for example cut short while copying). Open it in Excel or LibreOffice and save it again.',
    () => refusal('cut.xlsx', workbookBytes({ S: ROWS }).subarray(0, 200)),
  ],
  [
    'corrupt_file',
    '"quote.csv": A quoted cell that starts on line 2 never ends: a closing quote (") is missing, so the rest of the file cannot be read safely. Add the missing quote in a text editor, or open the file in Excel or LibreOffice and save it as .csv again.',
    () => refusal('quote.csv', utf8('Mentor ID,Date\n"m-1,2026-03-02\n')),
  ],
  [
    'no_data',
    '"blank.xlsx" has no data: its sheet has no filled-in cell (formatting alone does not count).',
    () => refusal('blank.xlsx', workbookBytes({ S: [[null]] })),
  ],
  [
    'headers_only',
    'The sheet "S" of "headers.xlsx" has column headers but no rows of data under them: add the rows and import the file again.',
    () => refusal('headers.xlsx', workbookBytes({ S: [ROWS[0]!] })),
  ],
  [
    'missing_columns',
    'No column of "nodate.xlsx" is chosen for "Date": every registration needs it. Choose the column that holds it.',
    () => refusal('nodate.xlsx', workbookBytes({ S: ROWS }), 'validate'),
  ],
  [
    'conflicting_columns',
    'Columns of "both.csv" are chosen both for "Start" and for "Date" and "Time": the "Start" column holds the date and time together, "Date" and "Time" hold them apart. Choose one or the other, not both.',
    async () => {
      const headers = ['Name', 'Email', 'Venue', 'Start', 'Date', 'Time'];
      const bytes = utf8(
        `${headers.join(',')}\nAda Lovelace,ada@example.org,Paris,02/04/2026 09:00,02/04/2026,09:00\n`,
      );
      const prepared = prepareImport(await readWorkbookAsync(bytes, { fileName: 'both.csv' }), {
        kind: 'attendees',
      });
      // chosen by hand: the proposal itself leaves Date and Time out beside a Start column
      const mapping = { ...prepared.proposal.mapping, start: 3, start_date: 4, start_time: 5 };
      try {
        validateRows(prepared.table, mapping, 'attendees', { dateOrder: 'DMY' });
      } catch (error) {
        if (error instanceof ImportError) return { code: error.code, message: error.message };
        throw error;
      }
      throw new Error('both.csv was not refused');
    },
  ],
  [
    'unresolved_rows',
    'Every row of "one.xlsx" is excluded, so there is nothing to submit: include at least one row, or choose another file.',
    () => refusal('one.xlsx', workbookBytes({ S: ROWS }), 'submit'),
  ],
];

describe('every ImportError code has a sentence that names the file and says what to do', () => {
  it.each(TABLE)('%s: %s', async (code, sentence, make) => {
    expect(await make()).toEqual({ code, message: sentence });
  });

  it('the table covers every code', () => {
    const codes: Record<ImportErrorCode, true> = {
      empty_file: true,
      file_too_large: true,
      unsupported_format: true,
      password_protected: true,
      corrupt_file: true,
      no_data: true,
      headers_only: true,
      missing_columns: true,
      conflicting_columns: true,
      unresolved_rows: true,
    };
    expect(new Set(TABLE.map(([code]) => code))).toEqual(new Set(Object.keys(codes)));
  });
});
