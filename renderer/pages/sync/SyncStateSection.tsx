import { useState } from 'react';
import { requestSync } from '../../../src/sync/syncer';
import { db } from '../../database/db';
import { useNow } from '../../hooks/useNow';
import { useOnline } from '../../hooks/useOnline';
import { lastSuccessText, relativeTime, syncStateView } from './syncLabels';
import type { SyncLists } from './syncRecords';
import { useSyncStatus } from './useSyncStatus';

const number = new Intl.NumberFormat();

/**
 * The syncer's state in words, the counts, and "Sync now". The counts come from the live lists
 * when they are loaded: the syncer's published ones wait for its next cycle.
 */
export function SyncStateSection({ lists }: { lists: SyncLists | undefined }) {
  const status = useSyncStatus();
  const online = useOnline();
  const now = useNow(5_000);
  const [asked, setAsked] = useState(false);

  const syncNow = async () => {
    await requestSync(db, 'manual', Date.now());
    setAsked(true);
  };

  return (
    <section className="card" aria-labelledby="sync-state-title">
      <header className="card-header">
        <h2 id="sync-state-title">State</h2>
        <button type="button" className="button" onClick={() => void syncNow()}>
          Sync now
        </button>
      </header>
      {status === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <p className="sync-state">
            <span className={`dot dot-${syncStateView(status).tone}`} aria-hidden="true" />
            <span role="status" aria-label="Sync state">
              {syncStateView(status).label}
            </span>
            <span className="muted">
              {' '}
              · {lastSuccessText(status, now)}
              {status.next_attempt_at !== undefined && status.state !== 'syncing'
                ? ` · next try ${relativeTime(status.next_attempt_at, now)}`
                : ''}
            </span>
          </p>
          {!online && (
            <p className="alert alert-warning">
              This computer is offline. Your work is kept here and sent when the connection is back.
            </p>
          )}
          {status.last_error && status.state !== 'idle' && status.state !== 'syncing' && (
            <p
              className={`alert ${status.state === 'paused-auth' || status.state === 'error' ? 'alert-danger' : 'alert-warning'}`}
              role="alert"
            >
              {status.last_error}
              {status.state === 'paused-auth' ? ' below (Server). Nothing is lost meanwhile.' : ''}
            </p>
          )}
          <dl className="stats" aria-label="Sync counts">
            <div className="stat stat-processing">
              <dt>Waiting to send</dt>
              <dd>{number.format(lists?.open.length ?? status.pending)}</dd>
            </div>
            <div className="stat stat-failed">
              <dt>Rejected</dt>
              <dd>{number.format(lists?.rejected.length ?? status.rejected)}</dd>
            </div>
            <div className="stat stat-partial">
              <dt>Batches with changed outcomes</dt>
              <dd>
                {number.format(
                  lists ? new Set(lists.changed.map(({ batch }) => batch.id)).size : status.changed,
                )}
              </dd>
            </div>
            {(lists?.changedRegistrations.length ?? 0) > 0 && (
              <div className="stat stat-partial">
                <dt>Registrations changed by the server</dt>
                <dd>{number.format(lists?.changedRegistrations.length ?? 0)}</dd>
              </div>
            )}
          </dl>
          {asked && (
            <p className="muted small" role="status">
              Sync requested: the background engine runs it now.
            </p>
          )}
        </>
      )}
    </section>
  );
}
