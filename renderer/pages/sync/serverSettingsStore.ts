import {
  SERVER_SETTINGS_KEY,
  IndexedDbTokenStore,
  StoredServerSettings,
  type TokenStore,
} from '../../../src/sync/settings';
import { HostTokenStore } from '../../../src/sync/tokenStoreHost';
import { db } from '../../database/db';
import { electronHost } from '../../host';

/**
 * The token store of this window, the same one the engine's syncer reads: on the desktop the
 * main process keeps the token with Electron safeStorage (reached through `window.roHost`), in
 * the browser build it is a row of IndexedDB.
 */
function tokenStoreOfThisHost(): TokenStore {
  const host = electronHost();
  return host ? new HostTokenStore(host.token) : new IndexedDbTokenStore(db);
}

export const syncTokenStore: TokenStore = tokenStoreOfThisHost();

export interface ServerForm {
  url: string;
  token: string;
}

/** The stored address and token as the form starts with them (empty when not set yet). */
export async function loadServerForm(): Promise<ServerForm> {
  const row = await db.settings.get(SERVER_SETTINGS_KEY);
  const stored = StoredServerSettings.safeParse(row?.value);
  // on the desktop's first start the engine may still be moving an IndexedDB token to the key
  // store; until it has, that row is the token
  const legacy = electronHost() ? await new IndexedDbTokenStore(db).get() : undefined;
  const token = (await syncTokenStore.get()) ?? legacy ?? '';
  return { url: stored.success ? stored.data.url : '', token };
}
