import * as XLSX from 'xlsx';
import type { CellValue } from './cells';

/**
 * A sheet as the wizard shows it: only rows and columns that hold something, each row as wide as
 * the table, with the file's own row numbers and column letters kept for messages.
 */
export interface SheetTable {
  name: string;
  hidden: boolean;
  rows: CellValue[][];
  /** 1-based row number in the file of each entry of `rows` */
  rowNumbers: number[];
  /** the file's column letter of each kept column (`A`, `C`... when B was empty) */
  columnLetters: string[];
}

type DenseCell = { t: string; v?: unknown; z?: unknown };

const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/** Error text -> the code SheetJS stores for it (`#DIV/0!` -> 7). */
export const ERROR_CODE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(ERROR_TEXT).map(([code, text]) => [text, Number(code)]),
);

/**
 * Reads a dense SheetJS sheet by what its cells hold, not by its `!ref`: a sheet whose
 * million rows carry only formatting costs one pass over empty slots and comes out empty.
 */
export function tableFromDenseSheet(
  name: string,
  hidden: boolean,
  sheet: XLSX.WorkSheet,
  isDateFormat: (format: string) => boolean,
): SheetTable {
  const data = (sheet['!data'] ?? []) as (DenseCell[] | undefined)[];
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  const usedColumns: boolean[] = [];
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source || source.length === 0) continue;
    let row: CellValue[] | null = null;
    for (let c = 0; c < source.length; c++) {
      const cell = source[c];
      if (!cell) continue;
      const value = cellValueOf(cell, isDateFormat);
      if (value === null) continue;
      if (!row) row = [];
      row[c] = value;
      usedColumns[c] = true;
    }
    if (row) {
      rows.push(row);
      rowNumbers.push(r + 1);
    }
  }
  return squareUp(name, hidden, rows, rowNumbers, usedColumns);
}

/**
 * The same table from cells already read as `CellValue`s by row and column (undefined: no value),
 * as `readXlsxFast` gives them: each row that holds something is kept as it is, not copied.
 */
export function tableFromCellRows(
  name: string,
  hidden: boolean,
  data: readonly ((CellValue | undefined)[] | undefined)[],
): SheetTable {
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  const usedColumns: boolean[] = [];
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source) continue;
    let any = false;
    for (let c = 0; c < source.length; c++) {
      if (source[c] === undefined) continue;
      any = true;
      usedColumns[c] = true;
    }
    if (any) {
      // the empty places are filled in by squareUp
      rows.push(source as CellValue[]);
      rowNumbers.push(r + 1);
    }
  }
  return squareUp(name, hidden, rows, rowNumbers, usedColumns);
}

/** Text rows (CSV/TSV): blank cells become null, rows with nothing in them go. */
export function tableFromTextRows(name: string, records: string[][]): SheetTable {
  const rows: CellValue[][] = [];
  const rowNumbers: number[] = [];
  const usedColumns: boolean[] = [];
  for (let r = 0; r < records.length; r++) {
    const record = records[r]!;
    let row: CellValue[] | null = null;
    for (let c = 0; c < record.length; c++) {
      const text = record[c]!;
      const trimmed = text.trim();
      if (trimmed === '') continue;
      if (!row) row = [];
      row[c] = trimmed;
      usedColumns[c] = true;
    }
    if (row) {
      rows.push(row);
      rowNumbers.push(r + 1);
    }
  }
  return squareUp(name, false, rows, rowNumbers, usedColumns);
}

function squareUp(
  name: string,
  hidden: boolean,
  rows: CellValue[][],
  rowNumbers: number[],
  usedColumns: boolean[],
): SheetTable {
  const kept: number[] = [];
  for (let c = 0; c < usedColumns.length; c++) if (usedColumns[c]) kept.push(c);
  const contiguous = kept.length === usedColumns.length;
  const width = kept.length;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (contiguous) {
      for (let c = 0; c < width; c++) if (row[c] === undefined) row[c] = null;
      // only empty places past the last used column (a cell read as nothing there)
      if (row.length > width) row.length = width;
    } else {
      const compact: CellValue[] = new Array<CellValue>(width);
      for (let i = 0; i < width; i++) compact[i] = row[kept[i]!] ?? null;
      rows[r] = compact;
    }
  }
  return { name, hidden, rows, rowNumbers, columnLetters: kept.map((c) => XLSX.utils.encode_col(c)) };
}

/** A SheetJS cell (or `readXlsxFast`'s, of the same shape) as the import's value; null: none. */
export function cellValueOf(cell: DenseCell, isDateFormat: (format: string) => boolean): CellValue {
  const v = cell.v;
  switch (cell.t) {
    case 's': {
      if (typeof v !== 'string') return v === undefined || v === null ? null : String(v);
      // Fast path: most cells need no trimming.
      const first = v.charCodeAt(0);
      const last = v.charCodeAt(v.length - 1);
      if (v.length > 0 && first > 32 && last > 32) return v;
      const trimmed = v.trim();
      return trimmed === '' ? null : trimmed;
    }
    case 'n':
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      return typeof cell.z === 'string' && isDateFormat(cell.z) ? { kind: 'excel-date', serial: v } : v;
    case 'b':
      return typeof v === 'boolean' ? v : null;
    case 'd':
      return v instanceof Date ? v : null;
    case 'e':
      return { kind: 'excel-error', text: typeof v === 'number' ? (ERROR_TEXT[v] ?? '#ERROR') : '#ERROR' };
    default:
      // 'z' stubs: formatted cells without a value
      return null;
  }
}
