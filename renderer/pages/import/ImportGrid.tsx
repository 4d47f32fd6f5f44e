import { startTransition, useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { importKind, type ColumnMapping, type FieldSpec } from '../../../src/import';
import { VirtualTable, type VirtualColumn, type VisibleRange } from '../../components/VirtualTable';
import type { RowFilter, RowView, RowWindow } from '../../workers/importProtocol';
import { EditableCell, type CellMove } from './EditableCell';
import { ExcludeCheckbox } from './ExcludeCheckbox';
import { importClient, useImportWizard } from './importWizardStore';

const ROW_HEIGHT = 52;
/** rows loaded beyond the visible ones, so a short scroll needs no new request */
const MARGIN = 30;

/**
 * The preview grid: a window of the worker's rows, each invalid cell with its message, editable
 * in place (the worker validates again), each row excludable. It is used as a spreadsheet is:
 * the arrows move the current cell, Ctrl+Z (Cmd+Z) undoes the last fix or exclusion, and the current row's
 * errors and warnings show in full under the grid.
 */
export function ImportGrid({
  mapping,
  filter,
  version,
}: {
  mapping: ColumnMapping;
  filter: RowFilter;
  version: number;
}) {
  const applyValidation = useImportWizard((s) => s.applyValidation);
  const kindId = useImportWizard((s) => s.kind);
  const active = useImportWizard((s) => s.active);
  const { setActive, undo } = useImportWizard.getState();
  const [range, setRange] = useState<VisibleRange>({ start: 0, end: 40 });
  const [loaded, setLoaded] = useState<{ offset: number; window: RowWindow; filter: RowFilter } | null>(null);

  useEffect(() => {
    let current = true;
    const offset = Math.max(0, range.start - MARGIN);
    const limit = range.end - offset + MARGIN;
    importClient()
      .request({ type: 'rows', offset, limit, filter })
      .then((window) => {
        // a transition: React renders the new rows in slices, so the UI thread never blocks long
        if (current) startTransition(() => setLoaded({ offset, window, filter }));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [range.start, range.end, filter, version]);

  const fields = useMemo(
    () => importKind(kindId).fields.filter((f) => (mapping[f.key] ?? null) !== null),
    [kindId, mapping],
  );
  const total = loaded && loaded.filter === filter ? loaded.window.total : 0;

  const moveFrom = useCallback(
    (position: number, rows: number, field: FieldSpec, by: CellMove) => {
      const column = fields.indexOf(field) + by.columns;
      const next = fields[Math.min(Math.max(column, 0), fields.length - 1)]!;
      setActive({ position: Math.max(Math.min(position + by.rows, rows - 1), 0), field: next.key });
    },
    [fields, setActive],
  );

  const move = useCallback(
    (from: RowView, field: FieldSpec, by: CellMove) => moveFrom(from.position, total, field, by),
    [moveFrom, total],
  );

  const fix = useCallback(
    async (row: RowView, field: FieldSpec, text: string, then?: CellMove) => {
      const view = await importClient().request({
        type: 'fix',
        rowIndex: row.index,
        column: field.key,
        text,
      });
      applyValidation(view);
      if (!then) return;
      if (filter === 'all') {
        moveFrom(row.position, total, field, then);
        return;
      }
      // a row the fix took out of the list stands just above the row that took its place, so
      // "down" lands on that row (the next one with issues) rather than on the one after it
      const position = view.stillListed ? view.issuesAbove : view.issuesAbove - 1;
      moveFrom(position, view.issueRows, field, then);
    },
    [applyValidation, filter, moveFrom, total],
  );

  const exclude = useCallback(
    async (row: RowView, excluded: boolean) => {
      const view = await importClient().request({ type: 'exclude', rowIndices: [row.index], excluded });
      applyValidation(view);
    },
    [applyValidation],
  );

  const columns = useMemo((): VirtualColumn<RowView>[] => {
    return [
      {
        key: 'row',
        header: 'Row',
        width: '3.5rem',
        render: (row) => <span className="muted">{row.rowNumber}</span>,
      },
      ...fields.map((field): VirtualColumn<RowView> => ({
        key: field.key,
        header: field.label,
        width: field.key === 'notes' ? 'minmax(8rem, 1.4fr)' : 'minmax(7rem, 1fr)',
        render: (row) => (
          <EditableCell
            label={field.label}
            rowNumber={row.rowNumber}
            text={row.cells[field.key] ?? ''}
            readAs={row.readAs[field.key]}
            error={row.errors.find((e) => e.column === field.key)?.message}
            warning={row.warnings.find((w) => w.column === field.key)?.message}
            active={active?.position === row.position && active.field === field.key}
            onActivate={() => setActive({ position: row.position, field: field.key })}
            onMove={(by) => move(row, field, by)}
            onCommit={(text, then) => fix(row, field, text, then)}
          />
        ),
      })),
      {
        key: 'exclude',
        header: 'Exclude',
        width: '4.5rem',
        render: (row) => (
          <ExcludeCheckbox
            key={row.index}
            rowNumber={row.rowNumber}
            excluded={row.excluded}
            onChange={(excluded) => void exclude(row, excluded)}
          />
        ),
      },
    ];
  }, [fields, fix, exclude, active, move, setActive]);

  const window = loaded && loaded.filter === filter ? loaded : null;
  const getRow = useCallback(
    (index: number) => (window ? window.window.rows[index - window.offset] : undefined),
    [window],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // in a text box, Ctrl+Z undoes typing; on the grid (an exclusion's checkbox too) it undoes
    // the last fix or exclusion
    if (e.target instanceof HTMLInputElement && e.target.type !== 'checkbox') return;
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      void undo();
    }
  };
  const activeRow = active ? getRow(active.position) : undefined;

  return (
    <div className="import-grid" onKeyDown={onKeyDown}>
      <VirtualTable
        label="Rows to import"
        columns={columns}
        rowCount={window?.window.total ?? 0}
        rowHeight={ROW_HEIGHT}
        getRow={getRow}
        onVisibleRangeChange={setRange}
        rowClassName={(row) =>
          row.excluded
            ? 'vtable-row-excluded'
            : row.errors.length > 0
              ? 'vtable-row-error'
              : row.warnings.length > 0
                ? 'vtable-row-warning'
                : undefined
        }
        empty={filter === 'issues' ? 'No row has an error or a warning.' : 'No rows.'}
        scrollToIndex={active?.position ?? null}
      />
      <RowDetails row={activeRow} fields={importKind(kindId).fields} />
    </div>
  );
}

/**
 * The current row's errors and warnings in full, whatever the width of their cells: read as the
 * arrows move (a polite live region), without hovering.
 */
function RowDetails({ row, fields }: { row: RowView | undefined; fields: readonly FieldSpec[] }) {
  const labelOf = (key: string) => fields.find((f) => f.key === key)?.label ?? key;
  const issues = row
    ? [
        ...row.errors.map((e) => ({ ...e, tone: 'error' as const })),
        ...row.warnings.map((w) => ({ ...w, tone: 'warning' as const })),
      ]
    : [];
  return (
    <section className="row-details" aria-label="Current row" aria-live="polite">
      {!row ? (
        <p className="muted">
          Select a cell, or move with the arrow keys: its row's errors and warnings show here in full.
        </p>
      ) : (
        <>
          <h3 className="row-details-title">
            Row {row.rowNumber}
            {row.excluded ? ' (excluded)' : ''}
          </h3>
          {issues.length === 0 ? (
            <p className="muted">No error or warning.</p>
          ) : (
            <ul className="row-details-list">
              {issues.map((issue, i) => (
                <li key={i} className={issue.tone === 'error' ? 'row-detail-error' : 'row-detail-warning'}>
                  <strong>
                    {issue.tone === 'error' ? 'Error' : 'Warning'} in {labelOf(issue.column)}:
                  </strong>{' '}
                  {issue.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
