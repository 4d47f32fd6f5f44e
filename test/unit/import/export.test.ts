import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { zipEntry } from '../../support/zipEdit';
import { describe, expect, it } from 'vitest';
import {
  exportBatchResults,
  exportFailedRows,
  FAILURE_REASON_HEADER,
  type ExportableItem,
} from '../../../src/import/export';
import { importKind } from '../../../src/import/importKinds';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbook } from '../../../src/import/readWorkbook';
import { acceptedValues, validateRows } from '../../../src/import/rowValidation';
import { buildTemplate, TEMPLATE_FILE_NAMES } from '../../../src/import/templates';

const items: ExportableItem[] = [
  {
    item_id: 'item-001',
    mentor_id: 'mentor-482',
    activity_type: 'peer_session',
    activity_date: '2026-03-24',
    duration_minutes: 60,
    notes: 'Monday group session',
    status: 'success',
    activity_id: 'pa-011',
  },
  {
    item_id: 'item-002',
    mentor_id: '=HYPERLINK("http://evil","click")',
    activity_type: 'workshop',
    activity_date: '2026-03-24',
    duration_minutes: 90,
    notes: '-5 minutes late; +1 guest; @team',
    status: 'failed',
    error: 'Duplicate activity on this date',
  },
  {
    item_id: 'item-003',
    mentor_id: 'mentor-7',
    activity_type: 'workshop',
    activity_date: '2026-03-25',
    duration_minutes: 30,
    notes: '\tTabbed',
    status: 'failed',
    error: '=cmd|"/c calc"!A1',
  },
  {
    item_id: 'item-004',
    mentor_id: 'mentor-8',
    activity_type: 'workshop',
    activity_date: '2026-03-26',
    duration_minutes: 45,
    status: 'cancelled',
  },
];

function rawCells(bytes: Uint8Array) {
  const workbook = XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true });
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  return (sheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
}

describe('batch results export', () => {
  it('holds every item with status, activity id and error, read back with our own reader', () => {
    const workbook = readWorkbook(exportBatchResults(items), { fileName: 'results.xlsx' });
    const rows = workbook.sheets[0]!.rows;
    expect(rows[0]).toEqual([
      'Item ID',
      'Mentor ID',
      'Activity type',
      'Date',
      'Duration (minutes)',
      'Notes',
      'Status',
      'Activity ID',
      'Error',
      'Sheet row',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual([
      'item-001',
      'mentor-482',
      'peer_session',
      { kind: 'excel-date', serial: 46105 },
      60,
      'Monday group session',
      'success',
      'pa-011',
      null,
      null,
    ]);
    expect(rows[2]![6]).toBe('failed');
    expect(rows[2]![8]).toBe('Duplicate activity on this date');
    expect(rows[4]![6]).toBe('cancelled');
  });

  it('writes text that starts like a formula as a quotePrefix text cell, with no apostrophe added', () => {
    const bytes = exportBatchResults(items);
    const cells = rawCells(bytes);
    const mentor = cells[2]![1]!;
    expect(mentor).toMatchObject({ t: 's', v: `=HYPERLINK("http://evil","click")` });
    expect(mentor.f).toBeUndefined();
    expect(cells[2]![5]).toMatchObject({ t: 's', v: '-5 minutes late; +1 guest; @team' });
    expect(cells[3]![5]).toMatchObject({ t: 's', v: '\tTabbed' });
    expect(cells[3]![8]).toMatchObject({ t: 's', v: `=cmd|"/c calc"!A1` });
    expect(cells.flat().every((cell) => cell?.f === undefined)).toBe(true);
    // the style Excel gives text typed after an apostrophe: shown as typed, kept text when edited
    const quoted = quotePrefixedCells(bytes);
    expect(quoted).toEqual(new Set(['B3', 'F3', 'F4', 'I4']));
    // Text that merely contains those characters is left alone.
    expect(cells[1]![5]).toMatchObject({ t: 's', v: 'Monday group session' });
  });
});

/** The references of the cells whose style has `quotePrefix="1"`, read from the sheet's XML. */
function quotePrefixedCells(bytes: Uint8Array): Set<string> {
  const text = (path: string) => new TextDecoder().decode(zipEntry(bytes, path));
  const xfs =
    text('xl/styles.xml')
      .split('<cellXfs')[1]!
      .split('</cellXfs>')[0]!
      .match(/<xf\b[^>]*>/g) ?? [];
  const prefixed = new Set(xfs.flatMap((xf, i) => (xf.includes('quotePrefix="1"') ? [String(i)] : [])));
  const refs = new Set<string>();
  for (const [, ref, style] of text('xl/worksheets/sheet1.xml').matchAll(/<c r="([A-Z]+\d+)" s="(\d+)"/g)) {
    if (prefixed.has(style!)) refs.add(ref!);
  }
  return refs;
}

describe('failed rows export', () => {
  it('holds only the failed items, in the import layout, and imports again with the same values', () => {
    const bytes = exportFailedRows(items);
    const workbook = readWorkbook(bytes, { fileName: 'failed.xlsx' });
    const headers = importKind('registrations').fields.map((f) => f.label);
    expect(workbook.sheets[0]!.rows[0]).toEqual([...headers, FAILURE_REASON_HEADER]);
    const prepared = prepareImport(workbook, { kind: 'registrations' });
    expect(prepared.proposal.columns[5]).toMatchObject({ field: null });
    const state = validateRows(prepared.table, prepared.proposal.mapping, 'registrations', {
      dateOrder: 'MDY',
    });
    expect(acceptedValues(state)).toEqual([
      {
        mentor_id: '=HYPERLINK("http://evil","click")',
        activity_type: 'workshop',
        activity_date: '2026-03-24',
        duration_minutes: 90,
        notes: '-5 minutes late; +1 guest; @team',
      },
      {
        mentor_id: 'mentor-7',
        activity_type: 'workshop',
        activity_date: '2026-03-25',
        duration_minutes: 30,
        // every imported cell is trimmed, a leading tab too (the = + - @ texts come back as written)
        notes: 'Tabbed',
      },
    ]);
  });
});

describe('templates', () => {
  it.each(['registrations', 'mentor_roster', 'attendees'] as const)(
    'the committed %s template has the headers and an example row that imports cleanly',
    (kind) => {
      const committed = readFileSync(
        new URL(`../../../resources/templates/${TEMPLATE_FILE_NAMES[kind]}`, import.meta.url),
      );
      for (const bytes of [new Uint8Array(committed), buildTemplate(kind)]) {
        const workbook = readWorkbook(bytes, { fileName: TEMPLATE_FILE_NAMES[kind] });
        expect(workbook.selectedSheet).toBe(0);
        // a split field's parts (Date and Time for Start) are another way to write it, not template columns
        const parts = new Set(Object.values(importKind(kind).splitFields ?? {}).flat());
        expect(workbook.sheets[0]!.rows[0]).toEqual(
          importKind(kind)
            .fields.filter((f) => !parts.has(f.key))
            .map((f) => f.label),
        );
        const prepared = prepareImport(workbook, { kind });
        expect(prepared.proposal.columns.every((c) => c.confidence === 1)).toBe(true);
        const state = validateRows(prepared.table, prepared.proposal.mapping, kind, { dateOrder: 'DMY' });
        expect(acceptedValues(state)).toHaveLength(1);
      }
    },
  );
});
