import type { z } from 'zod';
import { DEFAULT_ACTIVITY_TYPES, DEFAULT_MAX_ITEMS, itemInputFor, type ItemInput } from '../contract';
import { activityTypeMatcher } from './activityTypes';
import { attendeeRowFor, type AttendeeRow, type VenueChoice } from './attendeeRow';
import { isEmptyCell, isExcelDate, type CellValue, type DateSystem } from './cells';
import { sanitizeMapping, type ColumnMapping } from './columnMatching';
import { parseDateCell, parseDateTimeCell, parseTimeCell, type DateOrder } from './dates';
import { parseDurationCell, parseExtraTimeCell } from './durations';
import { ImportError } from './errors';
import type { ImportTable } from './importTable';
import { importKind, type FieldSpec, type ImportKind, type ImportKindId } from './importKinds';
import { RosterEntry } from './mentorRoster';
import type { ParseResult } from './parseResult';
import { parseIdCell, parseOptionalText, parseRequiredText } from './textCells';

/** What one valid row becomes, per kind. */
export interface KindValues {
  registrations: ItemInput;
  mentor_roster: RosterEntry;
  attendees: AttendeeRow;
}

export interface ValidationSettings {
  dateOrder: DateOrder;
  /** registrations: the configured activity types (default `peer_session`, `workshop`) */
  activityTypes?: readonly string[];
  /** registrations: items per batch (default 10,000) */
  maxItems?: number;
  /** mentor roster: the coordinator id for rows without one (the coordinator's own) */
  defaultCoordinatorId?: string;
  /** attendees: the codes of the published, non-bilingual assessment forms (absent: not checked) */
  assessmentCodes?: readonly string[];
  /** attendees: the venues a venue cell may name (absent: none on this computer) */
  venues?: readonly VenueChoice[];
}

/** The settings a validation ran with, defaults filled in. */
export interface ResolvedSettings {
  dateOrder: DateOrder;
  dateSystem: DateSystem;
  activityTypes: readonly string[];
  maxItems: number;
  defaultCoordinatorId: string | null;
  assessmentCodes: readonly string[] | null;
  venues: readonly VenueChoice[] | null;
}

/** A message about one field of one row. `column` is the field key (`activity_date`). */
export interface CellIssue {
  column: string;
  message: string;
  /** set on the issue that marks a row as a duplicate of an earlier one */
  duplicate?: true;
}

export interface RowState<T> {
  /** position in `state.rows` */
  index: number;
  /** the file's row number, for the coordinator */
  rowNumber: number;
  /** the row's cells as read, with the coordinator's fixes applied (by table column) */
  cells: CellValue[];
  /** the validated value, or null while a cell is invalid (a duplicate mark keeps it) */
  value: T | null;
  errors: readonly CellIssue[];
  warnings: readonly CellIssue[];
  excluded: boolean;
  /** rowNumber of the earlier row this one duplicates */
  duplicateOf: number | null;
  /** what makes rows duplicates (null while the row has errors) */
  duplicateKey: string | null;
}

/**
 * The wizard's validation step: plain data (it crosses `postMessage`), changed only through
 * `fixCell` and `setExcluded`, which return a new state and leave the old one untouched.
 */
export interface ImportState<K extends ImportKindId = ImportKindId> {
  kind: K;
  /** the file's name, for the coordinator's messages */
  fileName: string;
  sheetName: string;
  headers: string[];
  mapping: ColumnMapping;
  settings: ResolvedSettings;
  rows: RowState<KindValues[K]>[];
}

export interface ValidateOptions {
  onProgress?: (done: number, total: number) => void;
}

const NO_ISSUES: readonly CellIssue[] = Object.freeze([]);

