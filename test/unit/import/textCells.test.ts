import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../src/import/cells';
import {
  escapeFormulaText,
  parseIdCell,
  parseOptionalText,
  unescapeFormulaText,
} from '../../../src/import/textCells';

describe('ids', () => {
  it.each([
    ['  mentor-482 ', 'mentor-482'],
    [482, '482'],
    ["'-7", '-7'],
    ['m'.repeat(64), 'm'.repeat(64)],
  ] as [CellValue, string][])('%j -> %j', (cell, id) => {
    expect(parseIdCell(cell, 'Mentor ID')).toEqual({ ok: true, value: id });
  });

  it.each([
    [null, 'Mentor ID is required'],
    ['   ', 'Mentor ID is required'],
    ['m'.repeat(65), 'Mentor ID is at most 64 characters (this one has 65)'],
    [{ kind: 'excel-error', text: '#N/A' }, 'The cell shows the spreadsheet error #N/A, not an id'],
    [
      { kind: 'excel-date', serial: 46094 },
      'Mentor ID is a date in the file (Excel may have turned it into one): format the column as text and type the id again',
    ],
    [true, 'Mentor ID is true, not an id'],
  ] as [CellValue, string][])('%j is refused', (cell, error) => {
    expect(parseIdCell(cell, 'Mentor ID')).toEqual({ ok: false, error });
  });
});

describe('notes', () => {
  it('are optional, trimmed, and show a date cell as its date', () => {
    expect(parseOptionalText(null, 'Notes', 1000)).toEqual({ ok: true, value: undefined });
    expect(parseOptionalText('  hi  ', 'Notes', 1000)).toEqual({ ok: true, value: 'hi' });
    expect(parseOptionalText({ kind: 'excel-date', serial: 46106 }, 'Notes', 1000)).toEqual({
      ok: true,
      value: '2026-03-25',
    });
  });
});

describe('formula escaping', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j is written as %j and read back as it was', (text, written) => {
    expect(escapeFormulaText(text)).toBe(written);
    expect(unescapeFormulaText(written)).toBe(text);
  });

  it('keeps a leading quote that does not guard a formula character', () => {
    expect(unescapeFormulaText("'quoted'")).toBe("'quoted'");
  });
});
