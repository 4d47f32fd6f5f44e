import { useLiveQuery } from 'dexie-react-hooks';
import { BatchStatus } from '../../../src/contract';
import { db } from '../../database/db';

const LABEL: Record<BatchStatus, string> = {
  processing: 'Processing',
  completed: 'Completed',
  partial: 'Partly failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const number = new Intl.NumberFormat();

/** How many batches stand in each status. */
export function BatchCounts() {
  const counts = useLiveQuery(
    () =>
      Promise.all(
        BatchStatus.options.map(
          async (status) => [status, await db.batches.where('status').equals(status).count()] as const,
        ),
      ),
    [],
  );
  const total = counts?.reduce((sum, [, n]) => sum + n, 0);
  return (
    <section className="card" aria-labelledby="batch-counts-title">
      <header className="card-header">
        <h2 id="batch-counts-title">Batches</h2>
        {total !== undefined && <span className="muted">{number.format(total)} in total</span>}
      </header>
      {counts === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <dl className="stats">
          {counts.map(([status, n]) => (
            <div key={status} className={`stat stat-${status}`}>
              <dt>{LABEL[status]}</dt>
              <dd>{number.format(n)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
