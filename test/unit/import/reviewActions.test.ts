import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../src/import/cells';
import {
  exportBatchResults,
  exportBatchResultsCsv,
  exportRowsWithErrors,
  ROW_ERRORS_HEADER,
} from '../../../src/import/export';
import type { ImportTable } from '../../../src/import/importTable';
import { readWorkbook } from '../../../src/import/readWorkbook';
import {
  acceptedRows,
  cellOf,
  fixCell,
  setCell,
  setExcluded,
  summarize,
  validateRows,
} from '../../../src/import/rowValidation';

/**
 * What the review step's actions rest on: the undo of a fix puts back the very cell it replaced,
 * the accepted rows keep their spreadsheet row numbers, the rows with errors export in the import
 * layout and import again, and the results exports carry each item's sheet row.
 */

const HEADERS = ['Mentor ID', 'Activity', 'Date', 'Minutes', 'Notes'];
const MAPPING = { mentor_id: 0, activity_type: 1, activity_date: 2, duration_minutes: 3, notes: 4 };

function table(rows: CellValue[][], rowNumbers: number[], fileName = 'sessions.xlsx'): ImportTable {
  return { fileName, sheetName: 'S', headers: HEADERS, rows, rowNumbers, dateSystem: 1900 };
}

const SERIAL_2026_03_25 = 46106;

function review() {
  return validateRows(
    table(
      [
        ['m-1', 'workshop', { kind: 'excel-date', serial: SERIAL_2026_03_25 }, '1h 15m', 'Room 2'],
        ['m-2', 'workshop', '31/02/2026', { kind: 'excel-date', serial: 0.0625 }, null],
        ['m-3', 'Coffee chat', '2026-03-27', 30, '=SUM(A1)'],
      ],
      [3, 4, 6],
    ),
    MAPPING,
    'registrations',
    { dateOrder: 'DMY' },
  );
}

describe('undo of a fix (setCell with the cell it replaced)', () => {
  it.each([
    ['a date cell', 0, 'activity_date'],
    ['a time-formatted duration', 1, 'duration_minutes'],
    ['an invalid text date', 1, 'activity_date'],
    ['an unknown activity type', 2, 'activity_type'],
  ] as const)('puts back %s as it was read, errors and all', (_, rowIndex, column) => {
    const before = review();
    const previous = cellOf(before, rowIndex, column);
    const fixed = fixCell(before, rowIndex, column, 'something else');
    expect(fixed.rows[rowIndex]).not.toEqual(before.rows[rowIndex]);
    const undone = setCell(fixed, rowIndex, column, previous);
    expect(undone.rows).toEqual(before.rows);
    expect(summarize(undone)).toEqual(summarize(before));
  });

  it('refuses a field that is not mapped, as a fix does', () => {
    const state = validateRows(
      table([['m-1', 'workshop', '2026-03-02', 60]], [2]),
      { ...MAPPING, notes: null },
      'registrations',
      {
        dateOrder: 'DMY',
      },
    );
    expect(() => cellOf(state, 0, 'notes')).toThrow('No column is mapped to "Notes"');
    expect(() => setCell(state, 0, 'lecturer', 'x')).toThrow('"lecturer" is not a field');
  });
});

describe('accepted rows', () => {
  it('keep the spreadsheet row number of each row submitted', () => {
    let state = review();
    state = setExcluded(state, [1, 2], true);
    expect(acceptedRows(state).map((r) => [r.rowNumber, r.value.mentor_id])).toEqual([[3, 'm-1']]);
    state = fixCell(setExcluded(state, [2], false), 2, 'activity_type', 'peer_session');
    expect(acceptedRows(state).map((r) => r.rowNumber)).toEqual([3, 6]);
  });
});

describe('export of the rows with errors', () => {
  it('writes them in the import layout with their errors, and they import again once fixed', () => {
    const state = setExcluded(review(), [2], true);
    const bytes = exportRowsWithErrors(state);
    const sheet = readWorkbook(bytes, { fileName: 'errors.xlsx' }).sheets[0]!;
    expect(sheet.rows[0]).toEqual([
      'Mentor ID',
      'Activity type',
      'Date',
      'Duration (minutes)',
      'Notes',
      ROW_ERRORS_HEADER,
    ]);
    // row 3 has no error; row 4 has one, row 6 too even though it is excluded
    expect(sheet.rows).toHaveLength(3);
    expect(sheet.rows[1]!.slice(0, 5)).toEqual(['m-2', 'workshop', '31/02/2026', 90, null]);
    expect(sheet.rows[1]![5]).toMatch(/^Row 4 of sessions\.xlsx: Date: "31\/02\/2026" is not a real date/);
    expect(sheet.rows[2]!.slice(0, 5)).toEqual(['m-3', 'Coffee chat', '2026-03-27', 30, '=SUM(A1)']);
    expect(sheet.rows[2]![5]).toMatch(
      /^Row 6 of sessions\.xlsx: Activity type: Unknown activity type "Coffee chat"/,
    );

    // the coordinator fixes the two cells in the spreadsheet; the import reads every row as valid
    const rows = sheet.rows.slice(1).map((row) => row.slice());
    rows[0]![2] = '28/02/2026';
    rows[1]![1] = 'workshop';
    const again = validateRows(
      { ...table(rows, [2, 3], 'errors.xlsx'), headers: sheet.rows[0]!.map(String) },
      MAPPING,
      'registrations',
      { dateOrder: 'DMY' },
    );
    expect(summarize(again).withErrors).toBe(0);
    expect(acceptedRows(again).map((r) => r.value)).toEqual([
      { mentor_id: 'm-2', activity_type: 'workshop', activity_date: '2026-02-28', duration_minutes: 90 },
      {
        mentor_id: 'm-3',
        activity_type: 'workshop',
        activity_date: '2026-03-27',
        duration_minutes: 30,
        notes: '=SUM(A1)',
      },
    ]);
  });
});

describe('results exports', () => {
  const items = [
    {
      item_id: 'item-001',
      mentor_id: 'm-1',
      activity_type: 'workshop',
      activity_date: '2026-03-25',
      duration_minutes: 75,
      notes: 'Room 2, "east"',
      status: 'success',
      activity_id: 'pa-1',
      source_row: 3,
    },
    {
      item_id: 'item-002',
      mentor_id: '=cmd',
      activity_type: 'workshop',
      activity_date: '2026-03-26',
      duration_minutes: 45,
      status: 'failed',
      error: 'Duplicate activity on this date',
    },
  ];

  it('give the .xlsx a last column with each item’s sheet row, empty for an item without one', () => {
    const rows = readWorkbook(exportBatchResults(items), { fileName: 'r.xlsx' }).sheets[0]!.rows;
    expect(rows[0]![9]).toBe('Sheet row');
    expect(rows[1]![9]).toBe(3);
    expect(rows[2]![9] ?? null).toBeNull();
  });

  it('write the same columns as CSV: a byte order mark, ISO dates, quoted commas and quotes, formulas escaped', () => {
    const csv = exportBatchResultsCsv(items);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Item ID,Mentor ID,Activity type,Date,Duration (minutes),Notes,Status,Activity ID,Error,Sheet row',
      'item-001,m-1,workshop,2026-03-25,75,"Room 2, ""east""",success,pa-1,,3',
      "item-002,'=cmd,workshop,2026-03-26,45,,failed,,Duplicate activity on this date,",
      '',
    ]);
  });
});
