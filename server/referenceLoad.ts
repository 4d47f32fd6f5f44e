import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AssessmentFormInput, ExamClassInput, Uuid, VenueInput, fieldErrorsFromZod } from '../src/contract';
import { type CellValue, readWorkbook } from '../src/import';
import type { Database, Queryable } from './db/database';
import { ReferenceStore } from './reference';
import { SECTIONS_RESOURCE } from './referenceSections';

/**
 * `npm run server -- reference load <file>`: reference data from a JSON file (`{ "venues": [...],
 * ... }`) or a spreadsheet (one sheet per resource, a header row of field names). Each row is
 * checked with the contract's zod schema; bad rows are reported by sheet and row and the good ones
 * are loaded. A new kind of reference data is one more descriptor in REFERENCE_RESOURCES (as sections are).
 */

type Row = Record<string, unknown>;

export interface ReferenceResource {
  /** the JSON key and the sheet name */
  name: string;
  /** one row as JSON */
  schema: z.ZodType<Row>;
  /** spreadsheet columns holding lists, written comma-separated in a cell */
  listFields?: readonly string[];
  /** spreadsheet columns holding yes/no */
  booleanFields?: readonly string[];
  /** stores the good rows, in one transaction with the other resources */
  load(store: ReferenceStore, rows: Row[], tx: Queryable): Promise<void>;
}

const withId = (id: string, schema: z.ZodObject) =>
  schema.extend({ [id]: Uuid }) as unknown as z.ZodType<Row>;

export const REFERENCE_RESOURCES: readonly ReferenceResource[] = [
  {
    name: 'venues',
    schema: withId('venue_id', VenueInput),
    async load(store, rows, tx) {
      for (const { venue_id, ...venue } of rows)
        await store.putVenue(venue_id as string, VenueInput.parse(venue), tx);
    },
  },
  {
    name: 'exam_classes',
    schema: ExamClassInput.extend({ organization_id: Uuid }) as unknown as z.ZodType<Row>,
    listFields: ['exam_formats', 'billing_codes'],
    // an organisation's classes are replaced by the ones the file gives it
    async load(store, rows, tx) {
      const byOrg = new Map<string, Row[]>();
      for (const { organization_id, ...c } of rows) {
        byOrg.set(organization_id as string, [...(byOrg.get(organization_id as string) ?? []), c]);
      }
      for (const [org, data] of byOrg) {
        await store.putExamClasses(org, { data: data.map((c) => ExamClassInput.parse(c)) }, tx);
      }
    },
  },
  {
    name: 'assessment_forms',
    schema: withId('assessment_form_id', AssessmentFormInput),
    booleanFields: ['published', 'bilingual'],
    async load(store, rows, tx) {
      for (const { assessment_form_id, ...form } of rows) {
        await store.putForm(assessment_form_id as string, AssessmentFormInput.parse(form), tx);
      }
    },
  },
  SECTIONS_RESOURCE,
];

export interface LoadProblem {
  sheet: string;
  /** the spreadsheet's row number, or the 1-based position in the JSON array; 0 for the sheet itself */
  row: number;
  message: string;
}

export interface LoadReport {
  loaded: Record<string, number>;
  problems: LoadProblem[];
}

interface SourceRow {
  row: number;
  value: Row;
}

export async function loadReferenceFile(db: Database, file: string): Promise<LoadReport> {
  const bytes = await readFile(file);
  const sheets =
    path.extname(file).toLowerCase() === '.json'
      ? fromJson(bytes.toString('utf8'))
      : fromWorkbook(bytes, file);
  return loadReference(db, sheets);
}

/** Checks every row and loads the good ones, in one transaction. */
export async function loadReference(db: Database, sheets: Map<string, SourceRow[]>): Promise<LoadReport> {
  const problems: LoadProblem[] = [];
  const good = new Map<ReferenceResource, Row[]>();
  const known = new Set(REFERENCE_RESOURCES.map((r) => r.name));
  for (const name of sheets.keys()) {
    if (!known.has(name)) {
      problems.push({
        sheet: name,
        row: 0,
        message: `not a kind of reference data (expected ${[...known].join(', ')}); skipped`,
      });
    }
  }
  for (const resource of REFERENCE_RESOURCES) {
    const rows: Row[] = [];
    for (const source of sheets.get(resource.name) ?? []) {
      const parsed = resource.schema.safeParse(coerce(resource, source.value));
      if (parsed.success) rows.push(parsed.data);
      else {
        const what = fieldErrorsFromZod(parsed.error).map((f) => `${f.field}: ${f.message}`);
        problems.push({ sheet: resource.name, row: source.row, message: what.join('; ') });
      }
    }
    good.set(resource, rows);
  }
  const store = new ReferenceStore(db);
  await db.transaction(async (tx) => {
    for (const [resource, rows] of good) if (rows.length) await resource.load(store, rows, tx);
  });
  return {
    loaded: Object.fromEntries([...good].map(([resource, rows]) => [resource.name, rows.length])),
    problems,
  };
}

function fromJson(text: string): Map<string, SourceRow[]> {
  const parsed = z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      'The JSON file must be an object of arrays: { "venues": [ {...} ], "exam_classes": [...] }',
    );
  }
  return new Map(
    Object.entries(parsed.data).map(([name, rows]) => [
      name,
      rows.map((value, i) => ({ row: i + 1, value })),
    ]),
  );
}

function fromWorkbook(bytes: Uint8Array, fileName: string): Map<string, SourceRow[]> {
  const book = readWorkbook(bytes, { fileName });
  const out = new Map<string, SourceRow[]>();
  for (const sheet of book.sheets) {
    const [header, ...rows] = sheet.rows;
    if (!header) continue;
    const names = header.map((h) => String(h ?? '').trim());
    out.set(
      sheet.name.trim(),
      rows.map((cells, i) => ({
        row: sheet.rowNumbers[i + 1] ?? i + 2,
        value: Object.fromEntries(
          names.map((n, c) => [n, cellValue(cells[c] ?? null)]).filter(([n]) => n !== ''),
        ),
      })),
    );
  }
  return out;
}

function cellValue(cell: CellValue): unknown {
  if (cell === null || cell === '') return undefined;
  if (typeof cell === 'object' && !(cell instanceof Date)) return 'serial' in cell ? cell.serial : cell.text;
  return cell;
}

/** Spreadsheet text into the JSON shape: comma-separated lists, yes/no booleans. */
function coerce(resource: ReferenceResource, value: Row): Row {
  const out = { ...value };
  for (const field of resource.listFields ?? []) {
    const v = out[field];
    if (typeof v === 'string')
      out[field] = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (v === undefined) out[field] = [];
  }
  for (const field of resource.booleanFields ?? []) {
    const v = out[field];
    if (typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(t)) out[field] = true;
      else if (['false', 'no', 'n', '0'].includes(t)) out[field] = false;
    } else if (v === 1 || v === 0) out[field] = v === 1;
  }
  return out;
}

/** The report in lines for the terminal. */
export function describeLoad(report: LoadReport): string[] {
  const counts = Object.entries(report.loaded).map(([name, n]) => `${n} ${name.replace('_', ' ')}`);
  return [
    `Loaded ${counts.join(', ')}.`,
    ...report.problems.map((p) => `${p.sheet}${p.row ? ` row ${p.row}` : ''}: ${p.message}`),
  ];
}
