import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readWorkbook, type ReadProgress } from '../../../src/import/readWorkbook';
import { prepareImport } from '../../../src/import/prepareImport';
import { validateRows } from '../../../src/import/rowValidation';
import { workbookBytes, type FixtureCell } from './fixtures';

const messyRows: FixtureCell[][] = [
  ['Registrations, March'],
  [],
  ['mentor_id', 'Type of activity', 'Session date', 'Duration (mins)', 'Comments'],
  ['mentor-1', 'Peer session', { date: 46106 }, 60, 'Monday group'],
  ['mentor-2', 'WORKSHOP', '24/03/2026', '1:30', null],
  ['mentor-3', 'peer-session', 46107, '1h 15m', '=HYPERLINK("x")'],
];

describe('workbook round trips', () => {
  // .xlsb too: the same cells as the .xlsx, written by SheetJS in Excel's binary format
  it.each(['xlsx', 'xlsm', 'xlsb', 'xls', 'ods'] as const)(
    'reads a .%s made by SheetJS, values and types kept',
    (bookType) => {
      const bytes = workbookBytes({ Empty: [], March: messyRows }, bookType);
      const progress: ReadProgress[] = [];
      const workbook = readWorkbook(bytes, {
        fileName: `march.${bookType}`,
        onProgress: (p) => progress.push(p),
      });
      expect(workbook.format).toBe(bookType);
      expect(workbook.dateSystem).toBe(1900);
      expect(workbook.sheets.map((s) => s.name)).toEqual(['Empty', 'March']);
      expect(workbook.selectedSheet).toBe(1);
      const sheet = workbook.sheets[1]!;
      expect(sheet.rowNumbers).toEqual([1, 3, 4, 5, 6]);
      expect(sheet.rows[2]).toEqual([
        'mentor-1',
        'Peer session',
        { kind: 'excel-date', serial: 46106 },
        60,
        'Monday group',
      ]);
      expect(sheet.rows[3]![3]).toBe('1:30');
      expect(sheet.rows[4]![2]).toBe(46107);
      expect(progress[0]!.phase).toBe('checking');
      expect(progress.at(-1)).toEqual({ phase: 'done', fraction: 1 });

      const prepared = prepareImport(workbook, { kind: 'registrations' });
      expect(prepared.headerRow).toBe(1);
      expect(prepared.proposal.missingRequired).toEqual([]);
      const state = validateRows(prepared.table, prepared.proposal.mapping, 'registrations', {
        dateOrder: 'DMY',
      });
      expect(state.rows.map((r) => r.value)).toEqual([
        {
          mentor_id: 'mentor-1',
          activity_type: 'peer_session',
          activity_date: '2026-03-25',
          duration_minutes: 60,
          notes: 'Monday group',
        },
        {
          mentor_id: 'mentor-2',
          activity_type: 'workshop',
          activity_date: '2026-03-24',
          duration_minutes: 90,
        },
        {
          mentor_id: 'mentor-3',
          activity_type: 'peer_session',
          activity_date: '2026-03-26',
          duration_minutes: 75,
          notes: '=HYPERLINK("x")',
        },
      ]);
      expect(state.rows.map((r) => r.rowNumber)).toEqual([4, 5, 6]);
    },
  );

  it('reads dates of a 1904-system workbook (old Mac Excel)', () => {
    const bytes = workbookBytes(
      {
        Roster: [
          ['Mentor ID', 'Name', 'Coordinator', 'Expires'],
          ['m-1', 'Ada', 'coord-1', { date: 44644 }],
        ],
      },
      'xlsx',
      { date1904: true },
    );
    const workbook = readWorkbook(bytes, { fileName: 'mac.xlsx' });
    expect(workbook.dateSystem).toBe(1904);
    const prepared = prepareImport(workbook, { kind: 'mentor_roster' });
    const state = validateRows(prepared.table, prepared.proposal.mapping, 'mentor_roster', {
      dateOrder: 'DMY',
    });
    expect(state.rows[0]!.value).toEqual({
      mentor_id: 'm-1',
      name: 'Ada',
      coordinator_id: 'coord-1',
      expiry_date: '2026-03-25',
    });
  });

  it('keeps a time-formatted duration cell as a fraction of a day', () => {
    const bytes = workbookBytes({ S: [['Duration'], [{ time: 0.0625 }]] });
    expect(readWorkbook(bytes, { fileName: 'a.xlsx' }).sheets[0]!.rows[1]).toEqual([
      { kind: 'excel-date', serial: 0.0625 },
    ]);
  });

  it('drops empty columns between data and preselects the first visible sheet with data', () => {
    const bytes = workbookBytes(
      {
        Hidden: [['x']],
        Data: [
          ['a', null, 'b'],
          [1, null, 2],
        ],
      },
      'xlsx',
      { hidden: ['Hidden'] },
    );
    const workbook = readWorkbook(bytes, { fileName: 'a.xlsx' });
    expect(workbook.sheets[0]!.hidden).toBe(true);
    expect(workbook.selectedSheet).toBe(1);
    expect(workbook.sheets[1]!.rows).toEqual([
      ['a', 'b'],
      [1, 2],
    ]);
    expect(workbook.sheets[1]!.columnLetters).toEqual(['A', 'C']);
  });

  it('reads the cached value of a formula cell and never its formula', () => {
    const sheet = XLSX.utils.aoa_to_sheet([['Minutes'], [0]]);
    sheet['A2'] = { t: 'n', v: 45, f: '30+15' };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'S');
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect(readWorkbook(bytes, { fileName: 'f.xlsx' }).sheets[0]!.rows[1]).toEqual([45]);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', () => {
    const bytes = workbookBytes({ S: [['a'], ['b']] });
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(readWorkbook(buffer, { fileName: 'a.xlsx' }).sheets[0]!.rows).toEqual([['a'], ['b']]);
  });
});
