import type { SyncState, SyncStatus } from '../../../src/sync/status';

export const SYNC_STATE_LABEL: Record<SyncState, string> = {
  idle: 'Up to date',
  syncing: 'Syncing',
  offline: 'Offline',
  'paused-auth': 'Paused: token refused',
  error: 'Error',
  'not-configured': 'Not set up',
};

/** The status dot's tone (`dot-<tone>`). */
export const SYNC_STATE_TONE: Record<SyncState, 'ok' | 'info' | 'warning' | 'danger'> = {
  idle: 'ok',
  syncing: 'info',
  offline: 'warning',
  'paused-auth': 'danger',
  error: 'danger',
  'not-configured': 'warning',
};

/**
 * The state as the coordinator should read it: a cycle that finished cleanly is not "up to
 * date" while refused changes wait for a decision.
 */
export function syncStateView(status: SyncStatus): { label: string; tone: string } {
  if (status.rejected > 0 && (status.state === 'idle' || status.state === 'syncing')) {
    return { label: 'Needs your decision', tone: 'danger' };
  }
  return { label: SYNC_STATE_LABEL[status.state], tone: SYNC_STATE_TONE[status.state] };
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "2 minutes ago", "in 30 seconds": how far `at` is from `now`. */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

/** One line for the status bar's tooltip and the Sync page. */
export function lastSuccessText(status: SyncStatus, now: number): string {
  return status.last_success_at === undefined
    ? 'Never synced yet'
    : // `now` refreshes on a timer, so a success just published may look a little in the future
      `Last synced ${relativeTime(Math.min(status.last_success_at, now), now)}`;
}
