import { useLiveQuery } from 'dexie-react-hooks';
import { BatchStatus } from '../../../src/contract';
import { BATCH_STATUS } from '../../components/statusTones';
import { db } from '../../database/db';

const number = new Intl.NumberFormat();

/** How many batches stand in each status; each tile opens the batches list filtered on it. */
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
        {total !== undefined && (
          <a className="muted" href="#/batches">
            {number.format(total)} in total
          </a>
        )}
      </header>
      {counts === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <dl className="stats">
          {counts.map(([status, n]) => (
            <div key={status} className={`stat stat-${BATCH_STATUS[status].tone} stat-link`}>
              <dt>
                {/* the link's box covers the tile (components.css .stat-link), so the whole tile is the target */}
                <a
                  href={`#/batches?status=${status}`}
                  aria-label={`${BATCH_STATUS[status].label} batches: ${number.format(n)}`}
                >
                  {BATCH_STATUS[status].label}
                </a>
              </dt>
              <dd>{number.format(n)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
