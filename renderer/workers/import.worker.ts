import { BatchActionError, createBatches } from '../../src/batches';
import { AppDatabase, readBatchItems } from '../../src/db';
import { AttendeeImportError } from '../../src/attendees/importPeople';
import { FileSittingError, fileSittings, importPeopleFromFile } from '../../src/attendees/fileSittings';
import { upsertRoster } from '../../src/expiry/roster';
import { formatCalendarDate } from '../components/dates';
import {
  acceptedRows,
  acceptedValues,
  cellOf,
  cellText,
  exportBatchResults,
  exportBatchResultsCsv,
  exportFailedRows,
  exportRowsWithErrors,
  excludeRowsWithErrors,
  importKind,
  fixCell,
  isExcelDate,
  isImportError,
  parseDateCell,
  parseDateTimeCell,
  parseTimeCell,
  parseDurationCell,
  prepareImport,
  readWorkbookAsync,
  sanitizeMapping,
  setCell,
  setExcluded,
  summarize,
  validateRows,
  type CellValue,
  type ImportKindId,
  type ImportState,
  type PreparedImport,
  type WorkbookData,
} from '../../src/import';
import { loadRememberedMapping } from '../../src/settings/rememberedMappings';
import type {
  ImportProgress,
  ImportRequest,
  ImportResults,
  PageToWorker,
  PreparedView,
  RowView,
  RowWindow,
  FixView,
  UndoView,
  ValidationView,
  WorkerFailure,
  WorkerToPage,
} from './importProtocol';

/**
 * The import wizard's worker: reading, header detection, validation, fixes and the submission
 * run here, never on the UI thread. It keeps one import at a time; opening a file starts over.
 */

const db = new AppDatabase();
/** what the open file holds, chosen by the coordinator when opening it */
let kind: ImportKindId = 'registrations';
/** rows offered to choose the header row from: as many as the header detection looks at */
const TOP_ROWS = 20;

let workbook: WorkbookData | null = null;
let prepared: PreparedImport | null = null;
let state: ImportState | null = null;
/** indices of rows with an error or a warning, rebuilt on every change */
let issueIndices: number[] = [];
let version = 0;
/**
 * The coordinator's fixes and exclusions, last last, one history as in a spreadsheet: the cell a
 * fix replaced, or the rows an exclusion (or an inclusion) flipped. What Undo puts back.
 */
type Change =
  | { kind: 'fix'; rowIndex: number; column: string; previous: CellValue }
  | { kind: 'exclusion'; rowIndices: number[]; excluded: boolean };
let changes: Change[] = [];
/** enough to undo a long session of changes; the oldest go first */
const MAX_UNDO = 1000;

function remember(change: Change): void {
  changes.push(change);
  if (changes.length > MAX_UNDO) changes.shift();
}

/** Takes `next`, an exclusion (or inclusion) of `current`, remembering the rows it flipped for Undo. */
function excluding(current: ImportState, next: ImportState, excluded: boolean): ValidationView {
  const flipped = next.rows.filter((row) => row.excluded !== current.rows[row.index]!.excluded);
  if (flipped.length > 0)
    remember({ kind: 'exclusion', rowIndices: flipped.map((row) => row.index), excluded });
  return changed(next);
}

function issuePositionOf(rowIndex: number): number | null {
  const position = issueIndices.indexOf(rowIndex);
  return position === -1 ? null : position;
}

function post(message: WorkerToPage): void {
  self.postMessage(message);
}

self.addEventListener('message', (event: MessageEvent<PageToWorker>) => {
  const { id, request } = event.data;
  const progress = (value: ImportProgress) => post({ id, kind: 'progress', progress: value });
  handle(request, progress).then(
    (result) =>
      // the export's bytes move to the page instead of being copied
      result instanceof Uint8Array
        ? self.postMessage({ id, kind: 'result', result } satisfies WorkerToPage, {
            transfer: [result.buffer as ArrayBuffer],
          })
        : post({ id, kind: 'result', result }),
    (error: unknown) => post({ id, kind: 'failure', failure: failureOf(error) }),
  );
});

