import { liveQuery } from 'dexie';
import type { RoHostApi } from '../../electron/shared/ipc';
import type { AppDatabase } from '../../src/db';
import { SERVER_SETTINGS_KEY, StoredServerSettings } from '../../src/sync/settings';

/**
 * The UI window tells the main process which server the engine's requests may go to: the
 * address saved in Sync settings, whenever it changes (and at start, which also covers an
 * address saved before the main process kept one). The main process remembers it, so a start
 * at login with the window never opened still syncs; the engine window cannot set it.
 */
export function shareSyncServerWithMain(
  api: Pick<RoHostApi, 'setSyncServer'>,
  db: AppDatabase,
  log: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
): () => void {
  let last: string | null | undefined;
  const subscription = liveQuery(async () => {
    const stored = StoredServerSettings.safeParse((await db.settings.get(SERVER_SETTINGS_KEY))?.value);
    return stored.success ? stored.data.url : null;
  }).subscribe({
    next: (url) => {
      if (url === last) return;
      last = url;
      api
        .setSyncServer(url)
        .catch((error: unknown) => log('[sync] the main process refused the server', error));
    },
    error: (error: unknown) => log('[sync] could not read the server address', error),
  });
  return () => subscription.unsubscribe();
}