/** Validates every row of the table under a confirmed mapping. */
export function validateRows<K extends ImportKindId>(
  table: ImportTable,
  mapping: ColumnMapping,
  kindId: K,
  settings: ValidationSettings,
  options: ValidateOptions = {},
): ImportState<K> {
  const kind = importKind(kindId);
  const resolved = resolveSettings(settings, table.dateSystem);
  const checked = checkMapping(kind, mapping, table.headers, resolved, table.fileName);
  const validator = rowValidator(kind, checked, resolved);
  const total = table.rows.length;
  const rows: RowState<KindValues[K]>[] = new Array(total);
  // Duplicates are marked in the same pass, so each row object is made once.
  const firstRow = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const cells = table.rows[i]!;
    const rowNumber = table.rowNumbers[i] ?? i + 1;
    let row = makeRow(i, rowNumber, cells, false, validator(cells));
    const key = row.duplicateKey;
    if (key !== null) {
      const first = firstRow.get(key);
      if (first === undefined) firstRow.set(key, rowNumber);
      else row = withDuplicate(row, first, kind);
    }
    rows[i] = row as RowState<KindValues[K]>;
    if (options.onProgress && (i + 1) % 10_000 === 0) options.onProgress(i + 1, total);
  }
  options.onProgress?.(total, total);
  return {
    kind: kindId,
    fileName: table.fileName,
    sheetName: table.sheetName,
    headers: table.headers,
    mapping: checked,
    settings: resolved,
    rows,
  };
}

/** Validates again with other settings (say the date order changed), keeping fixes and exclusions. */
export function revalidate<K extends ImportKindId>(
  state: ImportState<K>,
  settings: Partial<ValidationSettings>,
): ImportState<K> {
  const kind = importKind(state.kind);
  const resolved = resolveSettings(
    { ...publicSettings(state.settings), ...settings },
    state.settings.dateSystem,
  );
  const validator = rowValidator(kind, state.mapping, resolved);
  const rows = state.rows.map(
    (row) =>
      makeRow(row.index, row.rowNumber, row.cells, row.excluded, validator(row.cells)) as RowState<
        KindValues[K]
      >,
  );
  markAllDuplicates(rows, kind);
  return { ...state, settings: resolved, rows };
}

/**
 * The coordinator's fix of one cell, typed as text (as in the grid). Re-validates that row and
 * the duplicate marks of the rows that shared its old or new key.
 */
export function fixCell<K extends ImportKindId>(
  state: ImportState<K>,
  rowIndex: number,
  column: string,
  text: string,
): ImportState<K> {
  return setCell(state, rowIndex, column, text.trim() === '' ? null : text);
}

/**
 * One cell of one row set to a value, as read from a file or typed (`fixCell`); the grid's undo
 * puts back the cell it held before a fix this way, so a date cell comes back as that date cell.
 * Re-validates that row and the duplicate marks of the rows that shared its old or new key.
 */
export function setCell<K extends ImportKindId>(
  state: ImportState<K>,
  rowIndex: number,
  column: string,
  cell: CellValue,
): ImportState<K> {
  const row = rowAt(state, rowIndex);
  const kind = importKind(state.kind);
  const tableColumn = mappedColumn(state, column);
  const cells = row.cells.slice();
  cells[tableColumn] = cell;
  const validator = rowValidator(kind, state.mapping, state.settings);
  const updated = makeRow(row.index, row.rowNumber, cells, row.excluded, validator(cells)) as RowState<
    KindValues[K]
  >;
  const rows = state.rows.slice();
  rows[rowIndex] = updated;
  refreshDuplicates(rows, kind, [row.duplicateKey, updated.duplicateKey]);
  return { ...state, rows };
}

/** The cell a field of a row holds now (what `setCell` would put back). */
export function cellOf(state: ImportState, rowIndex: number, column: string): CellValue {
  return rowAt(state, rowIndex).cells[mappedColumn(state, column)] ?? null;
}

/** The table column a field is mapped to; a field that is not, or not mapped, is refused. */
function mappedColumn(state: ImportState, column: string): number {
  const kind = importKind(state.kind);
  const field = kind.fields.find((f) => f.key === column);
  if (!field) throw new RangeError(`"${column}" is not a field of a ${kind.rowNoun} import`);
  const tableColumn = state.mapping[column];
  if (tableColumn === null || tableColumn === undefined) {
    throw new RangeError(`No column is mapped to "${field.label}", so it cannot be fixed in the grid`);
  }
  return tableColumn;
}