async function handle(
  request: ImportRequest,
  progress: (value: ImportProgress) => void,
): Promise<ImportResults[ImportRequest['type']]> {
  switch (request.type) {
    case 'open': {
      workbook = null;
      prepared = null;
      state = null;
      kind = request.kind ?? 'registrations';
      const bytes = new Uint8Array(await request.file.arrayBuffer());
      const read = await readWorkbookAsync(bytes, {
        fileName: request.file.name,
        ...(request.maxBytes !== undefined ? { maxBytes: request.maxBytes } : {}),
        onProgress: (p) => progress({ phase: p.phase, fraction: p.fraction }),
      });
      // the sheet whose header row best fits the kind, whichever place it has in the file
      const view = await prepare(read, undefined, undefined);
      workbook = read;
      return {
        workbook: {
          fileName: read.fileName,
          format: read.format,
          sheets: requirePrepared().sheets,
          ...(read.text ? { text: read.text } : {}),
        },
        prepared: view,
      };
    }
    case 'prepare':
      return prepare(requireWorkbook(), request.sheetIndex, request.headerRow);
    case 'validate': {
      const table = requirePrepared().table;
      state = null;
      changes = [];
      const assessmentCodes = kind === 'attendees' ? await publishedFormCodes() : undefined;
      const venues = kind === 'attendees' ? await db.venues.toArray() : undefined;
      const validated = validateRows(
        table,
        request.mapping,
        kind,
        {
          dateOrder: request.dateOrder,
          ...(request.defaultCoordinatorId ? { defaultCoordinatorId: request.defaultCoordinatorId } : {}),
          ...(assessmentCodes ? { assessmentCodes } : {}),
          ...(venues ? { venues } : {}),
        },
        { onProgress: (done, total) => progress({ phase: 'validating', fraction: done / total }) },
      );
      return changed(validated);
    }
    case 'rows':
      return rowWindow(request.offset, request.limit, request.filter === 'issues');
    case 'fix': {
      const current = requireState();
      const previous = cellOf(current, request.rowIndex, request.column);
      const next = fixCell(current, request.rowIndex, request.column, request.text);
      remember({ kind: 'fix', rowIndex: request.rowIndex, column: request.column, previous });
      const view = changed(next);
      const above = issueIndices.findIndex((index) => index >= request.rowIndex);
      return {
        ...view,
        issuesAbove: above === -1 ? issueIndices.length : above,
        stillListed: issueIndices[above] === request.rowIndex,
      } satisfies FixView;
    }
    case 'undo': {
      const current = requireState();
      const last = changes.pop();
      if (!last) return { ...changed(current), undone: null } satisfies UndoView;
      if (last.kind === 'exclusion') {
        const view = changed(setExcluded(current, last.rowIndices, !last.excluded));
        const first = last.rowIndices[0]!;
        return {
          ...view,
          undone: {
            kind: 'exclusion',
            excluded: last.excluded,
            rowIndex: first,
            rowNumbers: last.rowIndices.map((index) => current.rows[index]!.rowNumber),
            issuePosition: issuePositionOf(first),
          },
        } satisfies UndoView;
      }
      const view = changed(setCell(current, last.rowIndex, last.column, last.previous));
      return {
        ...view,
        undone: {
          kind: 'fix',
          rowIndex: last.rowIndex,
          rowNumber: current.rows[last.rowIndex]!.rowNumber,
          column: last.column,
          issuePosition: issuePositionOf(last.rowIndex),
        },
      } satisfies UndoView;
    }
    case 'exportErrors':
      return exportRowsWithErrors(requireState());
    case 'exclude': {
      const current = requireState();
      return excluding(current, setExcluded(current, request.rowIndices, request.excluded), request.excluded);
    }
    case 'excludeErrors': {
      const current = requireState();
      return excluding(current, excludeRowsWithErrors(current), true);
    }
    case 'submitRoster': {
      const current = requireState();
      if (!isOfKind(current, 'mentor_roster')) throw new Error('The open file is not a mentor roster');
      progress({ phase: 'storing', fraction: 0 });
      const outcome = await upsertRoster(db, acceptedValues(current), Date.now());
      progress({ phase: 'storing', fraction: 1 });
      return outcome;
    }
    case 'submitPeople': {
      const current = requireState();
      if (!isOfKind(current, 'attendees')) throw new Error('The open file is not a list of people');
      const people = acceptedRows(current).map(({ value, rowNumber }) => ({ row: value, rowNumber }));
      progress({ phase: 'storing', fraction: 0 });
      const result = await importPeopleFromFile(db, {
        label: request.label,
        people,
        ...(request.eventId ? { eventId: request.eventId } : {}),
        ...(request.newEvents ? { newEvents: request.newEvents } : {}),
      });
      progress({ phase: 'storing', fraction: 1 });
      return {
        importId: result.importId,
        jobs: result.jobIds.length,
        registered: result.registered,
        failed: result.failed,
      };
    }
    case 'sittings': {
      const current = requireState();
      if (!isOfKind(current, 'attendees')) throw new Error('The open file is not a list of people');
      const rows = current.rows.flatMap((row) => (!row.excluded && row.value !== null ? [row.value] : []));
      return {
        sittings: await fileSittings(db, rows),
        withoutSitting: rows.filter((row) => !row.venue_id).length,
      };
    }
    case 'submit': {
      const current = requireState();
      if (!isOfKind(current, 'registrations')) throw new Error('The open file is not a registrations file');
      // each item keeps the spreadsheet row it came from, for the batch detail and its exports
      const items = acceptedRows(current).map(({ value, rowNumber }) => ({
        ...value,
        source_row: rowNumber,
      }));
      progress({ phase: 'storing', fraction: 0 });
      const batchIds = await createBatches(
        db,
        {
          coordinatorId: request.coordinatorId,
          label: request.label,
          sourceName: workbook?.fileName ?? request.label,
          items,
          maxItems: current.settings.maxItems,
        },
        Date.now(),
      );
      progress({ phase: 'storing', fraction: 1 });
      return { batchIds, items: items.length };
    }
    case 'export': {
      // reading and writing a 10,000-item workbook takes long enough to freeze a window
      const items = await readBatchItems(db, request.batchId);
      if (request.which === 'resultsCsv') return new TextEncoder().encode(exportBatchResultsCsv(items));
      return request.which === 'results' ? exportBatchResults(items) : exportFailedRows(items);
    }
  }
}

