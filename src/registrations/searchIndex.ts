import type { AppDatabase, RegistrationRecord } from '../db';
import {
  MemoryIndex,
  dexieSource,
  dropMemoryIndexes,
  memoryIndexOf,
  type IndexRow,
} from '../search/memoryIndex';

/**
 * IndexedDB has no substring lookup, so registration search runs on an in-memory index of every
 * local registration's searchable fields (`search_text`, email, code, event, status, change
 * time), kept in change-time order (`src/search/memoryIndex.ts`). It is read once from Dexie,
 * then kept current from the records written since (`written_at` index), by this window's
 * commands and by the pull in the engine's context alike, before every search.
 */

export interface RegistrationRow extends IndexRow {
  /** `search_text`: the learner's name, folded */
  name: string;
  email: string;
  code: string;
  event_id: string;
  status: RegistrationRecord['status'];
}

export function registrationIndex(db: AppDatabase): MemoryIndex<RegistrationRecord, RegistrationRow> {
  return memoryIndexOf(
    db,
    'registrations',
    () =>
      new MemoryIndex<RegistrationRecord, RegistrationRow>(dexieSource(db.registrations), (r) => ({
        id: r.registration_id,
        key: Date.parse(r.updated_at),
        name: r.search_text,
        email: r.learner.email.toLowerCase(),
        code: r.code,
        event_id: r.event_id,
        status: r.status,
      })),
  );
}

/** Reads the whole index now (the desk calls it when it opens, so the first search is quick). */
export async function warmRegistrationIndex(db: AppDatabase): Promise<void> {
  await registrationIndex(db).catchUp();
}

/** Forgets the in-memory indexes of `db` (a profile closed or deleted). */
export function dropRegistrationIndex(db: AppDatabase): void {
  dropMemoryIndexes(db);
}
