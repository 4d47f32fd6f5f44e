/* eslint-disable @typescript-eslint/no-unused-vars -- API first: the bodies follow in the next commits */
import type { AppDatabase } from '../db';

/**
 * IndexedDB has no substring lookup, so registration search runs on an in-memory index of every
 * local registration's searchable fields (`search_text`, email, code, event, status, change
 * time), kept in change-time order. It is read once from Dexie, then kept current from the
 * records written since (`written_at` index), by this window's commands and by the pull in the
 * engine's context alike, before every search.
 */

/** Reads the whole index now (the desk calls it when it opens, so the first search is quick). */
export async function warmRegistrationIndex(db: AppDatabase): Promise<void> {
  throw new Error('not built yet');
}

/** Forgets the index of `db` (a profile closed or deleted). */
export function dropRegistrationIndex(db: AppDatabase): void {
  throw new Error('not built yet');
}