/** Excludes rows from the submission (or takes them back). */
export function setExcluded<K extends ImportKindId>(
  state: ImportState<K>,
  rowIndices: readonly number[],
  excluded: boolean,
): ImportState<K> {
  const kind = importKind(state.kind);
  const rows = state.rows.slice();
  const keys: (string | null)[] = [];
  for (const index of rowIndices) {
    const row = rowAt(state, index);
    if (row.excluded === excluded) continue;
    rows[index] = { ...row, excluded };
    keys.push(row.duplicateKey);
  }
  refreshDuplicates(rows, kind, keys);
  return { ...state, rows };
}

/** Excludes every row that still has an error. */
export function excludeRowsWithErrors<K extends ImportKindId>(state: ImportState<K>): ImportState<K> {
  const indices = state.rows.filter((r) => !r.excluded && r.errors.length > 0).map((r) => r.index);
  return setExcluded(state, indices, true);
}

export interface ImportSummary {
  totalRows: number;
  /** valid rows not excluded */
  toSubmit: number;
  excluded: number;
  /** rows not excluded that still have an error: they must be fixed or excluded */
  withErrors: number;
  /** rows to submit that carry a warning */
  withWarnings: number;
  /** rows marked as duplicating an earlier row (not excluded) */
  duplicates: number;
  /** registrations: how many batches the submission becomes (at most `maxItemsPerBatch` items each) */
  batches: number;
  maxItemsPerBatch: number;
  canSubmit: boolean;
  /** one sentence for the coordinator */
  message: string;
}

export function summarize(state: ImportState): ImportSummary {
  let toSubmit = 0;
  let excluded = 0;
  let withErrors = 0;
  let withWarnings = 0;
  let duplicates = 0;
  for (const row of state.rows) {
    if (row.excluded) {
      excluded++;
      continue;
    }
    if (row.duplicateOf !== null) duplicates++;
    if (row.errors.length > 0) withErrors++;
    else {
      toSubmit++;
      if (row.warnings.length > 0) withWarnings++;
    }
  }
  const maxItemsPerBatch = state.settings.maxItems;
  const batches = state.kind === 'registrations' ? Math.ceil(toSubmit / maxItemsPerBatch) : 0;
  const noun = importKind(state.kind).rowNoun;
  const parts = [`${count(toSubmit, noun)} to submit`];
  if (batches > 1)
    parts[0] += ` as ${batches} batches of at most ${maxItemsPerBatch.toLocaleString('en-US')}`;
  if (excluded > 0) parts.push(`${count(excluded, 'row')} excluded`);
  if (withWarnings > 0) parts.push(`${count(withWarnings, 'row')} with warnings`);
  if (withErrors > 0) parts.push(`${count(withErrors, 'row')} with errors to fix or exclude first`);
  return {
    totalRows: state.rows.length,
    toSubmit,
    excluded,
    withErrors,
    withWarnings,
    duplicates,
    batches,
    maxItemsPerBatch,
    canSubmit: toSubmit > 0 && withErrors === 0,
    message: parts.join('; ') + '.',
  };
}

/**
 * The values to submit, in file order (for registrations, `createBatches` takes them as `items`).
 * Refuses while a row not excluded still has an error: nothing is submitted half-checked.
 */
export function acceptedValues<K extends ImportKindId>(state: ImportState<K>): KindValues[K][] {
  return acceptedRows(state).map((row) => row.value);
}

/** `acceptedValues` with each value's spreadsheet row number, for the items to keep it. */
export function acceptedRows<K extends ImportKindId>(
  state: ImportState<K>,
): { value: KindValues[K]; rowNumber: number }[] {
  const summary = summarize(state);
  if (summary.withErrors > 0) {
    throw new ImportError(
      'unresolved_rows',
      `${count(summary.withErrors, 'row')} of "${state.fileName}" still ${summary.withErrors === 1 ? 'has' : 'have'} errors: fix or exclude ${summary.withErrors === 1 ? 'it' : 'them'} before submitting.`,
    );
  }
  if (summary.toSubmit === 0) {
    throw new ImportError(
      'unresolved_rows',
      `Every row of "${state.fileName}" is excluded, so there is nothing to submit: include at least one row, or choose another file.`,
    );
  }
  const rows: { value: KindValues[K]; rowNumber: number }[] = [];
  for (const row of state.rows)
    if (!row.excluded && row.value !== null) rows.push({ value: row.value, rowNumber: row.rowNumber });
  return rows;
}

