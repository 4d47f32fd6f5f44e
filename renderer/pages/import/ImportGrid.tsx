import { startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import { importKind, type ColumnMapping } from '../../../src/import';
import { VirtualTable, type VirtualColumn, type VisibleRange } from '../../components/VirtualTable';
import type { RowFilter, RowView, RowWindow } from '../../workers/importProtocol';
import { EditableCell } from './EditableCell';
import { ExcludeCheckbox } from './ExcludeCheckbox';
import { importClient, useImportWizard } from './importWizardStore';

const ROW_HEIGHT = 52;
/** rows loaded beyond the visible ones, so a short scroll needs no new request */
const MARGIN = 30;

/**
 * The preview grid: a window of the worker's rows, each invalid cell with its message, editable
 * in place (the worker validates again), each row excludable.
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

  const fix = useCallback(
    async (row: RowView, column: string, text: string) => {
      const view = await importClient().request({ type: 'fix', rowIndex: row.index, column, text });
      applyValidation(view);
    },
    [applyValidation],
  );

  const exclude = useCallback(
    async (row: RowView, excluded: boolean) => {
      const view = await importClient().request({ type: 'exclude', rowIndices: [row.index], excluded });
      applyValidation(view);
    },
    [applyValidation],
  );

  const columns = useMemo((): VirtualColumn<RowView>[] => {
    const fields = importKind(kindId).fields.filter((f) => (mapping[f.key] ?? null) !== null);
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
            error={row.errors.find((e) => e.column === field.key)?.message}
            warning={row.warnings.find((w) => w.column === field.key)?.message}
            onCommit={(text) => fix(row, field.key, text)}
          />
        ),
      })),
      {
        key: 'exclude',
        header: 'Exclude',
        width: '4.5rem',
        render: (row) => (
          <ExcludeCheckbox
            key={`${row.index}:${row.excluded}`}
            rowNumber={row.rowNumber}
            excluded={row.excluded}
            onChange={(excluded) => void exclude(row, excluded)}
          />
        ),
      },
    ];
  }, [kindId, mapping, fix, exclude]);

  const window = loaded && loaded.filter === filter ? loaded : null;
  const getRow = useCallback(
    (index: number) => (window ? window.window.rows[index - window.offset] : undefined),
    [window],
  );

  return (
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
    />
  );
}
