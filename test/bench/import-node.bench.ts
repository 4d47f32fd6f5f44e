/**
 * Import of a generated 100,000-row, 6-column .xlsx in Node, against bare SheetJS on the same
 * bytes: `import_100k_node_ms` (read + header detection + mapping + validation, up to the
 * `ItemInput[]` that `createBatches` takes) and `import_sheetjs_baseline_node_ms`
 * (`XLSX.read` + `sheet_to_json`). Each is the median of 3 runs after one warm-up, alternated so
 * both see the same machine load. The Chromium figures are measured by the e2e benchmark.
 */
import * as XLSX from 'xlsx';
import { acceptedValues, prepareImport, readWorkbook, summarize, validateRows } from '../../src/import';

const ROWS = 100_000;
const RUNS = 3;

export function generateRegistrationsXlsx(rows: number): Uint8Array {
  const header = ['Mentor ID', 'Type of activity', 'Session date', 'Duration (mins)', 'Comments', 'Location'];
  const data: XLSX.CellObject[][] = [header.map((v) => ({ t: 's', v }))];
  for (let i = 0; i < rows; i++) {
    data.push([
      { t: 's', v: `mentor-${i % 5000}` },
      { t: 's', v: i % 3 === 0 ? 'Workshop' : 'Peer session' },
      { t: 'n', v: 46000 + Math.floor(i / 5000) * 2 + (i % 3 === 0 ? 1 : 0), z: 'yyyy-mm-dd' },
      { t: 'n', v: 30 + (i % 12) * 5 },
      { t: 's', v: `Session notes ${i}` },
      { t: 's', v: `Room ${i % 40}` },
    ]);
  }
  const sheet = {
    '!data': data,
    '!ref': XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows, c: 5 } }),
  };
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet as XLSX.WorkSheet, 'Registrations');
  return new Uint8Array(
    XLSX.write(workbook, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}

function importWithOurCode(bytes: Uint8Array): number {
  const workbook = readWorkbook(bytes, { fileName: 'registrations.xlsx' });
  const prepared = prepareImport(workbook, { kind: 'registrations' });
  const state = validateRows(prepared.table, prepared.proposal.mapping, 'registrations', {
    dateOrder: 'DMY',
  });
  const summary = summarize(state);
  if (summary.withErrors > 0) throw new Error(`benchmark file has ${summary.withErrors} invalid rows`);
  return acceptedValues(state).length;
}

function importWithBareSheetJs(bytes: Uint8Array): number {
  const workbook = XLSX.read(bytes, { type: 'array' });
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  return XLSX.utils.sheet_to_json(sheet).length;
}

function timed(fn: () => number, expected: number): number {
  const start = performance.now();
  const count = fn();
  const ms = performance.now() - start;
  if (count !== expected) throw new Error(`expected ${expected} rows, got ${count}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<Record<string, number>> {
  const bytes = generateRegistrationsXlsx(ROWS);
  importWithOurCode(bytes);
  importWithBareSheetJs(bytes);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(timed(() => importWithOurCode(bytes), ROWS));
    baseline.push(timed(() => importWithBareSheetJs(bytes), ROWS));
  }
  console.log(
    `runs (ms): ours ${ours.map(Math.round).join(', ')}; baseline ${baseline.map(Math.round).join(', ')}`,
  );
  return {
    import_100k_node_ms: Math.round(median(ours)),
    import_sheetjs_baseline_node_ms: Math.round(median(baseline)),
  };
}