// ---------------------------------------------------------------------------------------------

function count(n: number, noun: string): string {
  const plural = noun === 'person' ? 'people' : `${noun}s`;
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

function rowAt<K extends ImportKindId>(state: ImportState<K>, index: number): RowState<KindValues[K]> {
  const row = state.rows[index];
  if (!row) throw new RangeError(`Row index ${index} is outside the import's ${state.rows.length} rows`);
  return row;
}

function resolveSettings(settings: ValidationSettings, dateSystem: DateSystem): ResolvedSettings {
  const maxItems = settings.maxItems ?? DEFAULT_MAX_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 1)
    throw new RangeError('maxItems must be a positive integer');
  const coordinator = settings.defaultCoordinatorId?.trim();
  return {
    dateOrder: settings.dateOrder,
    dateSystem,
    activityTypes: settings.activityTypes ?? DEFAULT_ACTIVITY_TYPES,
    maxItems,
    defaultCoordinatorId: coordinator ? coordinator : null,
    assessmentCodes: settings.assessmentCodes ?? null,
    venues: settings.venues ?? null,
  };
}

function publicSettings(settings: ResolvedSettings): ValidationSettings {
  return {
    dateOrder: settings.dateOrder,
    activityTypes: settings.activityTypes,
    maxItems: settings.maxItems,
    ...(settings.defaultCoordinatorId ? { defaultCoordinatorId: settings.defaultCoordinatorId } : {}),
    ...(settings.assessmentCodes ? { assessmentCodes: settings.assessmentCodes } : {}),
    ...(settings.venues ? { venues: settings.venues } : {}),
  };
}

/** Refuses a mapping that leaves a required field without a column (nothing could be valid). */
function checkMapping(
  kind: ImportKind,
  mapping: ColumnMapping,
  headers: readonly string[],
  settings: ResolvedSettings,
  fileName: string,
): ColumnMapping {
  const usable = sanitizeMapping(mapping, kind, headers.length);
  if (!usable) {
    throw new RangeError('The column mapping names a column outside the table or uses one column twice');
  }
  const missing = kind.fields.filter(
    (f) => f.required && usable[f.key] === null && fallbackOf(f, settings) === null,
  );
  const label = (key: string) => `"${kind.fields.find((f) => f.key === key)?.label ?? key}"`;
  const groups = kind.requiredAnyOf ?? [];
  if (groups.length > 0 && !groups.some((group) => group.every((key) => usable[key] !== null))) {
    const choices = groups.map((group) => group.map(label).join(' and ')).join(', or ');
    throw new ImportError(
      'missing_columns',
      `No column of "${fileName}" is chosen for ${choices}: every ${kind.rowNoun} needs a name. Choose the column${groups[0]!.length === 1 ? '' : 's'} that hold${groups[0]!.length === 1 ? 's' : ''} it.`,
    );
  }
  const splits = Object.entries(kind.splitFields ?? {});
  for (const [whole, parts] of splits) {
    const mapped = parts.filter((key) => usable[key] !== null);
    if (mapped.length > 0 && usable[whole] !== null) {
      throw new ImportError(
        'conflicting_columns',
        `Columns of "${fileName}" are chosen both for ${label(whole)} and for ${mapped.map(label).join(' and ')}: the ${label(whole)} column holds the date and time together, ${parts.map(label).join(' and ')} hold them apart. Choose one or the other, not both.`,
      );
    }
  }
  // a field given by all its parts counts as mapped; its parts go together as any group does
  const isMapped = (key: string) =>
    usable[key] !== null || (kind.splitFields?.[key]?.every((part) => usable[part] !== null) ?? false);
  for (const group of [...splits.map(([, parts]) => parts), ...(kind.mappedTogether ?? [])]) {
    const unmapped = group.filter((key) => !isMapped(key));
    if (unmapped.length > 0 && unmapped.length < group.length) {
      throw new ImportError(
        'missing_columns',
        `A column of "${fileName}" is chosen for ${group
          .filter((k) => isMapped(k))
          .map(label)
          .join(
            ' and ',
          )} but none for ${unmapped.map(label).join(' and ')}: choose ${unmapped.length === 1 ? 'that column' : 'those columns'} too, or neither.`,
      );
    }
  }
  if (missing.length > 0) {
    const labels = missing.map((f) => `"${f.label}"`).join(', ');
    throw new ImportError(
      'missing_columns',
      `No column of "${fileName}" is chosen for ${labels}: every ${kind.rowNoun} needs ${missing.length === 1 ? 'it' : 'them'}. Choose the column${missing.length === 1 ? '' : 's'} that hold${missing.length === 1 ? 's' : ''} ${missing.length === 1 ? 'it' : 'them'}.`,
    );
  }
  return usable;
}