/** The codes the desk offers (published, non-bilingual forms); none pulled yet: not checked. */
async function publishedFormCodes(): Promise<string[] | undefined> {
  const forms = await db.assessmentForms.filter((f) => f.published && !f.bilingual).toArray();
  return forms.length > 0 ? forms.map((f) => f.code) : undefined;
}

async function prepare(
  source: WorkbookData,
  sheetIndex: number | undefined,
  headerRow: number | undefined,
): Promise<PreparedView> {
  // the first pass finds the sheet and header row; a mapping remembered for its headers is applied after
  const first = prepareImport(source, {
    kind,
    ...(sheetIndex !== undefined ? { sheetIndex } : {}),
    ...(headerRow !== undefined ? { headerRow } : {}),
  });
  const remembered = await loadRememberedMapping(db, first.proposal.signature);
  const result = remembered
    ? prepareImport(source, {
        kind,
        sheetIndex: first.sheetIndex,
        headerRow: first.headerRow,
        rememberedMapping: remembered,
      })
    : first;
  prepared = result;
  state = null;
  changes = [];
  const sheet = source.sheets[result.sheetIndex]!;
  return {
    sheetIndex: result.sheetIndex,
    headerRow: result.headerRow,
    topRows: sheet.rows.slice(0, TOP_ROWS).map((row) => Array.from(row, (cell) => cellText(cell ?? null))),
    topRowNumbers: sheet.rowNumbers.slice(0, TOP_ROWS),
    headers: result.table.headers,
    proposal: result.proposal,
    remembered:
      remembered !== null &&
      sanitizeMapping(remembered, importKind(kind), result.table.headers.length) !== null,
    rowCount: result.table.rows.length,
  };
}

