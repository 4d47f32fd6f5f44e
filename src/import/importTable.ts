import { cellText, type CellValue, type DateSystem } from './cells';
import { ImportError } from './errors';
import type { SheetTable } from './sheetRows';

/** The rows under the chosen header row, ready for mapping and validation. */
export interface ImportTable {
  /** the file's name, for the coordinator's messages */
  fileName: string;
  sheetName: string;
  headers: string[];
  rows: CellValue[][];
  /** the file's row number of each entry of `rows` */
  rowNumbers: number[];
  dateSystem: DateSystem;
}

/**
 * Splits a sheet at its header row (an index into `sheet.rows`; see `detectHeaderRow`). Rows above
 * the header (titles, notes) are left out.
 */
export function tableFromSheet(
  sheet: SheetTable,
  headerRow: number,
  dateSystem: DateSystem,
  fileName: string,
): ImportTable {
  if (sheet.rows.length === 0) {
    throw new ImportError(
      'no_data',
      `The sheet "${sheet.name}" of "${fileName}" is empty (formatting alone does not count as data): choose a sheet with rows, or fill this one in and import the file again.`,
    );
  }
  if (!Number.isInteger(headerRow) || headerRow < 0 || headerRow >= sheet.rows.length) {
    throw new RangeError(`Header row ${headerRow} is outside the sheet's ${sheet.rows.length} rows`);
  }
  const rows = sheet.rows.slice(headerRow + 1);
  if (rows.length === 0) {
    throw new ImportError(
      'headers_only',
      `The sheet "${sheet.name}" of "${fileName}" has column headers but no rows of data under them: add the rows and import the file again.`,
    );
  }
  return {
    fileName,
    sheetName: sheet.name,
    headers: sheet.rows[headerRow]!.map((cell) => cellText(cell).trim()),
    rows,
    rowNumbers: sheet.rowNumbers.slice(headerRow + 1),
    dateSystem,
  };
}
