import { useLiveQuery } from 'dexie-react-hooks';
import { hrefFor } from '../../app/navigation';
import { db } from '../../database/db';
import { BatchActions } from './BatchActions';
import { BatchItemsTable } from './BatchItemsTable';
import { BATCH_STATUS_LABEL, statusBadgeClass } from './statusLabels';
import { formatMoment } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';
import { PrintResultsButton, PrintableResults } from './PrintableResults';

const number = new Intl.NumberFormat();

/** One batch: its counts and status (live while it is processed), actions, exports and items. */
export function BatchDetail({ id }: { id: string }) {
  const batch = useLiveQuery(() => db.batches.get(id).then((b) => b ?? null), [id]);
  const order = useDateOrder();

  if (batch === undefined) return <p className="muted">Loading…</p>;
  if (batch === null) {
    return (
      <section className="card">
        <p className="empty">This batch is not on this computer: it may have been deleted.</p>
        <a href={hrefFor('batches')}>Back to the batches</a>
      </section>
    );
  }
  const pending = batch.total_items - batch.completed - batch.failed - batch.cancelled_items;
  const done = batch.total_items - pending;
  const stats: [string, number, string][] = [
    ['Items', batch.total_items, 'neutral'],
    ['Succeeded', batch.completed, 'completed'],
    ['Failed', batch.failed, 'failed'],
    ['Cancelled', batch.cancelled_items, 'neutral'],
    ['Pending', pending, 'processing'],
  ];

  return (
    <>
      <a className="back-link" href={hrefFor('batches')}>
        ← All batches
      </a>
      <section className="card" aria-labelledby="batch-title">
        <header className="card-header">
          <div>
            <h2 id="batch-title">{batch.label || '(no label)'}</h2>
            <p className="muted small">
              Submitted {formatMoment(batch.submitted_at, order)} by {batch.coordinator_id}
              {batch.source_name ? ` from ${batch.source_name}` : ''}
              {batch.batch_id ? ` · server id ${batch.batch_id}` : ''}
            </p>
          </div>
          <div className="card-header-actions">
            <PrintResultsButton />
            <span className={statusBadgeClass(batch.status)} role="status" aria-label="Batch status">
              {BATCH_STATUS_LABEL[batch.status]}
            </span>
          </div>
        </header>
        <dl className="stats" aria-label="Item counts">
          {stats.map(([label, value, tone]) => (
            <div key={label} className={`stat stat-${tone}`}>
              <dt>{label}</dt>
              <dd>{number.format(value)}</dd>
            </div>
          ))}
        </dl>
        {pending > 0 && (
          <div className="batch-progress">
            <progress
              className="job-progress"
              aria-label="Processing progress"
              max={Math.max(batch.total_items, 1)}
              value={done}
            />
            <span className="muted small">
              {number.format(done)} of {number.format(batch.total_items)} processed
            </span>
          </div>
        )}
        {batch.cancellation_reason && (
          <p className="alert alert-warning batch-note">Cancelled: {batch.cancellation_reason}</p>
        )}
        {batch.changed_outcomes > 0 && (
          <p className="alert alert-info batch-note">
            The server changed the outcome of {number.format(batch.changed_outcomes)} items.
          </p>
        )}
      </section>
      <BatchActions batch={batch} pending={pending} />
      <BatchItemsTable batchId={batch.id} failed={batch.failed} />
      <PrintableResults batch={batch} />
    </>
  );
}
