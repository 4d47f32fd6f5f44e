import { SERVER_SETTINGS_KEY, IndexedDbTokenStore, StoredServerSettings } from '../../../src/sync/settings';
import { db } from '../../database/db';

/**
 * The token store of this window: the browser build keeps the token in IndexedDB, as the
 * engine's syncer reads it (the desktop host would swap in one backed by safeStorage).
 */
export const syncTokenStore = new IndexedDbTokenStore(db);

export interface ServerForm {
  url: string;
  token: string;
}

/** The stored address and token as the form starts with them (empty when not set yet). */
export async function loadServerForm(): Promise<ServerForm> {
  const row = await db.settings.get(SERVER_SETTINGS_KEY);
  const stored = StoredServerSettings.safeParse(row?.value);
  return { url: stored.success ? stored.data.url : '', token: (await syncTokenStore.get()) ?? '' };
}
