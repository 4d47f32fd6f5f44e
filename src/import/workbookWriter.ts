import * as XLSX from 'xlsx';
import { FORMULA_START } from './textCells';

/** A cell to write: text (always a string cell, escaped), a number, a calendar date, or empty. */
export type OutputCell = string | number | { date: string } | null | undefined;

export interface OutputSheet {
  name: string;
  rows: readonly (readonly OutputCell[])[];
  /** column widths in characters */
  widths?: readonly number[];
}

/**
 * Writes sheets as .xlsx bytes. Text becomes a string cell. Text that a spreadsheet would take for
 * a formula (= + - @, tab, CR first) is a text cell with the Text format and Excel's `quotePrefix`
 * style, as Excel stores what is typed after an apostrophe: it shows the text as typed, keeps it
 * text when edited, and reads back unchanged; no apostrophe is added (only `.csv`, which has no
 * styles, needs one: `escapeFormulaText`). No cell carries a formula.
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
  return withQuotePrefix(new Uint8Array(out as ArrayBuffer));
}

/** The Text number format (built-in 49), given only to formula-looking text. */
const TEXT_FORMAT = '@';

type Zip = { FileIndex: { content?: Uint8Array }[]; FullPaths: string[] };

/**
 * SheetJS writes no cell styles beyond number formats, so the cell style of the Text format
 * (`numFmtId="49"`, used by formula-looking text alone) gets `quotePrefix="1"` added afterwards.
 */
function withQuotePrefix(bytes: Uint8Array): Uint8Array {
  const zip = XLSX.CFB.read(bytes, { type: 'buffer' }) as unknown as Zip;
  const i = zip.FullPaths.findIndex((path) => path.endsWith('/xl/styles.xml'));
  const entry = zip.FileIndex[i];
  if (!entry?.content) return bytes;
  const styles = new TextDecoder().decode(entry.content);
  const marked = styles.replace(
    /<xf numFmtId="49"(?![^>]*quotePrefix)/g,
    '<xf numFmtId="49" quotePrefix="1"',
  );
  if (marked === styles) return bytes;
  entry.content = new TextEncoder().encode(marked);
  const out: unknown = XLSX.CFB.write(zip as never, { type: 'array', fileType: 'zip', compression: true });
  return new Uint8Array(out as ArrayBuffer);
}

function toCell(value: OutputCell): XLSX.CellObject {
  if (value === null || value === undefined || value === '') return { t: 'z' };
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') return { t: 'n', v: value };
  const serial = excelSerialOf(value.date);
  return serial === null ? textCell(value.date) : { t: 'n', v: serial, z: 'yyyy-mm-dd' };
}

function textCell(text: string): XLSX.CellObject {
  return FORMULA_START.test(text) ? { t: 's', v: text, z: TEXT_FORMAT } : { t: 's', v: text };
}

/** 1900-system serial of a `YYYY-MM-DD` date from 1900-03-01 on (earlier ones stay text). */
export function excelSerialOf(isoDate: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const serial = Math.round(ms / 86_400_000) + 25_569;
  return serial >= 61 ? serial : null;
}
