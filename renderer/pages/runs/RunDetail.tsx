import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import {
  deleteRun,
  ExpiryRunNotFoundError,
  getRunDetail,
  resolveRun,
  type ExpiryRunDetailView,
} from '../../../src/expiry';
import { hrefFor, navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { ConfirmDialog, type ConfirmDialogProps } from '../batches/ConfirmDialog';
import { stateBadgeClass, stateLabel } from '../expiry/thresholdLabels';
import { RUN_STATUS_LABEL, runStatusBadgeClass, triggeredByLabel } from './runLabels';
import { formatCalendarDate, formatMoment } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';

type Asking = Omit<ConfirmDialogProps, 'onCancel'>;

const number = new Intl.NumberFormat();
/** dispatched notifications shown per page: a run over a large roster can dispatch thousands */
const NOTIFICATIONS_PER_PAGE = 50;

async function runOrNull(runId: string): Promise<ExpiryRunDetailView | null> {
  try {
    return await getRunDetail(db, runId);
  } catch (error) {
    if (error instanceof ExpiryRunNotFoundError) return null;
    throw error;
  }
}

/** One run: every field of the contract's run detail, what it dispatched, resolve and delete. */
export function RunDetail({ runId }: { runId: string }) {
  const run = useLiveQuery(() => runOrNull(runId), [runId]);
  const order = useDateOrder();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [message, setMessage] = useState<{ tone: 'danger' | 'ok'; text: string } | null>(null);

  if (run === undefined) return <p className="muted">Loading…</p>;
  if (run === null) {
    return (
      <section className="card">
        <p className="empty">This run is not on this computer: it may have been deleted.</p>
        <a href={hrefFor('runs')}>Back to the runs</a>
      </section>
    );
  }

  const act = async (action: () => Promise<string>) => {
    setAsking(null);
    try {
      setMessage({ tone: 'ok', text: await action() });
    } catch (error) {
      setMessage({ tone: 'danger', text: error instanceof Error ? error.message : String(error) });
    }
  };

  const fields: [string, string][] = [
    ['Run id', run.run_id],
    ['Triggered by', `${triggeredByLabel(run.triggered_by)} (${run.triggered_by})`],
    ['Started', formatMoment(run.started_at, order)],
    ['Completed', run.completed_at ? formatMoment(run.completed_at, order) : 'not yet'],
    ['Evaluated for', run.evaluated_on],
    ['Expirations evaluated', number.format(run.expirations_evaluated)],
    ['Notifications dispatched', number.format(run.notifications_dispatched)],
    [
      'Thresholds hit',
      run.thresholds_hit.length > 0 ? run.thresholds_hit.map(stateLabel).join(', ') : 'none',
    ],
  ];

  return (
    <>
      <a className="back-link" href={hrefFor('runs')}>
        ← All runs
      </a>
      <section className="card" aria-labelledby="run-title">
        <header className="card-header">
          <h2 id="run-title">Run of {formatMoment(run.started_at, order)}</h2>
          <span className={runStatusBadgeClass(run.status)} role="status" aria-label="Run status">
            {RUN_STATUS_LABEL[run.status]}
          </span>
        </header>
        <dl className="run-fields" aria-label="Run details">
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {run.error && <p className="alert alert-danger batch-note">Error: {run.error}</p>}
        {run.status === 'failed' && (
          <p className="muted batch-note">
            When this run reaches the server, it is recorded there as completed over the{' '}
            {number.format(run.expirations_evaluated)} expiry dates it got through, with the reminders it
            sent, so they are never sent again: the server has no way to record a run that failed on this
            computer. Resolving it sends your notes there too.
          </p>
        )}
        {run.resolution_notes && (
          <p className="alert alert-info batch-note">Resolution notes: {run.resolution_notes}</p>
        )}
      </section>
      <section className="card" aria-labelledby="run-actions-title">
        <header className="card-header">
          <h2 id="run-actions-title">Actions</h2>
        </header>
        <div className="action-bar">
          {run.status !== 'resolved' && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setMessage(null);
                setAsking({
                  title: 'Resolve this run?',
                  body: 'Say what was done about it; the notes stay with the run and go to the server.',
                  confirmLabel: 'Resolve',
                  input: { label: 'Resolution notes', maxLength: 2000, required: true },
                  onConfirm: (notes) =>
                    void act(async () => {
                      await resolveRun(db, run.run_id, notes, Date.now());
                      return 'The run is resolved.';
                    }),
                });
              }}
            >
              Resolve…
            </button>
          )}
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setMessage(null);
              setAsking({
                title: 'Delete this run record?',
                body: 'The run is removed from this computer and the server. Reminders it sent are never sent again.',
                confirmLabel: 'Delete the run',
                danger: true,
                onConfirm: () =>
                  void act(async () => {
                    await deleteRun(db, run.run_id, Date.now());
                    navigate('/runs');
                    return 'The run was deleted.';
                  }),
              });
            }}
          >
            Delete…
          </button>
        </div>
        {message && (
          <p className={`alert alert-${message.tone}`} role={message.tone === 'danger' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        {asking && <ConfirmDialog {...asking} onCancel={() => setAsking(null)} />}
      </section>
      <DispatchedNotifications run={run} />
    </>
  );
}

function DispatchedNotifications({ run }: { run: ExpiryRunDetailView }) {
  const [page, setPage] = useState(1);
  const order = useDateOrder();
  const all = run.dispatched_notifications;
  const pages = Math.max(1, Math.ceil(all.length / NOTIFICATIONS_PER_PAGE));
  const shown = all.slice((page - 1) * NOTIFICATIONS_PER_PAGE, page * NOTIFICATIONS_PER_PAGE);
  return (
    <section className="card" aria-labelledby="dispatched-title">
      <header className="card-header">
        <h2 id="dispatched-title">Dispatched notifications ({number.format(all.length)})</h2>
        {all.length > 0 && (
          <a
            className="button button-quiet button-small"
            href={`#/mentors?attention=${encodeURIComponent(run.run_id)}`}
          >
            Show these mentors
          </a>
        )}
      </header>
      {all.length === 0 ? (
        <p className="empty">This run dispatched nothing new: every reminder due had already been sent.</p>
      ) : (
        <>
          <table className="data-table" aria-label="Dispatched notifications">
            <thead>
              <tr>
                <th scope="col">Mentor</th>
                <th scope="col">Coordinator</th>
                <th scope="col">Threshold</th>
                <th scope="col">Expiry date</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((n) => (
                <tr key={`${n.mentor_id}|${n.expiry_date ?? ''}|${n.threshold}`}>
                  <td>{n.mentor_id}</td>
                  <td>{n.coordinator_id}</td>
                  <td>
                    <span className={stateBadgeClass(n.threshold)}>{stateLabel(n.threshold)}</span>
                  </td>
                  <td>{n.expiry_date ? formatCalendarDate(n.expiry_date, order) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav className="pagination" aria-label="Notification pages">
              <button
                type="button"
                className="button button-quiet button-small"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
              >
                Previous
              </button>
              <span className="muted">
                Page {page} of {pages} · {number.format(all.length)} notifications
              </span>
              <button
                type="button"
                className="button button-quiet button-small"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
