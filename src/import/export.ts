import { REGISTRATIONS_KIND } from './importKinds';
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
];

/** The batch's results: every item with its status, activity id and error, as .xlsx bytes. */
export function exportBatchResults(items: Iterable<ExportableItem>): Uint8Array {
  const rows: OutputCell[][] = [RESULT_HEADERS];
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
    ]);
  }
  return writeWorkbook([{ name: 'Results', rows, widths: [10, 16, 14, 12, 10, 30, 11, 12, 40] }]);
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
