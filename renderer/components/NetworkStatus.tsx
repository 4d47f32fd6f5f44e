import { useOnline } from '../hooks/useOnline';
import { useSyncStatus } from '../pages/sync/useSyncStatus';
import { formatClockTime } from './dates';
import { useDateOrder } from './useDateOrder';

/**
 * The status bar's network figure. The computer being online says nothing about the server:
 * while sync finds no server answering, this says so, and since when.
 */
export function NetworkStatus() {
  const online = useOnline();
  const sync = useSyncStatus();
  const order = useDateOrder();
  const since = online ? sync?.unreachable_since : undefined;
  const text = !online
    ? 'Offline'
    : since !== undefined
      ? `Server unreachable since ${formatClockTime(since, order)}`
      : 'Online';
  return (
    <span
      className="status-item"
      role="status"
      aria-label="Network"
      title={since !== undefined ? sync?.last_error : undefined}
    >
      <span className={`dot dot-${online && since === undefined ? 'ok' : 'warning'}`} aria-hidden="true" />
      <span className="status-value">{text}</span>
    </span>
  );
}