function changed(next: ImportState): ValidationView {
  state = next;
  version += 1;
  issueIndices = [];
  let rowsWithErrors = 0;
  for (const row of next.rows) {
    if (row.errors.length > 0 || row.warnings.length > 0) issueIndices.push(row.index);
    if (row.errors.length > 0) rowsWithErrors += 1;
  }
  return {
    summary: summarize(next),
    issueRows: issueIndices.length,
    version,
    changesToUndo: changes.length,
    rowsWithErrors,
  };
}

function rowWindow(offset: number, limit: number, onlyIssues: boolean): RowWindow {
  const current = requireState();
  const total = onlyIssues ? issueIndices.length : current.rows.length;
  const end = Math.min(total, offset + limit);
  const rows: RowView[] = [];
  for (let i = Math.max(0, offset); i < end; i++) {
    const row = current.rows[onlyIssues ? issueIndices[i]! : i]!;
    rows.push({
      index: row.index,
      position: i,
      rowNumber: row.rowNumber,
      ...displayCells(current, row.cells),
      errors: row.errors,
      warnings: row.warnings,
      excluded: row.excluded,
      duplicateOf: row.duplicateOf,
    });
  }
  return { rows, total, version };
}

/**
 * What the grid shows per field: the cell's text, a date as the date it stands for in the
 * day-order setting (never a serial such as 46105), a time-formatted duration as h:mm; and what a
 * duration was read as where the text does not say it plainly ("1h 15m" -> "75 min").
 */
function displayCells(current: ImportState, cells: readonly CellValue[]): Pick<RowView, 'cells' | 'readAs'> {
  const shown: Record<string, string> = {};
  const readAs: Record<string, string> = {};
  for (const field of importKind(current.kind).fields) {
    const column = current.mapping[field.key];
    if (column === null || column === undefined) continue;
    const cell = cells[column] ?? null;
    if (field.parser === 'date') {
      const date = parseDateCell(cell, current.settings);
      // an unreadable date stays as written, for the coordinator to fix
      shown[field.key] = date.ok
        ? formatCalendarDate(date.value, current.settings.dateOrder)
        : cellText(cell);
    } else if (field.parser === 'date_time') {
      const start = parseDateTimeCell(cell, current.settings);
      // a start is shown as the venue's clock reads it, in the day-order setting
      shown[field.key] =
        start.ok && start.value
          ? `${formatCalendarDate(start.value.slice(0, 10), current.settings.dateOrder)} ${start.value.slice(11)}`
          : cellText(cell);
    } else if (field.parser === 'time_of_day') {
      // a time cell is a fraction of a day: shown as the time it stands for
      const start = parseTimeCell(cell);
      shown[field.key] = start.ok && start.value ? start.value : cellText(cell);
    } else if (field.parser === 'duration') {
      const text = isExcelDate(cell) ? clockText(cell.serial) : cellText(cell);
      shown[field.key] = text;
      const minutes = parseDurationCell(cell);
      if (minutes.ok && text.trim() !== String(minutes.value)) readAs[field.key] = `${minutes.value} min`;
    } else {
      shown[field.key] = cellText(cell);
    }
  }
  return { cells: shown, readAs };
}

/** A time-formatted cell (a fraction of a day) as h:mm, as the spreadsheet shows it. */
function clockText(serial: number): string {
  const minutes = Math.round(serial * 1440);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function requireWorkbook(): WorkbookData {
  if (!workbook) throw new Error('No file is open');
  return workbook;
}

function requirePrepared(): PreparedImport {
  if (!prepared) throw new Error('No sheet is prepared');
  return prepared;
}

/** The rows' values have the shape of the kind they were validated as. */
function isOfKind<K extends ImportKindId>(current: ImportState, id: K): current is ImportState<K> {
  return current.kind === id;
}

function requireState(): ImportState {
  if (!state) throw new Error('The rows are not validated yet');
  return state;
}

function failureOf(error: unknown): WorkerFailure {
  if (isImportError(error)) return { code: error.code, message: error.message };
  if (error instanceof BatchActionError) return { code: error.code, message: error.message };
  if (error instanceof AttendeeImportError || error instanceof FileSittingError) {
    return { code: 'invalid', message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