interface RowOutcome<T> {
  value: T | null;
  errors: readonly CellIssue[];
  warnings: readonly CellIssue[];
  duplicateKey: string | null;
}

type FieldReader = (cell: CellValue | undefined) => ParseResult<unknown>;

/** Builds, once per validation, the function that checks one row. */
function rowValidator(
  kind: ImportKind,
  mapping: ColumnMapping,
  settings: ResolvedSettings,
): (cells: readonly CellValue[]) => RowOutcome<unknown> {
  const readers = kind.fields.map((field) => ({
    field,
    column: mapping[field.key] ?? null,
    read: fieldReader(field, settings),
  }));
  const schema: z.ZodType = rowSchemaOf(kind, settings);
  const fieldKeys = new Set(kind.fields.map((f) => f.key));
  // an issue on a field without a column is shown on a mapped one, so the grid can fix it
  const isMapped = (k: string) => mapping[k] !== null && mapping[k] !== undefined;
  const shownOn = (key: string) =>
    isMapped(key)
      ? key
      : (kind.splitFields?.[key]?.find(isMapped) ?? (kind.requiredAnyOf ?? []).flat().find(isMapped) ?? key);
  return (cells) => {
    let errors: CellIssue[] | null = null;
    let warnings: CellIssue[] | null = null;
    const candidate: Record<string, unknown> = {};
    for (const { field, column, read } of readers) {
      if (column === null && !field.required) continue;
      const result = read(column === null ? undefined : cells[column]);
      if (!result.ok) {
        (errors ??= []).push({ column: field.key, message: result.error });
        continue;
      }
      if (result.warning) (warnings ??= []).push({ column: field.key, message: result.warning });
      if (result.value !== undefined) candidate[field.key] = result.value;
    }
    let value: unknown = null;
    if (!errors) {
      const checked = schema.safeParse(candidate);
      if (checked.success) value = checked.data;
      else {
        errors = [];
        for (const issue of checked.error.issues) {
          const key =
            typeof issue.path[0] === 'string' && fieldKeys.has(issue.path[0])
              ? issue.path[0]
              : kind.fields[0]!.key;
          errors.push({ column: shownOn(key), message: issue.message });
        }
      }
    }
    return {
      value,
      errors: errors ?? NO_ISSUES,
      warnings: warnings ?? NO_ISSUES,
      duplicateKey: value === null ? null : duplicateKeyOf(kind, value as Record<string, unknown>),
    };
  };
}

function rowSchemaOf(kind: ImportKind, settings: ResolvedSettings): z.ZodType {
  switch (kind.id) {
    case 'registrations':
      return itemInputFor(settings.activityTypes);
    case 'mentor_roster':
      return RosterEntry;
    case 'attendees':
      return attendeeRowFor({
        assessmentCodes: settings.assessmentCodes ?? undefined,
        venues: settings.venues ?? undefined,
      });
  }
}

const NO_VALUE: ParseResult<undefined> = { ok: true, value: undefined };

function fallbackOf(field: FieldSpec, settings: ResolvedSettings): string | null {
  return field.fallbackSetting ? settings[field.fallbackSetting] : null;
}

function fieldReader(field: FieldSpec, settings: ResolvedSettings): FieldReader {
  const read = cellReader(field, settings);
  const fallback = fallbackOf(field, settings);
  if (fallback === null) return read;
  const filled: ParseResult<string> = { ok: true, value: fallback };
  return (cell) => (isEmptyCell(cell) ? filled : read(cell));
}

