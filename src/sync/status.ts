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
  /** batches whose server outcome differs from the local one, not yet acknowledged */
  changed: number;
  /** epoch ms of the last cycle that reached the server and finished */
  last_success_at?: number;
  /** a sentence for the coordinator */
  last_error?: string;
  /** epoch ms when the syncer will look again on its own (retry, poll or probe) */
  next_attempt_at?: number;
  updated_at: number;
}

export const IDLE_STATUS: SyncStatus = { state: 'idle', pending: 0, rejected: 0, changed: 0, updated_at: 0 };

export async function readSyncStatus(db: AppDatabase): Promise<SyncStatus> {
  const row = await db.settings.get(SYNC_STATUS_KEY);
  return (row?.value as SyncStatus | undefined) ?? IDLE_STATUS;
}

export async function writeSyncStatus(db: AppDatabase, status: SyncStatus): Promise<void> {
  await db.settings.put({ key: SYNC_STATUS_KEY, value: status });
}
