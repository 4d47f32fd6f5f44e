import { useLiveQuery } from 'dexie-react-hooks';
import { loadSyncLists, type SyncLists } from './syncRecords';

/** The outbox, rejected entries and changed outcomes, live; undefined while loading. */
export function useSyncLists(): SyncLists | undefined {
  return useLiveQuery(loadSyncLists, []);
}