function cellReader(field: FieldSpec, settings: ResolvedSettings): FieldReader {
  switch (field.parser) {
    case 'id':
      return (cell) => parseIdCell(cell, field.label);
    case 'text':
      return (cell) => parseOptionalText(cell, field.label, 1000);
    case 'name':
      return (cell) => parseRequiredText(cell, field.label, 200);
    case 'email':
      return (cell) => parseOptionalText(cell, field.label, 254);
    case 'date': {
      const dateSettings = { dateOrder: settings.dateOrder, dateSystem: settings.dateSystem };
      // an optional date column (a sitting's date): an empty cell is no date, the row schema decides
      if (!field.required)
        return (cell) => (isEmptyCell(cell) ? NO_VALUE : parseDateCell(cell, dateSettings));
      // A file holds few distinct dates over many rows; results are immutable, so they are shared.
      const bySerial = new Map<number, ParseResult<string>>();
      return (cell) => {
        const serial = typeof cell === 'number' ? cell : isExcelDate(cell) ? cell.serial : null;
        if (serial === null) return parseDateCell(cell, dateSettings);
        let result = bySerial.get(serial);
        if (!result) {
          result = parseDateCell(cell, dateSettings);
          if (bySerial.size < 100_000) bySerial.set(serial, result);
        }
        return result;
      };
    }
    case 'duration':
      return parseDurationCell;
    case 'activity_type':
      return activityTypeMatcher(settings.activityTypes);
    case 'person_text':
      return (cell) => parseOptionalText(cell, field.label, 254);
    case 'extra_time':
      return parseExtraTimeCell;
    case 'date_time': {
      const dateSettings = { dateOrder: settings.dateOrder, dateSystem: settings.dateSystem };
      return (cell) => parseDateTimeCell(cell, dateSettings);
    }
    case 'time_of_day':
      return parseTimeCell;
  }
}

function duplicateKeyOf(kind: ImportKind, value: Record<string, unknown>): string {
  let key = '';
  for (const field of kind.duplicateFields) key += String(value[field]).toLowerCase() + '\u0000';
  return key;
}

function makeRow(
  index: number,
  rowNumber: number,
  cells: CellValue[],
  excluded: boolean,
  outcome: RowOutcome<unknown>,
): RowState<unknown> {
  return {
    index,
    rowNumber,
    cells,
    value: outcome.value,
    errors: outcome.errors,
    warnings: outcome.warnings,
    excluded,
    duplicateOf: null,
    duplicateKey: outcome.duplicateKey,
  };
}

function markAllDuplicates(rows: RowState<unknown>[], kind: ImportKind): void {
  const firstRow = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.excluded || row.duplicateKey === null) continue;
    const first = firstRow.get(row.duplicateKey);
    if (first === undefined) firstRow.set(row.duplicateKey, row.rowNumber);
    else rows[i] = withDuplicate(row, first, kind);
  }
}

/** Re-marks the rows sharing any of `keys`; rows are replaced, never changed in place. */
function refreshDuplicates(
  rows: RowState<unknown>[],
  kind: ImportKind,
  keys: readonly (string | null)[],
): void {
  const wanted = new Set(keys.filter((k): k is string => k !== null));
  if (wanted.size === 0) return;
  const firstRow = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.duplicateKey === null || !wanted.has(row.duplicateKey)) continue;
    let first: number | null = null;
    if (!row.excluded) {
      const seen = firstRow.get(row.duplicateKey);
      if (seen === undefined) firstRow.set(row.duplicateKey, row.rowNumber);
      else first = seen;
    }
    if (first !== row.duplicateOf) rows[i] = withDuplicate(row, first, kind);
  }
}

function withDuplicate(
  row: RowState<unknown>,
  duplicateOf: number | null,
  kind: ImportKind,
): RowState<unknown> {
  const errors = row.errors.filter((issue) => !issue.duplicate);
  const warnings = row.warnings.filter((issue) => !issue.duplicate);
  if (duplicateOf !== null) {
    const issue: CellIssue = {
      column: kind.duplicateFields[0]!,
      message: kind.duplicateMessage(duplicateOf),
      duplicate: true,
    };
    (kind.duplicateIsError ? errors : warnings).push(issue);
  }
  return {
    ...row,
    errors: errors.length > 0 ? errors : NO_ISSUES,
    warnings: warnings.length > 0 ? warnings : NO_ISSUES,
    duplicateOf,
  };
}
