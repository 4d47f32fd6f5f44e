import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { hrefFor } from '../../app/navigation';
import { db } from '../../database/db';
import { describeError } from '../../../src/errors/describeError';
import {
  eventsOfImport,
  exportFailedPeople,
  getImport,
  retryFailedTasks,
  type ImportEvent,
  type ImportTask,
  type TaskFix,
} from '../../../src/attendees/imports';
import { currentOutcome, outcomeLabel } from '../../../src/attendees/results';
import { markImportChangesSeen } from '../../../src/attendees/seenChanges';
import { MarkAsSeenButton } from '../../components/MarkAsSeen';
import { downloadXlsx, safeFileName } from '../batches/download';
import { JOB_STATUS_LABEL, jobBadgeClass } from './attendeeLabels';

const number = new Intl.NumberFormat('en-US');
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Filter = 'all' | 'failed';

/**
 * One people import: its seed 001 status and counts, each person's outcome (the server's once it
 * answered, with what changed from the local one), the failed ones to fix and retry, and their
 * export in the import layout.
 */
export function AttendeeImportDetail({ id }: { id: string }) {
  const loaded = useLiveQuery(async () => {
    const found = await getImport(db, id);
    return found && { view: found, events: await eventsOfImport(db, found) };
  }, [id]);
  const [filter, setFilter] = useState<Filter>('all');
  const [fixes, setFixes] = useState<Record<string, TaskFix>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'danger' | 'success'; text: string } | null>(null);

  if (loaded === undefined) return <p className="muted">Loading…</p>;
  if (loaded === null) {
    return (
      <section className="card">
        <p className="empty">This import is not on this computer.</p>
        <a href={hrefFor('attendees')}>Back to the people imports</a>
      </section>
    );
  }
  const { view, events } = loaded;
  const failedTasks = view.tasks.filter((t) => currentOutcome(t).status === 'failed');
  const retryable = view.tasks.filter((t) => t.server?.status === 'failed');
  const shown = filter === 'failed' ? failedTasks : view.tasks;
  const stats: [string, number, string][] = [
    ['People', view.counts.total, 'neutral'],
    ['Registered', view.counts.registered, 'completed'],
    ['Failed', view.counts.failed, 'failed'],
    ['Waiting for the server', view.counts.waiting, 'processing'],
    ['Changed by the server', view.counts.changed, 'neutral'],
  ];

  const onRetry = async () => {
    setMessage(null);
    try {
      const result = await retryFailedTasks(db, view.importId, fixes);
      setFixes({});
      setEditing(null);
      setMessage({
        tone: 'success',
        text: `${number.format(result.registered + result.failed)} failed people are sent again (${number.format(result.registered)} registered here for now).`,
      });
    } catch (error) {
      setMessage({ tone: 'danger', text: describeError(error) });
    }
  };

  return (
    <>
      <a className="back-link" href={hrefFor('attendees')}>
        ← All people imports
      </a>
      <section className="card" aria-labelledby="people-import-title">
        <header className="card-header">
          <div>
            <h2 id="people-import-title">{view.label}</h2>
            <p className="muted small">
              Imported {time.format(new Date(view.createdAt))} · {number.format(view.jobs.length)}{' '}
              {view.jobs.length === 1 ? 'job' : 'jobs'} of at most 50 people
            </p>
          </div>
          <span className={jobBadgeClass(view.status)} role="status" aria-label="Import status">
            {JOB_STATUS_LABEL[view.status]}
          </span>
        </header>
        <dl className="stats" aria-label="People counts">
          {stats.map(([label, value, tone]) => (
            <div key={label} className={`stat stat-${tone}`}>
              <dt>{label}</dt>
              <dd>{number.format(value)}</dd>
            </div>
          ))}
        </dl>
        <ImportEvents events={events} />
        {view.counts.changed > 0 && (
          <p className="alert alert-warning">
            The server decided differently for {number.format(view.counts.changed)}{' '}
            {view.counts.changed === 1 ? 'person' : 'people'} than this computer did: its outcome is the one
            shown now. <MarkAsSeenButton small onSeen={() => markImportChangesSeen(db, view.importId)} />
          </p>
        )}
        {view.counts.waiting > 0 && (
          <p className="muted">
            The outcomes shown are this computer’s until the server answers; they are replaced by the server’s
            as each job ends.
          </p>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={retryable.length === 0}
            onClick={() => void onRetry()}
          >
            {`Retry ${number.format(retryable.length)} failed`}
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={failedTasks.length === 0}
            onClick={() =>
              downloadXlsx(exportFailedPeople(view.tasks, events), safeFileName(view.label, 'failed-people'))
            }
          >
            Export failed rows
          </button>
        </div>
        {message && (
          <div
            className={`alert alert-${message.tone}`}
            role={message.tone === 'danger' ? 'alert' : 'status'}
          >
            <p>{message.text}</p>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="people-tasks-title">
        <header className="card-header">
          <h2 id="people-tasks-title">People</h2>
          <div className="segmented" role="group" aria-label="Show people">
            {(['all', 'failed'] as const).map((value) => (
              <button
                key={value}
                type="button"
                className="segmented-button"
                aria-pressed={filter === value}
                onClick={() => setFilter(value)}
              >
                {value === 'all'
                  ? `All (${number.format(view.tasks.length)})`
                  : `Failed (${number.format(failedTasks.length)})`}
              </button>
            ))}
          </div>
        </header>
        <table className="data-table" aria-label="People and outcomes">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Outcome</th>
              <th scope="col">Error code</th>
              <th scope="col">Message</th>
              <th scope="col">Changed by the server</th>
              <th scope="col">
                <span className="visually-hidden">Fix</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((task) => (
              <TaskRow
                key={task.person.registration_id}
                task={task}
                fix={fixes[task.person.registration_id]}
                editing={editing === task.person.registration_id}
                onEdit={() =>
                  setEditing(editing === task.person.registration_id ? null : task.person.registration_id)
                }
                onFix={(fix) => setFixes({ ...fixes, [task.person.registration_id]: fix })}
              />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Every event the import registered people on: a file naming several sittings spans several. */
function ImportEvents({ events }: { events: readonly ImportEvent[] }) {
  return (
    <div className="field">
      <p id="people-import-events">
        {events.length === 1 ? 'On 1 event:' : `On ${number.format(events.length)} events:`}
      </p>
      <ul aria-labelledby="people-import-events">
        {events.map((e) => (
          <li key={e.eventId}>
            {`${e.venueName}, ${e.wallClock ? e.wallClock.replace('T', ' ') : 'not on this computer'} · `}
            {`${number.format(e.counts.total)} ${e.counts.total === 1 ? 'person' : 'people'} · ${number.format(e.counts.registered)} registered · ${number.format(e.counts.failed)} failed`}
            {e.provisional ? ' · provisional event' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function TaskRow(props: {
  task: ImportTask;
  fix: TaskFix | undefined;
  editing: boolean;
  onEdit: () => void;
  onFix: (fix: TaskFix) => void;
}) {
  const { task, fix } = props;
  const outcome = currentOutcome(task);
  const error = outcome.errors[0];
  const name =
    `${fix?.first_name ?? task.person.first_name ?? ''} ${fix?.last_name ?? task.person.last_name ?? ''}`.trim();
  const canFix = task.server?.status === 'failed';
  const id = task.person.registration_id;
  return (
    <>
      <tr data-outcome={outcome.status}>
        <td>{task.row_number ?? '–'}</td>
        <td>{name}</td>
        <td>{fix?.email ?? task.person.email}</td>
        <td>
          <span className={outcome.status === 'succeeded' ? 'badge badge-done' : 'badge badge-failed'}>
            {outcome.status === 'succeeded' ? 'Registered' : 'Failed'}
          </span>
          {!task.server && <span className="muted small"> (here; the server has not answered)</span>}
        </td>
        <td>{error?.code ?? ''}</td>
        <td>{error?.message ?? ''}</td>
        <td>
          {task.outcome_changed
            ? `${task.outcome_changed.from} → ${task.outcome_changed.to}`
            : task.server
              ? ''
              : `here: ${outcomeLabel(task.local)}`}
        </td>
        <td>
          {canFix && (
            <button
              type="button"
              className="button button-quiet button-small"
              aria-expanded={props.editing}
              onClick={props.onEdit}
            >
              {fix ? 'Fixed: edit' : 'Fix…'}
            </button>
          )}
        </td>
      </tr>
      {props.editing && (
        <tr>
          <td colSpan={8}>
            <div className="form-row">
              {(
                [
                  ['first_name', 'First name'],
                  ['last_name', 'Last name'],
                  ['email', 'Email'],
                  ['assessment', 'Assessment code'],
                ] as const
              ).map(([key, label]) => (
                <div className="field" key={key}>
                  <label htmlFor={`fix-${key}-${id}`}>{label}</label>
                  <input
                    id={`fix-${key}-${id}`}
                    className="input"
                    defaultValue={fix?.[key] ?? task.person[key] ?? ''}
                    onChange={(e) => props.onFix({ ...fix, [key]: e.target.value })}
                  />
                </div>
              ))}
            </div>
            <p className="field-hint">The fix is sent with “Retry failed”.</p>
          </td>
        </tr>
      )}
    </>
  );
}
