import { useLiveQuery } from 'dexie-react-hooks';
import { hrefFor } from '../../app/navigation';
import { db } from '../../database/db';
import { listImports } from '../../../src/attendees/imports';
import { useHashDetail } from '../batches/useHashDetail';
import { AttendeeImportDetail } from './AttendeeImportDetail';
import { JOB_STATUS_LABEL, jobBadgeClass } from './attendeeLabels';
import '../settings/forms.css';
import '../batches/batches.css';

const number = new Intl.NumberFormat('en-US');
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `#/attendees`: the people imports; `#/attendees/<import id>`: one import's jobs and tasks. */
export function AttendeesPage() {
  const id = useHashDetail();
  return (
    <div className="page batches">{id ? <AttendeeImportDetail key={id} id={id} /> : <ImportList />}</div>
  );
}

function ImportList() {
  const imports = useLiveQuery(() => listImports(db), []);
  return (
    <section className="card" aria-labelledby="people-imports-title">
      <header className="card-header">
        <h2 id="people-imports-title">People imports</h2>
        <a className="button button-small" href={hrefFor('import')}>
          Import people
        </a>
      </header>
      {imports === undefined ? (
        <p className="muted">Loading…</p>
      ) : imports.length === 0 ? (
        <p className="empty">
          No people were imported on this computer yet. Choose “People for an event” in the import wizard.
        </p>
      ) : (
        <table className="data-table" aria-label="People imports">
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Status</th>
              <th scope="col">People</th>
              <th scope="col">Registered</th>
              <th scope="col">Failed</th>
              <th scope="col">Imported</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((view) => (
              <tr key={view.importId}>
                <td>
                  <a href={`#/attendees/${encodeURIComponent(view.importId)}`}>{view.label}</a>
                </td>
                <td>
                  <span className={jobBadgeClass(view.status)}>{JOB_STATUS_LABEL[view.status]}</span>
                </td>
                <td>{number.format(view.counts.total)}</td>
                <td>{number.format(view.counts.registered)}</td>
                <td>{number.format(view.counts.failed)}</td>
                <td>{time.format(new Date(view.createdAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
