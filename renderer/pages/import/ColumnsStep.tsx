import { importKind, type DateOrder, type FieldSpec } from '../../../src/import';
import { useCoordinatorSettings } from '../settings/useCoordinatorSettings';
import { useImportWizard } from './importWizardStore';
import { SheetPicker } from './SheetPicker';

const number = new Intl.NumberFormat('en-US');
const SAMPLES = 3;

/**
 * Step 2: which sheet, which row holds the headers, which column fills which field. Always shown
 * for confirmation, even when every column matched or a remembered mapping applied.
 */
export function ColumnsStep() {
  const opened = useImportWizard((s) => s.opened);
  const mapping = useImportWizard((s) => s.mapping);
  const dateOrder = useImportWizard((s) => s.dateOrder);
  const failure = useImportWizard((s) => s.failure);
  const busy = useImportWizard((s) => s.busy);
  const kind = importKind(useImportWizard((s) => s.kind));
  const ownCoordinatorId = useCoordinatorSettings()?.coordinator_id ?? null;
  const { choose, assignColumn, setDateOrder, confirmColumns, reset } = useImportWizard.getState();
  if (!opened) return null;
  const { workbook, prepared } = opened;
  const fieldOfColumn = new Map<number, string>();
  for (const [field, column] of Object.entries(mapping))
    if (column !== null) fieldOfColumn.set(column, field);
  // a field with a fallback (a roster's coordinator id: yours) needs no column when the fallback is set
  const fallbackOf = (f: FieldSpec) =>
    f.fallbackSetting === 'defaultCoordinatorId' ? ownCoordinatorId : null;
  const unmapped = kind.fields.filter((f) => f.required && (mapping[f.key] ?? null) === null);
  const missing = unmapped.filter((f) => fallbackOf(f) === null);
  const filledIn = unmapped.filter((f) => fallbackOf(f) !== null);
  const samples = prepared.topRows.slice(prepared.headerRow + 1, prepared.headerRow + 1 + SAMPLES);

  return (
    <section className="card" aria-labelledby="columns-step-title">
      <header className="card-header">
        <h2 id="columns-step-title">Confirm the columns of {workbook.fileName}</h2>
        <button type="button" className="button button-quiet button-small" onClick={reset}>
          Choose another file
        </button>
      </header>
      <div className="form">
        <p className="muted">
          {number.format(prepared.rowCount)} data rows
          {workbook.text
            ? ` · text read as ${workbook.text.encoding}, separated by "${delimiterName(workbook.text.delimiter)}"`
            : ''}
        </p>
        {workbook.sheets.length > 1 && (
          <SheetPicker
            sheets={workbook.sheets}
            selected={prepared.sheetIndex}
            disabled={busy !== null}
            onChoose={(index) => void choose(index)}
          />
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor="import-header-row">Header row</label>
            <select
              id="import-header-row"
              className="select"
              value={prepared.headerRow}
              disabled={busy !== null}
              onChange={(e) => void choose(prepared.sheetIndex, Number(e.target.value))}
            >
              {prepared.topRows.map((row, i) => (
                <option key={i} value={i}>
                  Row {prepared.topRowNumbers[i] ?? i + 1}:{' '}
                  {row.filter(Boolean).join(' · ').slice(0, 80) || '(empty)'}
                </option>
              ))}
            </select>
            <span className="field-hint">Rows above the header (titles, notes) are left out.</span>
          </div>
        </div>
        {prepared.remembered && (
          <p className="alert alert-info">
            The columns are matched as you confirmed them for an earlier file with the same headers.
          </p>
        )}
        <table className="mapping-table">
          <caption className="visually-hidden">Column mapping</caption>
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">First values</th>
              <th scope="col">Imported as</th>
            </tr>
          </thead>
          <tbody>
            {prepared.proposal.columns.map((column) => {
              const field = fieldOfColumn.get(column.column) ?? '';
              const id = `map-${column.column}`;
              const doubtful = field !== '' && column.field === field && column.confidence < 0.8;
              return (
                <tr key={column.column}>
                  <th scope="row">
                    <label htmlFor={id}>{column.header || `(column ${column.column + 1}, no header)`}</label>
                  </th>
                  <td className="muted mapping-samples">
                    {samples
                      .map((row) => row[column.column] ?? '')
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td>
                    <select
                      id={id}
                      className="select"
                      value={field}
                      onChange={(e) => assignColumn(column.column, e.target.value || null)}
                    >
                      <option value="">Ignore this column</option>
                      {kind.fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                          {f.required ? '' : ' (optional)'}
                        </option>
                      ))}
                    </select>
                    {doubtful && <span className="field-hint"> Not sure: check this one</span>}
                    {!field && column.note && <span className="field-hint mapping-note">{column.note}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {missing.length > 0 && (
          <p className="alert alert-warning" role="note">
            Choose a column for {missing.map((f) => `"${f.label}"`).join(', ')}: every {kind.rowNoun} needs{' '}
            {missing.length === 1 ? 'it' : 'them'}.
          </p>
        )}
        {filledIn.map((f) => (
          <p key={f.key} className="alert alert-info" role="note">
            No column for &ldquo;{f.label}&rdquo;: every {kind.rowNoun} gets yours, {fallbackOf(f)}.
          </p>
        ))}
        <fieldset className="field">
          <legend>Dates written as text</legend>
          {(['DMY', 'MDY'] as DateOrder[]).map((order) => (
            <label key={order} className="choice">
              <input
                type="radio"
                name="import-date-order"
                checked={dateOrder === order}
                onChange={() => setDateOrder(order)}
              />
              {order === 'DMY' ? 'Day first (03/04/2026 is 3 April)' : 'Month first (03/04/2026 is 4 March)'}
            </label>
          ))}
          {prepared.proposal.dateOrderHint && (
            <span className="field-hint">Preset from the date column&rsquo;s header.</span>
          )}
        </fieldset>
        {failure && (
          <div className="alert alert-danger" role="alert">
            <p>{failure.message}</p>
          </div>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={busy !== null || missing.length > 0}
            onClick={() => void confirmColumns(ownCoordinatorId ?? undefined)}
          >
            Confirm columns and check the rows
          </button>
        </div>
      </div>
    </section>
  );
}

function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}
