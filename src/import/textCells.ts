import { cellText, isEmptyCell, isExcelDate, isExcelError, type CellValue } from './cells';
import { dateFromSerial } from './dates';
import { failed, parsed, type ParseResult } from './parseResult';

/**
 * A `.csv` export writes a text that starts with = + - @ (or a tab or CR) as `'` + text so no
 * spreadsheet runs it as a formula (`.xlsx` exports use the quotePrefix style instead); reading
 * it back drops that `'` so a round trip keeps the text, from older .xlsx exports too.
 */
export function unescapeFormulaText(text: string): string {
  return text.length > 1 && text.charCodeAt(0) === 39 && FORMULA_START.test(text[1]!) ? text.slice(1) : text;
}

export const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeFormulaText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function textOf(cell: CellValue | undefined): string {
  if (typeof cell === 'number' && Number.isInteger(cell)) return String(cell);
  if (isExcelDate(cell)) {
    // Free text that Excel shows as a date reads as that date, not as its serial number.
    const date = dateFromSerial(cell.serial, 1900);
    return date.ok ? date.value : String(cell.serial);
  }
  return unescapeFormulaText(cellText(cell).trim());
}

/** An id (mentor, coordinator): trimmed, required, at most 64 characters as the contract says. */
export function parseIdCell(cell: CellValue | undefined, label: string): ParseResult<string> {
  if (isEmptyCell(cell)) return failed(`${label} is required`);
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}, not an id`);
  if (isExcelDate(cell)) {
    return failed(
      `${label} is a date in the file (Excel may have turned it into one): format the column as text and type the id again`,
    );
  }
  if (typeof cell === 'boolean') return failed(`${label} is ${cellText(cell)}, not an id`);
  const text = textOf(cell);
  if (text.length > 64) return failed(`${label} is at most 64 characters (this one has ${text.length})`);
  return parsed(text);
}

/** Free text such as notes: optional; `max` characters at most. */
export function parseOptionalText(
  cell: CellValue | undefined,
  label: string,
  max: number,
): ParseResult<string | undefined> {
  if (isEmptyCell(cell)) return parsed(undefined);
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}`);
  const text = textOf(cell);
  if (text.length > max)
    return failed(`${label} are at most ${max} characters (this one has ${text.length})`);
  return parsed(text);
}

export function parseRequiredText(
  cell: CellValue | undefined,
  label: string,
  max: number,
): ParseResult<string> {
  if (isEmptyCell(cell)) return failed(`${label} is required`);
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}`);
  const text = textOf(cell);
  if (text.length > max) return failed(`${label} is at most ${max} characters (this one has ${text.length})`);
  return parsed(text);
}
