import type { AppDatabase } from '../db';

/** What the status bar and the Sync page show, published by the syncer in `settings`. */

export const SYNC_STATUS_KEY = 'sync.status';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'paused-auth' | 'error' | 'not-configured';

export interface SyncStatus {
  state: SyncState;
  /** outbox entries not yet accepted by the server */
  pending: number;
  /** outbox entries the server refused: each waits for edit-and-retry or discard */
  rejected: number;
  /**
   * of `pending`, the entries held by a refusal (of their own record, or of a record they name
   * such as a registration's learner): they go once the coordinator edits or discards it
   */
  blocked?: number;
  /** batches whose server outcome differs from the local one, not yet acknowledged */
  changed: number;
  /** epoch ms of the last cycle that reached the server and finished */
  last_success_at?: number;
  /** a sentence for the coordinator */
  last_error?: string;
  /** epoch ms when the syncer will look again on its own (retry, poll or probe) */
  next_attempt_at?: number;
  /**
   * epoch ms since which the server has given no answer while this computer is online (the
   * status bar's "Server unreachable since 10:42"); cleared by the first answer
   */
  unreachable_since?: number;
  /** while sending: changes sent so far in this cycle, of how many ("sending 3 of 12") */
  progress?: { done: number; total: number };
  updated_at: number;
}

/**
 * Since when the server has been out of reach after a publish in `state`: a cycle still
 * running keeps what it knew, one that reached the server (or found the computer offline, which
 * the network figure says) clears it.
 */
export function unreachableSince(
  previous: SyncStatus,
  state: SyncState,
  computerOnline: boolean,
  now: number,
): number | undefined {
  if (state === 'syncing') return previous.unreachable_since;
  if (state === 'offline' && computerOnline) return previous.unreachable_since ?? now;
  return undefined;
}

export const IDLE_STATUS: SyncStatus = { state: 'idle', pending: 0, rejected: 0, changed: 0, updated_at: 0 };

export async function readSyncStatus(db: AppDatabase): Promise<SyncStatus> {
  const row = await db.settings.get(SYNC_STATUS_KEY);
  return (row?.value as SyncStatus | undefined) ?? IDLE_STATUS;
}

export async function writeSyncStatus(db: AppDatabase, status: SyncStatus): Promise<void> {
  await db.settings.put({ key: SYNC_STATUS_KEY, value: status });
}
