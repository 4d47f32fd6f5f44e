import { hrefFor } from '../app/navigation';
import { useNow } from '../hooks/useNow';
import { useSyncStatus } from '../pages/sync/useSyncStatus';
import { useSyncWhenBackOnline } from '../pages/sync/useSyncWhenBackOnline';
import '../pages/sync/sync.css';
import { lastSuccessText, syncStateView } from '../pages/sync/syncLabels';

const number = new Intl.NumberFormat();

/**
 * The status bar's sync figure: state, pending changes, last success; a link to the Sync page.
 * Mounted for the app's whole life, it also asks for a sync when the connection comes back.
 */
export function SyncIndicator() {
  useSyncWhenBackOnline();
  const status = useSyncStatus();
  const now = useNow(15_000);
  if (status === undefined) return null;

  const attention = status.rejected > 0 || status.state === 'paused-auth' || status.state === 'error';
  const view = syncStateView(status);
  const parts = [`Sync: ${view.label}`];
  if (status.state === 'syncing' && status.progress && status.progress.total > 0) {
    const { done, total } = status.progress;
    parts.push(`sending ${number.format(Math.min(done + 1, total))} of ${number.format(total)}`);
  } else if (status.pending > 0) {
    const blocked = status.blocked ?? 0;
    parts.push(
      blocked > 0
        ? `${number.format(status.pending)} pending (${number.format(blocked)} behind a rejected change)`
        : `${number.format(status.pending)} pending`,
    );
  }
  if (status.rejected > 0) parts.push(`${number.format(status.rejected)} rejected`);
  // the last problem, in the sync's own words, whenever it is what the coordinator should know
  const problem = attention || status.state === 'offline' ? status.last_error : undefined;
  const detail = [lastSuccessText(status, now), problem].filter(Boolean).join('. ');

  return (
    <a className="status-item status-link" href={hrefFor('sync')} title={`${detail}. Open the Sync page.`}>
      <span className={`dot dot-${view.tone}`} aria-hidden="true" />
      <span className="status-value">{parts.join(' · ')}</span>
      {problem ? (
        <span className="status-problem small"> · {problem}</span>
      ) : (
        <span className="muted small"> · {lastSuccessText(status, now)}</span>
      )}
    </a>
  );
}
