import { liveQuery } from 'dexie';
import type { RoHostApi } from '../../electron/shared/ipc';
import type { AppDatabase } from '../../src/db';

/**
 * The first reminder is set up once the roster holds a mentor with a certification expiry: from
 * then on the daily check has something to look at, so start at login turns on (unless the
 * coordinator chose otherwise; the main process decides). Told once per engine start.
 */
export function reportRemindersSetUp(
  api: Pick<RoHostApi, 'startAtLogin'>,
  db: AppDatabase,
  log: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
): () => void {
  let told = false;
  const subscription = liveQuery(async () => (await db.expiryRecords.limit(1).count()) > 0).subscribe({
    next: (setUp) => {
      if (!setUp || told) return;
      told = true;
      api.startAtLogin.remindersSetUp().catch((error: unknown) => log('[engine] start at login', error));
    },
    error: (error: unknown) => log('[engine] could not read the roster', error),
  });
  return () => subscription.unsubscribe();
}
