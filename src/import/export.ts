import { cellText, isExcelError, type CellValue } from './cells';
import { dateFromSerial, parseDateCell, parseDateTimeCell, parseTimeCell } from './dates';
import { parseDurationCell } from './durations';
import type { ColumnMapping } from './columnMatching';
import { importKind, REGISTRATIONS_KIND, type FieldSpec, type ImportKind } from './importKinds';
import type { ImportState } from './rowValidation';
import { escapeFormulaText } from './textCells';
import { writeWorkbook, type OutputCell } from './workbookWriter';

/** One batch item as the batch detail holds it (an `ItemRecord` fits). */
export interface ExportableItem {
  item_id: string;
  mentor_id: string;
  activity_type: string;
  activity_date: string;
  duration_minutes?: number | null;
  notes?: string | null;
  status: string;
  activity_id?: string | null;
  error?: string | null;
  /** the spreadsheet's row number the item was imported from (items stored before it have none) */
  source_row?: number | null;
}

const RESULT_HEADERS = [
  'Item ID',
  'Mentor ID',
  'Activity type',
  'Date',
  'Duration (minutes)',
  'Notes',
  'Status',
  'Activity ID',
  'Error',
  // last, so the columns before it keep the places they had in earlier exports
  'Sheet row',
];

/** The batch's results: every item with its status, activity id and error, as .xlsx bytes. */
export function exportBatchResults(items: Iterable<ExportableItem>): Uint8Array {
  const rows: OutputCell[][] = [RESULT_HEADERS, ...resultRows(items)];
  return writeWorkbook([{ name: 'Results', rows, widths: [10, 16, 14, 12, 10, 30, 11, 12, 40, 9] }]);
}

/**
 * The same results as CSV text (UTF-8 with a byte order mark, so Excel reads the accents): dates
 * as `YYYY-MM-DD`, formula-looking text behind an apostrophe (a CSV has no text cell type).
 */
export function exportBatchResultsCsv(items: Iterable<ExportableItem>): string {
  const lines = [RESULT_HEADERS, ...resultRows(items)].map((row) => row.map(csvField).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function resultRows(items: Iterable<ExportableItem>): OutputCell[][] {
  const rows: OutputCell[][] = [];
  for (const item of items) {
    rows.push([
      item.item_id,
      item.mentor_id,
      item.activity_type,
      { date: item.activity_date },
      item.duration_minutes ?? null,
      item.notes ?? null,
      item.status,
      item.activity_id ?? null,
      item.error ?? null,
      item.source_row ?? null,
    ]);
  }
  return rows;
}

function csvField(cell: OutputCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  const text = typeof cell === 'string' ? escapeFormulaText(cell) : cell.date;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The last column of the failed-rows file: why the row failed. The import ignores it. */
export const FAILURE_REASON_HEADER = 'Why it failed (ignored on import)';

/**
 * The failed items alone, in the import template's layout, so the coordinator fixes them and
 * imports the file again. The reason sits in a last column the import does not read.
 */
export function exportFailedRows(items: Iterable<ExportableItem>): Uint8Array {
  const headers = REGISTRATIONS_KIND.fields.map((f) => f.label);
  const rows: OutputCell[][] = [[...headers, FAILURE_REASON_HEADER]];
  for (const item of items) {
    if (item.status !== 'failed') continue;
    rows.push([
      item.mentor_id,
      item.activity_type,
      { date: item.activity_date },
      item.duration_minutes ?? null,
      item.notes ?? null,
      item.error ?? null,
    ]);
  }
  return writeWorkbook([{ name: 'Failed rows', rows, widths: [16, 14, 12, 10, 30, 40] }]);
}

/** The last column of the rows-with-errors file: what is wrong with each row. The import ignores it. */
export const ROW_ERRORS_HEADER = 'Errors (ignored on import)';

/**
 * The rows that still have an error (excluded or not), before anything is submitted, in the
 * import's layout (the kind's column names) with the coordinator's fixes so far, and what is
 * wrong in a last column: fixed in the spreadsheet, the file imports again as it is.
 */
export function exportRowsWithErrors(state: ImportState): Uint8Array {
  const kind = importKind(state.kind);
  const fields = writtenFields(kind, state.mapping);
  const rows: OutputCell[][] = [[...fields.map((f) => f.label), ROW_ERRORS_HEADER]];
  for (const row of state.rows) {
    if (row.errors.length === 0) continue;
    const cells = fields.map((field) => {
      const column = state.mapping[field.key];
      return column === null || column === undefined
        ? null
        : outputCell(field, row.cells[column] ?? null, state);
    });
    const labelOf = (key: string) => kind.fields.find((f) => f.key === key)?.label ?? key;
    const errors = row.errors.map((e) => `${labelOf(e.column)}: ${e.message}`).join('; ');
    rows.push([...cells, `Row ${row.rowNumber} of ${state.fileName}: ${errors}`]);
  }
  return writeWorkbook([{ name: 'Rows with errors', rows, widths: [...fields.map(() => 16), 60] }]);
}

/**
 * The kind's columns as the file gave them: a split field (Start, or Date and Time) written the
 * way the file wrote it, since an import refuses both ways at once.
 */
function writtenFields(kind: ImportKind, mapping: ColumnMapping): FieldSpec[] {
  const left = new Set<string>();
  const mapped = (key: string) => mapping[key] !== null && mapping[key] !== undefined;
  for (const [whole, parts] of Object.entries(kind.splitFields ?? {})) {
    if (parts.some(mapped)) left.add(whole);
    else for (const part of parts) left.add(part);
  }
  return kind.fields.filter((f) => !left.has(f.key));
}

/** A cell as read, written back so the import reads it the same: a date stays a date cell. */
function outputCell(field: FieldSpec, cell: CellValue, state: ImportState): OutputCell {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number') {
    if (field.parser === 'date' && typeof cell === 'number') return serialDate(cell, state);
    return cell;
  }
  if (typeof cell === 'boolean') return String(cell);
  if (isExcelError(cell)) return cell.text;
  if (field.parser === 'date') {
    const date = parseDateCell(cell, state.settings);
    return date.ok ? { date: date.value } : cellText(cell);
  }
  if (field.parser === 'duration') {
    const minutes = parseDurationCell(cell);
    return minutes.ok ? minutes.value : cellText(cell);
  }
  if (field.parser === 'date_time' || field.parser === 'time_of_day') {
    // a date-time cell as text the import reads back with its time (a date cell would drop it)
    const read = field.parser === 'date_time' ? parseDateTimeCell(cell, state.settings) : parseTimeCell(cell);
    return read.ok && read.value ? read.value.replace('T', ' ') : cellText(cell);
  }
  if (cell instanceof Date) return cellText(cell);
  return serialDate(cell.serial, state);
}

function serialDate(serial: number, state: ImportState): OutputCell {
  const date = dateFromSerial(serial, state.settings.dateSystem);
  return date.ok ? { date: date.value } : serial;
}
