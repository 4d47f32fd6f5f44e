import { create } from 'zustand';
import {
  importKind,
  type ColumnMapping,
  type DateOrder,
  type FieldSpec,
  type ImportKindId,
} from '../../../src/import';
import type { NewEventClass } from '../../../src/attendees/fileSittings';
import { rememberMapping } from '../../../src/settings/rememberedMappings';
import { db } from '../../database/db';
import { ImportClient, ImportWorkerError } from '../../workers/importClient';
import type {
  ImportProgress,
  OpenedFile,
  PeopleSubmitResult,
  PreparedView,
  RosterSubmitResult,
  RowFilter,
  UndoView,
  ValidationView,
  WorkerFailure,
} from '../../workers/importProtocol';

/**
 * The import wizard's UI state: which step, what the worker said about the file, the mapping
 * being confirmed, the grid's filter. The rows themselves stay in the worker.
 */

export type WizardStep = 'file' | 'columns' | 'review';

/** The review grid's current cell: its place in the list shown, and its field. */
export interface ActiveCell {
  position: number;
  field: string;
}

export interface WizardState {
  /** what the next file holds: registrations (batches) or a mentor roster */
  kind: ImportKindId;
  step: WizardStep;
  /** work in progress in the worker, with its progress */
  busy: { label: string; progress: ImportProgress | null } | null;
  /** a bad file or a refused step, as the coordinator reads it */
  failure: WorkerFailure | null;
  opened: OpenedFile | null;
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  validation: ValidationView | null;
  filter: RowFilter;
  label: string;
  /** the review grid's current cell, moved by the arrow keys */
  active: ActiveCell | null;
  /** what the last undo did, in words */
  undoMessage: string | null;

  openFile(file: File, dateOrder: DateOrder): Promise<void>;
  choose(sheetIndex: number, headerRow?: number): Promise<void>;
  /** the column fills this field, or no field (null) */
  assignColumn(column: number, field: string | null): void;
  setDateOrder(order: DateOrder): void;
  /** `defaultCoordinatorId` fills a roster's empty or unmapped coordinator ids */
  confirmColumns(defaultCoordinatorId?: string): Promise<boolean>;
  backToColumns(): void;
  setFilter(filter: RowFilter): void;
  setLabel(label: string): void;
  applyValidation(view: ValidationView): void;
  setActive(active: ActiveCell | null): void;
  /** takes back the review grid's last fix or exclusion and makes its row the current one */
  undo(): Promise<void>;
  submit(coordinatorId: string): Promise<string[] | null>;
  /** stores a validated mentor roster (added or updated mentors) */
  submitRoster(): Promise<RosterSubmitResult | null>;
  /**
   * registers a validated list of people as attendee jobs: on `eventId` (rows naming no venue and
   * start), or on the sittings the rows name, the new ones made with `newEvents`
   */
  submitPeople(eventId: string, newEvents?: NewEventClass): Promise<PeopleSubmitResult | null>;
  /** starts over with another kind of file */
  setKind(kind: ImportKindId): void;
  reset(): void;
}

/** "Undid the fix of Date in row 6.", "Undid the exclusion of row 5: it is included again." */
function undoneInWords(undone: NonNullable<UndoView['undone']>, fields: readonly FieldSpec[]): string {
  if (undone.kind === 'fix') {
    const label = fields.find((f) => f.key === undone.column)?.label ?? undone.column;
    return `Undid the fix of ${label} in row ${undone.rowNumber}.`;
  }
  const [first] = undone.rowNumbers;
  const rows = undone.rowNumbers.length === 1 ? `row ${first}` : `${undone.rowNumbers.length} rows`;
  const they = undone.rowNumbers.length === 1 ? 'it is' : 'they are';
  return undone.excluded
    ? `Undid the exclusion of ${rows}: ${they} included again.`
    : `Undid including ${rows}: ${they} excluded again.`;
}

let client: ImportClient | null = null;

/** The wizard's worker, started on first use and kept while the app runs (the state lives there). */
export function importClient(): ImportClient {
  client ??= new ImportClient();
  return client;
}

