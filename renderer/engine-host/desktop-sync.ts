import type { RoHostApi } from '../../electron/shared/ipc';
import type { AppDatabase } from '../../src/db';
import type { JobHandler } from '../../src/engine/api';
import { jobHandlers } from '../../src/engine/jobs';
import { SYNC_JOB_KIND, createSyncJobHandler } from '../../src/sync/syncer';
import { HostTokenStore, migrateTokenToHost } from '../../src/sync/tokenStoreHost';
import { createIpcFetch } from './ipc-fetch';

/**
 * The engine's job handlers on the desktop: the same as the browser's, except that the syncer
 * reads the token from the main process (Electron safeStorage) instead of IndexedDB and sends
 * its requests through the main process (net.fetch: no CORS preflight to hang). Before the
 * engine starts, a token an older version left in IndexedDB moves there (and the row goes).
 */
export async function desktopJobHandlers(
  api: Pick<RoHostApi, 'token' | 'http'>,
  db: AppDatabase,
  log: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
): Promise<Record<string, JobHandler>> {
  const tokens = new HostTokenStore(api.token);
  try {
    await migrateTokenToHost(db, tokens);
  } catch (error) {
    // the row stays and the next start tries again; meanwhile sync says the token is missing
    log('[engine] the sync token could not be moved to the key store', error);
  }
  const fetch = createIpcFetch(api.http);
  return { ...jobHandlers, [SYNC_JOB_KIND]: createSyncJobHandler({ tokens: () => tokens, fetch }) };
}
