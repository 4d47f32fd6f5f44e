/**
 * One spreadsheet cell as the import keeps it: the type the file gave it, nothing guessed.
 * Only plain data (no classes), so a sheet crosses `postMessage` from the parsing Worker intact.
 */
export type CellValue = string | number | boolean | Date | ExcelDateCell | ExcelErrorCell | null;

/** A number the workbook formats as a date or time: an Excel serial in the workbook's date system. */
export interface ExcelDateCell {
  kind: 'excel-date';
  serial: number;
}

/** A formula error the file stored as the cell's value (`#N/A`, `#REF!`...). */
export interface ExcelErrorCell {
  kind: 'excel-error';
  text: string;
}

/** 1900: serial 1 is 1900-01-01 (with Lotus's fake 1900-02-29). 1904: serial 0 is 1904-01-01 (old Mac Excel). */
export type DateSystem = 1900 | 1904;

export function isExcelDate(cell: CellValue | undefined): cell is ExcelDateCell {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && cell.kind === 'excel-date';
}

export function isExcelError(cell: CellValue | undefined): cell is ExcelErrorCell {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && cell.kind === 'excel-error';
}

export function isEmptyCell(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** How the cell reads as text (for ids, notes and the preview grid). */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  if (cell.kind === 'excel-error') return cell.text;
  return String(cell.serial);
}
