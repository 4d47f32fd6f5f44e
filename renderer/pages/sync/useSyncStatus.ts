import { useLiveQuery } from 'dexie-react-hooks';
import { readSyncStatus, type SyncStatus } from '../../../src/sync/status';
import { db } from '../../database/db';

/** The syncer's published status (`settings['sync.status']`), live; undefined while loading. */
export function useSyncStatus(): SyncStatus | undefined {
  return useLiveQuery(() => readSyncStatus(db), []);
}
