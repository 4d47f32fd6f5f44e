import type { AppDatabase } from '../../db';
import { hasOpenCreate, openEntriesOf } from '../outboxState';
import { recordKey, type RecordRef } from '../recordIds';

/**
 * What the field-registration kinds (learner, event, registration) share. Their server id is
 * the client UUID itself, known once the create was answered (or for a record that came from
 * the server), so no `sync.id:` row is kept per record; a provisional event's server id is the
 * event the laptop mapped it onto, which is kept under `sync.id:`.
 */

/** The record's own id once its create is not waiting: its later entries may go. */
export async function ownIdOnceCreated(
  db: AppDatabase,
  ref: RecordRef,
  record: { sync_state: string } | undefined,
): Promise<string | undefined> {
  if (!record || record.sync_state === 'local') return undefined;
  return (await hasOpenCreate(db, recordKey(ref))) ? undefined : ref.id;
}

/** True when entries after `seq` are still open for the record: its answer is not the last word yet. */
export async function laterEntriesOpen(
  db: AppDatabase,
  record: string,
  seq: number | undefined,
): Promise<boolean> {
  return (await openEntriesOf(db, record)).some((e) => (e.seq ?? 0) > (seq ?? 0));
}

/** True when the local record is the server's version `updatedAt`, with nothing of its own unsent. */
export function isSyncedCopy(local: LocalCopy, updatedAt: string): boolean {
  return local !== undefined && local.updated_at === updatedAt && local.sync_state === 'synced';
}

type LocalCopy = { updated_at: string; sync_state: string } | undefined;

/** A feed's `unchanged`: the page's local copies read in bulk (`read`), by `idOf`. */
export function unchangedIn<Summary extends { updated_at: string }>(
  read: (db: AppDatabase, ids: string[]) => Promise<LocalCopy[]>,
  idOf: (summary: Summary) => string,
) {
  return async (db: AppDatabase, summaries: readonly unknown[]): Promise<boolean[]> => {
    const page = summaries as readonly Summary[];
    const locals = await read(db, page.map(idOf));
    return page.map((summary, i) => isSyncedCopy(locals[i], summary.updated_at));
  };
}
