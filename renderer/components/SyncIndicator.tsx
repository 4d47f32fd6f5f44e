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
  if (status.pending > 0) parts.push(`${number.format(status.pending)} pending`);
  if (status.rejected > 0) parts.push(`${number.format(status.rejected)} rejected`);
  const detail = [lastSuccessText(status, now), attention ? status.last_error : undefined]
    .filter(Boolean)
    .join('. ');

  return (
    <a
      className="status-item status-link"
      href={hrefFor('sync')}
      aria-label="Sync status"
      title={`${detail}. Open the Sync page.`}
    >
      <span className={`dot dot-${view.tone}`} aria-hidden="true" />
      <span className="status-value">{parts.join(' · ')}</span>
      <span className="muted small"> · {lastSuccessText(status, now)}</span>
    </a>
  );
}
