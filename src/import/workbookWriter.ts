import * as XLSX from 'xlsx';
import { escapeFormulaText } from './textCells';

/** A cell to write: text (always a string cell, escaped), a number, a calendar date, or empty. */
export type OutputCell = string | number | { date: string } | null | undefined;

export interface OutputSheet {
  name: string;
  rows: readonly (readonly OutputCell[])[];
  /** column widths in characters */
  widths?: readonly number[];
}

/**
 * Writes sheets as .xlsx bytes. Text becomes a string cell, and text that a spreadsheet would take
 * for a formula (= + - @, tab, CR first) is written with a leading `'`: a cell that someone copies
 * into a formula bar or a CSV never runs. No cell carries a formula.
 */
export function writeWorkbook(sheets: readonly OutputSheet[]): Uint8Array {
  const workbook = XLSX.utils.book_new();
  for (const sheet of sheets) {
    const data: XLSX.CellObject[][] = sheet.rows.map((row) => row.map(toCell));
    let width = 0;
    for (const row of data) if (row.length > width) width = row.length;
    const worksheet: XLSX.WorkSheet = { '!data': data } as XLSX.WorkSheet;
    worksheet['!ref'] = XLSX.utils.encode_range({
      s: { r: 0, c: 0 },
      e: { r: Math.max(data.length - 1, 0), c: Math.max(width - 1, 0) },
    });
    if (sheet.widths) worksheet['!cols'] = sheet.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(workbook, worksheet, sheet.name);
  }
  const out: unknown = XLSX.write(workbook, { type: 'array', bookType: 'xlsx', compression: true });
  return new Uint8Array(out as ArrayBuffer);
}

function toCell(value: OutputCell): XLSX.CellObject {
  if (value === null || value === undefined || value === '') return { t: 'z' };
  if (typeof value === 'string') return { t: 's', v: escapeFormulaText(value) };
  if (typeof value === 'number') return { t: 'n', v: value };
  const serial = excelSerialOf(value.date);
  return serial === null
    ? { t: 's', v: escapeFormulaText(value.date) }
    : { t: 'n', v: serial, z: 'yyyy-mm-dd' };
}

/** 1900-system serial of a `YYYY-MM-DD` date from 1900-03-01 on (earlier ones stay text). */
export function excelSerialOf(isoDate: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const serial = Math.round(ms / 86_400_000) + 25_569;
  return serial >= 61 ? serial : null;
}
