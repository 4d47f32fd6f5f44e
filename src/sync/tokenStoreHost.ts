import { z } from 'zod';
import type { AppDatabase } from '../db';
import { ApiToken, IndexedDbTokenStore, TokenLocation, type TokenStore } from './settings';

/**
 * The desktop's token store: the token lives in the main process (Electron safeStorage), and
 * the engine and UI windows reach it through the preload's `roHost.token` methods. This module
 * sees only that small interface, so it stays plain TypeScript; every answer crossing the bridge
 * is checked with zod.
 */

/** The preload's `roHost.token` (electron/shared/ipc.ts `RoHostTokenApi`), answers unchecked. */
export interface TokenHostApi {
  get(): Promise<unknown>;
  set(token: string | null): Promise<unknown>;
  where(): Promise<unknown>;
}

const StoredToken = z.union([z.string(), z.null()]);

export class HostTokenStore implements TokenStore {
  constructor(private readonly api: TokenHostApi) {}

  async get(): Promise<string | undefined> {
    const answer = StoredToken.parse(await this.api.get());
    if (answer === null) return undefined;
    const token = ApiToken.safeParse(answer);
    return token.success ? token.data : undefined;
  }

  async set(token: string | undefined): Promise<void> {
    await this.api.set(token === undefined ? null : ApiToken.parse(token));
  }

  async where(): Promise<TokenLocation> {
    return TokenLocation.parse(await this.api.where());
  }
}

export type TokenMigration =
  /** no token was left in IndexedDB */
  | 'nothing'
  /** the IndexedDB token now sits in the host store and the row is gone */
  | 'moved'
  /** the host store already had a token (newer: saved since); the stale row is gone */
  | 'dropped-stale';

/**
 * A desktop profile from before the token moved to safeStorage kept it in an IndexedDB row. On
 * the first start that row's token goes to the host store and the row is deleted, so no
 * unencrypted copy stays behind. The row is deleted only after the host store answered with the
 * token, so a failure on the way loses nothing: the next start tries again.
 */
export async function migrateTokenToHost(db: AppDatabase, host: TokenStore): Promise<TokenMigration> {
  const legacy = new IndexedDbTokenStore(db);
  const old = await legacy.get();
  if (old === undefined) {
    // an unreadable (malformed) row is no token either; it must not linger
    await legacy.set(undefined);
    return 'nothing';
  }
  const current = await host.get();
  if (current !== undefined) {
    await legacy.set(undefined);
    return 'dropped-stale';
  }
  await host.set(old);
  const stored = await host.get();
  if (stored !== old) throw new Error('The token could not be moved into the desktop key store');
  await legacy.set(undefined);
  return 'moved';
}