function failureOf(error: unknown): WorkerFailure {
  if (error instanceof ImportWorkerError) return error.failure;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

function labelFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

const INITIAL = {
  step: 'file' as WizardStep,
  busy: null,
  failure: null,
  opened: null,
  mapping: {},
  dateOrder: 'DMY' as DateOrder,
  validation: null,
  filter: 'all' as RowFilter,
  label: '',
  active: null,
  undoMessage: null,
};

export const useImportWizard = create<WizardState>()((set, get) => {
  const progressTo = (label: string) => (progress: ImportProgress) => set({ busy: { label, progress } });

  return {
    ...INITIAL,
    kind: 'registrations',

    async openFile(file, dateOrder) {
      set({ ...INITIAL, busy: { label: `Reading ${file.name}`, progress: null } });
      try {
        const opened = await importClient().request(
          { type: 'open', file, kind: get().kind },
          progressTo(`Reading ${file.name}`),
        );
        set({
          opened,
          step: 'columns',
          mapping: opened.prepared.proposal.mapping,
          dateOrder: opened.prepared.proposal.dateOrderHint ?? dateOrder,
          label: labelFromFileName(file.name),
          busy: null,
        });
      } catch (error) {
        set({ failure: failureOf(error), busy: null, opened: null, step: 'file' });
      }
    },

    async choose(sheetIndex, headerRow) {
      const opened = get().opened;
      if (!opened) return;
      set({ busy: { label: 'Reading the sheet', progress: null }, failure: null });
      try {
        const prepared: PreparedView = await importClient().request({
          type: 'prepare',
          sheetIndex,
          headerRow,
        });
        set({
          opened: { ...opened, prepared },
          mapping: prepared.proposal.mapping,
          dateOrder: prepared.proposal.dateOrderHint ?? get().dateOrder,
          busy: null,
        });
      } catch (error) {
        set({ failure: failureOf(error), busy: null });
      }
    },

    assignColumn(column, field) {
      const mapping: Record<string, number | null> = { ...get().mapping };
      // one column fills one field, one field takes one column
      for (const key of Object.keys(mapping)) if (mapping[key] === column) mapping[key] = null;
      if (field !== null) mapping[field] = column;
      set({ mapping });
    },

    setDateOrder: (dateOrder) => set({ dateOrder }),

    async confirmColumns(defaultCoordinatorId) {
      const { mapping, dateOrder } = get();
      set({ busy: { label: 'Checking the rows', progress: null }, failure: null });
      try {
        const validation = await importClient().request(
          { type: 'validate', mapping, dateOrder, ...(defaultCoordinatorId ? { defaultCoordinatorId } : {}) },
          progressTo('Checking the rows'),
        );
        set({ validation, step: 'review', busy: null, filter: 'all', active: null, undoMessage: null });
        const signature = get().opened?.prepared.proposal.signature;
        // the next file with these headers maps itself the same way
        if (signature) await rememberMapping(db, signature, mapping);
        return true;
      } catch (error) {
        set({ failure: failureOf(error), busy: null });
        return false;
      }
    },

    backToColumns: () => set({ step: 'columns', validation: null, failure: null, active: null }),
    setFilter: (filter) => set({ filter, active: null }),
    setLabel: (label) => set({ label }),
    applyValidation: (validation) => set({ validation }),
    setActive: (active) => set({ active }),

    async undo() {
      try {
        const { undone, ...validation } = await importClient().request({ type: 'undo' });
        if (!undone) {
          set({ validation, undoMessage: 'There is no change to undo.' });
          return;
        }
        const { kind, mapping, filter, active } = get();
        const fields = importKind(kind).fields;
        const position = filter === 'all' ? undone.rowIndex : undone.issuePosition;
        // an undone exclusion keeps the current column (the row has no cell of its own for it)
        const field =
          undone.kind === 'fix'
            ? undone.column
            : (active?.field ?? fields.find((f) => (mapping[f.key] ?? null) !== null)?.key);
        set({
          validation,
          undoMessage: undoneInWords(undone, fields),
          ...(position !== null && field !== undefined ? { active: { position, field } } : {}),
        });
      } catch (error) {
        set({ failure: failureOf(error) });
      }
    },

    async submit(coordinatorId) {
      set({ busy: { label: 'Storing the batches', progress: null }, failure: null });
      try {
        const result = await importClient().request(
          {
            type: 'submit',
            coordinatorId,
            label: get().label || get().opened?.workbook.fileName || 'Import',
          },
          progressTo('Storing the batches'),
        );
        set({ ...INITIAL });
        return result.batchIds;
      } catch (error) {
        set({ failure: failureOf(error), busy: null });
        return null;
      }
    },

    async submitRoster() {
      set({ busy: { label: 'Storing the mentors', progress: null }, failure: null });
      try {
        const result = await importClient().request(
          { type: 'submitRoster' },
          progressTo('Storing the mentors'),
        );
        set({ ...INITIAL });
        return result;
      } catch (error) {
        set({ failure: failureOf(error), busy: null });
        return null;
      }
    },

    async submitPeople(eventId, newEvents) {
      set({ busy: { label: 'Registering the people', progress: null }, failure: null });
      try {
        const result = await importClient().request(
          {
            type: 'submitPeople',
            ...(eventId ? { eventId } : {}),
            ...(newEvents ? { newEvents } : {}),
            label: get().label || get().opened?.workbook.fileName || 'People',
          },
          progressTo('Registering the people'),
        );
        set({ ...INITIAL });
        return result;
      } catch (error) {
        set({ failure: failureOf(error), busy: null });
        return null;
      }
    },

    setKind: (kind) => set({ ...INITIAL, kind }),
    reset: () => set({ ...INITIAL }),
  };
});
