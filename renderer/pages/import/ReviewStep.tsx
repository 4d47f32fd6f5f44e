import { navigate } from '../../app/navigation';
import { downloadXlsx, safeFileName } from '../batches/download';
import { PeopleSubmit } from '../attendees/PeopleSubmit';
import { useCoordinatorSettings } from '../settings/useCoordinatorSettings';
import { CoordinatorNotice } from './CoordinatorNotice';
import { ImportGrid } from './ImportGrid';
import { ImportSummaryCard } from './ImportSummaryCard';
import { importClient, useImportWizard } from './importWizardStore';

const number = new Intl.NumberFormat('en-US');

/** Step 3: the rows with their messages, fixes and exclusions, the summary, and the submission. */
export function ReviewStep() {
  const validation = useImportWizard((s) => s.validation);
  const mapping = useImportWizard((s) => s.mapping);
  const filter = useImportWizard((s) => s.filter);
  const label = useImportWizard((s) => s.label);
  const failure = useImportWizard((s) => s.failure);
  const busy = useImportWizard((s) => s.busy);
  const fileName = useImportWizard((s) => s.opened?.workbook.fileName);
  const isRoster = useImportWizard((s) => s.kind === 'mentor_roster');
  const undoMessage = useImportWizard((s) => s.undoMessage);
  const isPeople = useImportWizard((s) => s.kind === 'attendees');
  const { setFilter, setLabel, backToColumns, applyValidation, submit, submitRoster, undo } =
    useImportWizard.getState();
  const settings = useCoordinatorSettings();
  if (!validation) return null;
  const { summary } = validation;
  const coordinatorId = settings?.coordinator_id ?? null;

  // the rows with errors go out in the import layout, to be fixed in the spreadsheet and imported again
  const exportErrors = async () => {
    const bytes = await importClient().request({ type: 'exportErrors' });
    downloadXlsx(bytes, safeFileName(label || fileName || 'import', 'rows-with-errors'));
  };

  const onSubmit = async () => {
    if (isRoster) {
      // a roster is stored as mentors with their expiry dates, checked by the next reminder run
      if (await submitRoster()) navigate('/mentors');
      return;
    }
    if (!coordinatorId) return;
    const ids = await submit(coordinatorId);
    if (ids && ids.length === 1) navigate(`/batches/${ids[0]}`);
    else if (ids) navigate('/batches');
  };

  return (
    <>
      <ImportSummaryCard summary={summary} />
      <section className="card" aria-labelledby="rows-title">
        <header className="card-header">
          <h2 id="rows-title">Rows of {fileName}</h2>
          <div className="form-actions">
            <div className="segmented" role="group" aria-label="Show rows">
              {(['all', 'issues'] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  className="segmented-button"
                  aria-pressed={filter === value}
                  onClick={() => setFilter(value)}
                >
                  {value === 'all'
                    ? `All rows (${number.format(summary.totalRows)})`
                    : `With issues (${number.format(validation.issueRows)})`}
                </button>
              ))}
            </div>
            {summary.withErrors > 0 && (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => void importClient().request({ type: 'excludeErrors' }).then(applyValidation)}
              >
                Exclude rows with errors
              </button>
            )}
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={validation.rowsWithErrors === 0}
              aria-describedby="rows-actions-reason"
              onClick={() => void exportErrors()}
            >
              Export rows with errors (.xlsx)
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={validation.changesToUndo === 0}
              aria-describedby="rows-actions-reason"
              aria-keyshortcuts="Control+Z Meta+Z"
              onClick={() => void undo()}
            >
              Undo last change
            </button>
          </div>
        </header>
        <p className="muted grid-help">
          Select a cell to fix it, as in a spreadsheet: the arrow keys move, Enter (or typing) edits, Enter
          saves and moves down, Escape cancels, Ctrl+Z (Cmd+Z on a Mac) undoes the last fix or exclusion. The
          row is checked again at once. Excluded rows are not submitted.
        </p>
        {(validation.rowsWithErrors === 0 || validation.changesToUndo === 0) && (
          <p id="rows-actions-reason" className="muted small">
            {[
              validation.rowsWithErrors === 0 ? 'No row has an error, so there are none to export.' : null,
              validation.changesToUndo === 0 ? 'No change to undo yet.' : null,
            ]
              .filter(Boolean)
              .join(' ')}
          </p>
        )}
        {undoMessage && (
          <p className="muted small" role="status">
            {undoMessage}
          </p>
        )}
        <ImportGrid mapping={mapping} filter={filter} version={validation.version} />
      </section>
      <section className="card" aria-labelledby="submit-title">
        <header className="card-header">
          <h2 id="submit-title">Submit</h2>
          <button type="button" className="button button-quiet button-small" onClick={backToColumns}>
            Back to the columns
          </button>
        </header>
        {isPeople ? (
          <PeopleSubmit summary={summary} />
        ) : (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void onSubmit();
            }}
          >
            {!isRoster && (
              <>
                <CoordinatorNotice />
                <div className="field">
                  <label htmlFor="batch-label">Batch label</label>
                  <input
                    id="batch-label"
                    className="input"
                    value={label}
                    maxLength={200}
                    onChange={(e) => setLabel(e.target.value)}
                  />
                  <span className="field-hint">Shown in the batches list; you can change it later.</span>
                </div>
              </>
            )}
            {failure && (
              <div className="alert alert-danger" role="alert">
                <p>{failure.message}</p>
              </div>
            )}
            <div className="form-actions">
              <button
                type="submit"
                className="button"
                disabled={!summary.canSubmit || (!isRoster && !coordinatorId) || busy !== null}
              >
                {isRoster
                  ? `Import ${number.format(summary.toSubmit)} mentors`
                  : `Submit ${number.format(summary.toSubmit)} registrations`}
              </button>
              {!summary.canSubmit && summary.withErrors > 0 && (
                <span className="field-error">Fix or exclude the rows with errors first.</span>
              )}
            </div>
          </form>
        )}
      </section>
    </>
  );
}
