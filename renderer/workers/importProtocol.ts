import type {
  CellIssue,
  ColumnMapping,
  DateOrder,
  FileFormat,
  ImportErrorCode,
  ImportSummary,
  ImportKindId,
  MappingProposal,
  ReadProgress,
  SheetAssessment,
} from '../../src/import';
import type { FileSitting, NewEventClass } from '../../src/attendees/fileSittings';

/**
 * Messages between the import wizard and `import.worker.ts`. The worker keeps the workbook and
 * the validation state (100,000 rows stay there); the page asks for what it shows: an overview,
 * a window of rows, the summary. Everything here is small and plain, so no message costs the UI
 * thread a long task.
 */

/** a sheet as the picker shows it: its rows, how well it fits the kind, why it cannot be used */
export type SheetOverview = SheetAssessment;

export interface WorkbookOverview {
  fileName: string;
  format: FileFormat;
  sheets: SheetOverview[];
  /** for CSV/TSV: how the text was read */
  text?: { encoding: string; delimiter: string };
}

export interface PreparedView {
  sheetIndex: number;
  headerRow: number;
  /** the first rows of the sheet as text, to choose the header row */
  topRows: string[][];
  /** the spreadsheet's row number of each of `topRows` (blank rows counted, as the file shows them) */
  topRowNumbers: number[];
  headers: string[];
  proposal: MappingProposal;
  /** a confirmed mapping for these headers was found and applied */
  remembered: boolean;
  /** data rows under the header */
  rowCount: number;
}

export interface OpenedFile {
  workbook: WorkbookOverview;
  prepared: PreparedView;
}

export interface ValidationView {
  summary: ImportSummary;
  /** rows with an error or a warning (excluded or not) */
  issueRows: number;
  /** changes on every fix or exclusion, so the page knows to read its rows again */
  version: number;
  /** fixes and exclusions that Undo can take back, last first */
  changesToUndo: number;
  /** rows with an error, excluded or not: what "Export rows with errors" writes */
  rowsWithErrors: number;
}

/** After a fix: the rows again, and where the fixed row now stands among the rows with issues. */
export interface FixView extends ValidationView {
  /** rows with an error or a warning above the fixed row */
  issuesAbove: number;
  /** the fixed row still has an error or a warning, so the "With issues" list still shows it */
  stillListed: boolean;
}

/**
 * After an undo: the rows again, and what was taken back (null: nothing to undo). `issuePosition`
 * is the (first) row's place among the rows with issues, or null when it has none now.
 */
export interface UndoView extends ValidationView {
  undone:
    | { kind: 'fix'; rowIndex: number; rowNumber: number; column: string; issuePosition: number | null }
    | {
        kind: 'exclusion';
        /** what the undone change did: excluded the rows (true) or included them again */
        excluded: boolean;
        rowIndex: number;
        rowNumbers: number[];
        issuePosition: number | null;
      }
    | null;
}

export type RowFilter = 'all' | 'issues';

export interface RowView {
  index: number;
  /** place in the list the page asked for (all rows, or the rows with issues) */
  position: number;
  rowNumber: number;
  /** field key -> the cell as the grid shows it, and as its text box starts when edited */
  cells: Record<string, string>;
  /** field key -> what the cell was read as, where that says more than the cell (`75 min`) */
  readAs: Record<string, string>;
  errors: readonly CellIssue[];
  warnings: readonly CellIssue[];
  excluded: boolean;
  duplicateOf: number | null;
}

export interface RowWindow {
  rows: RowView[];
  /** rows matching the filter */
  total: number;
  version: number;
}

export interface SubmitResult {
  batchIds: string[];
  items: number;
}

/** A mentor roster is stored as mentors and expiry dates, not as batches. */
export interface RosterSubmitResult {
  added: number;
  updated: number;
  unchanged: number;
}

/** People for an event are stored as local registrations and attendee jobs. */
export interface PeopleSubmitResult {
  importId: string;
  jobs: number;
  registered: number;
  failed: number;
}

/** The sittings a people file names, for the review. */
export interface SittingsView {
  sittings: FileSitting[];
  /** rows to submit that name no venue and start: they go to the event chosen */
  withoutSitting: number;
}

export type ImportRequest =
  /** `kind`: what the file holds (default `registrations`) */
  | { type: 'open'; file: File; maxBytes?: number; kind?: ImportKindId }
  | { type: 'prepare'; sheetIndex: number; headerRow?: number }
  /** `defaultCoordinatorId`: a roster's rows without a coordinator id get this one (the coordinator's own) */
  | { type: 'validate'; mapping: ColumnMapping; dateOrder: DateOrder; defaultCoordinatorId?: string }
  | { type: 'rows'; offset: number; limit: number; filter: RowFilter }
  | { type: 'fix'; rowIndex: number; column: string; text: string }
  /** takes back the last fix or exclusion not yet undone */
  | { type: 'undo' }
  /** the rows that still have an error, in the import layout (.xlsx bytes) */
  | { type: 'exportErrors' }
  | { type: 'exclude'; rowIndices: number[]; excluded: boolean }
  | { type: 'excludeErrors' }
  | { type: 'submit'; coordinatorId: string; label: string }
  | { type: 'submitRoster' }
  /**
   * people for an event: registered locally on `eventId` (the rows naming no venue and start) or
   * on the sittings the rows name (a new one made with `newEvents`), queued as jobs of at most 50
   */
  | { type: 'submitPeople'; eventId?: string; label: string; newEvents?: NewEventClass }
  /** people for an event: the venues and starts the rows to submit name, and how many name none */
  | { type: 'sittings' }
  | { type: 'export'; batchId: string; which: ExportKind };

/**
 * `results`: every item with its outcome (`.xlsx`); `resultsCsv`: the same as CSV;
 * `failed`: the failed rows in the import layout.
 */
export type ExportKind = 'results' | 'resultsCsv' | 'failed';

export interface ImportResults {
  open: OpenedFile;
  prepare: PreparedView;
  validate: ValidationView;
  rows: RowWindow;
  fix: FixView;
  undo: UndoView;
  /** the .xlsx bytes */
  exportErrors: Uint8Array;
  exclude: ValidationView;
  excludeErrors: ValidationView;
  submit: SubmitResult;
  submitRoster: RosterSubmitResult;
  submitPeople: PeopleSubmitResult;
  sittings: SittingsView;
  /** the .xlsx bytes, or the CSV's UTF-8 bytes */
  export: Uint8Array;
}

export interface WorkerFailure {
  /** an `ImportErrorCode`, a `BatchActionErrorCode`, or `internal` */
  code: ImportErrorCode | 'not_found' | 'conflict' | 'invalid' | 'internal';
  message: string;
}

export type ImportProgress =
  | { phase: ReadProgress['phase']; fraction: number }
  | { phase: 'validating'; fraction: number }
  | { phase: 'storing'; fraction: number };

export type WorkerToPage =
  | { id: number; kind: 'progress'; progress: ImportProgress }
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'failure'; failure: WorkerFailure };

export type PageToWorker = { id: number; request: ImportRequest };
