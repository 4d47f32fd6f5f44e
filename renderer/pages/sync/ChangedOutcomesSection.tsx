import { acknowledgeChangedOutcomes } from '../../../src/sync/rejections';
import { requestSync } from '../../../src/sync/syncer';
import { db } from '../../database/db';
import { ITEM_STATUS_LABEL } from '../batches/statusLabels';
import type { ChangedOutcome } from './syncRecords';

/**
 * Items whose server outcome differs from the one this computer decided provisionally, most
 * often a duplicate another coordinator registered first.
 */
export function ChangedOutcomesSection({ changed }: { changed: ChangedOutcome[] | undefined }) {
  if (changed === undefined || changed.length === 0) return null;
  const batchIds = [...new Set(changed.map(({ batch }) => batch.id))];
  return (
    <section className="card" aria-labelledby="changed-title">
      <header className="card-header">
        <h2 id="changed-title">Outcomes the server changed</h2>
        <button type="button" className="button button-quiet" onClick={() => void markSeen(batchIds)}>
          Mark as seen
        </button>
      </header>
      <p className="muted">
        These registrations looked fine here, but the server decided otherwise. Its outcome is now the one
        shown everywhere.
      </p>
      <table className="data-table" aria-label="Changed outcomes">
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Item</th>
            <th scope="col">Mentor</th>
            <th scope="col">Was</th>
            <th scope="col">Now</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {changed.map(({ batch, item }) => (
            <tr key={`${batch.id}:${item.seq}`}>
              <td>
                <a href={`#/batches/${encodeURIComponent(batch.id)}`}>
                  {batch.label || batch.batch_id || '(no label)'}
                </a>
              </td>
              <td>{item.item_id}</td>
              <td>{item.mentor_id}</td>
              <td>{item.outcome_changed ? ITEM_STATUS_LABEL[item.outcome_changed.from] : ''}</td>
              <td>{ITEM_STATUS_LABEL[item.status]}</td>
              <td>{item.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

async function markSeen(batchIds: readonly string[]): Promise<void> {
  await Promise.all(batchIds.map((id) => acknowledgeChangedOutcomes(db, id)));
  // the syncer republishes its counts (the status bar's) with the next cycle; ask for one now
  await requestSync(db, 'change', Date.now());
}
