import { describe, expect, it } from 'vitest';
import { isImportError } from '../../../src/import/errors';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbook } from '../../../src/import/readWorkbook';
import { hideOdsSheets } from '../../support/zipEdit';
import { workbookBytes, type FixtureCell } from './fixtures';

const README: FixtureCell[][] = [
  ['How to fill in this workbook'],
  ['One row per session, on the sheet "Sessions".'],
  ['Dates as day/month/year.'],
];
const SESSIONS: FixtureCell[][] = [
  ['Mentoring sessions, spring term'],
  [null],
  ['Mentor ID', 'Activity type', 'Date', 'Duration (minutes)', 'Notes'],
  ['m-1', 'workshop', '2026-04-01', 60, null],
  ['m-2', 'workshop', '2026-04-02', 30, null],
];

describe.each(['xlsx', 'ods'] as const)('choosing the sheet of a .%s by its header row', (bookType) => {
  const fileName = `spring.${bookType}`;

  it('opens on the data sheet, not on the "Read me" sheet before it, at the header under the title', () => {
    const workbook = readWorkbook(workbookBytes({ 'Read me': README, Sessions: SESSIONS }, bookType), {
      fileName,
    });
    const prepared = prepareImport(workbook, { kind: 'registrations' });
    expect(prepared.sheetIndex).toBe(1);
    expect(prepared.table.headers[0]).toBe('Mentor ID');
    expect(prepared.proposal.missingRequired).toEqual([]);
    // the spreadsheet's row 3 (the blank row 2 counted)
    expect(prepared.sheets[1]).toMatchObject({ headerRowNumber: 3, matchedFields: 5, dataRows: 2 });
    expect(prepared.sheets[0]).toMatchObject({ matchedFields: 0, problem: null });
  });

  it('opens the workbook when its first sheet is a one-line notes sheet, saying why that one cannot be used', () => {
    const workbook = readWorkbook(
      workbookBytes({ Notes: [['Mentor ID']], Other: [[null]], Sessions: SESSIONS }, bookType),
      { fileName },
    );
    const prepared = prepareImport(workbook, { kind: 'registrations' });
    expect(prepared.sheetIndex).toBe(2);
    expect(prepared.sheets[0]!.problem).toBe('Only a header row (row 1), with no rows of data under it.');
    expect(prepared.sheets[1]!.problem).toBe('Nothing is filled in on this sheet.');
  });

  it('refuses the file only when no sheet has data, with the first sheet’s reason and the file’s name', () => {
    const workbook = readWorkbook(
      workbookBytes({ Notes: [['Mentor ID', 'Date']], Empty: [[null]] }, bookType),
      {
        fileName,
      },
    );
    let error: unknown;
    try {
      prepareImport(workbook, { kind: 'registrations' });
    } catch (e) {
      error = e;
    }
    expect(isImportError(error) && error.code).toBe('headers_only');
    expect((error as Error).message).toContain(`"${fileName}"`);
  });

  it('keeps the first usable sheet when no header row names a column of the kind', () => {
    const workbook = readWorkbook(workbookBytes({ A: [['x'], ['1']], B: [['y'], ['2']] }, bookType), {
      fileName,
    });
    expect(prepareImport(workbook, { kind: 'registrations' }).sheetIndex).toBe(0);
  });
});

describe.each(['xlsx', 'ods'] as const)('hidden sheets of a .%s', (bookType) => {
  // SheetJS hides .xlsx sheets itself; an .ods hides them through a table style it does not write
  const book = (sheets: Record<string, FixtureCell[][]>, hidden: string[]) =>
    bookType === 'xlsx'
      ? workbookBytes(sheets, 'xlsx', { hidden })
      : hideOdsSheets(workbookBytes(sheets, 'ods'), hidden);
  const fileName = `book.${bookType}`;

  it('reads the hidden flag', () => {
    const workbook = readWorkbook(book({ Old: SESSIONS, Sessions: SESSIONS }, ['Old']), { fileName });
    expect(workbook.sheets.map((s) => s.hidden)).toEqual([true, false]);
  });

  it('a hidden sheet is chosen only when no visible sheet can be used', () => {
    const both = readWorkbook(book({ Old: SESSIONS, Sessions: SESSIONS.slice(2, 4) }, ['Old']), { fileName });
    expect(prepareImport(both, { kind: 'registrations' }).sheetIndex).toBe(1);
    const onlyHidden = readWorkbook(book({ Old: SESSIONS, Notes: [['Read me']] }, ['Old']), { fileName });
    expect(prepareImport(onlyHidden, { kind: 'registrations' }).sheetIndex).toBe(0);
  });
});
