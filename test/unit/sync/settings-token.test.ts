import { describe, expect, it } from 'vitest';
import {
  ApiToken,
  IndexedDbTokenStore,
  SERVER_SETTINGS_KEY,
  TOKEN_SETTINGS_KEY,
  loadServerSettings,
  saveServerSettings,
} from '../../../src/sync/settings';
import { HostTokenStore, migrateTokenToHost, type TokenHostApi } from '../../../src/sync/tokenStoreHost';
import { memoryDatabase } from '../engine/support';

/**
 * Where the sync token is kept: the browser build's IndexedDB row, the desktop's host store
 * (reached through `roHost.token`, answers checked with zod), and the one-time move from the
 * first to the second on a desktop profile that still has the row.
 */

/** An in-memory `roHost.token` as the preload would expose it, with a switch to make it fail. */
function fakeHost(initial: string | null = null) {
  const state = { token: initial, failSet: false, answer: undefined as unknown };
  const api: TokenHostApi = {
    get: async () => (state.answer !== undefined ? state.answer : state.token),
    set: async (token) => {
      if (state.failSet) throw new Error("Error invoking remote method 'ro:token-set': EACCES");
      state.token = token;
      return { kind: 'protected', description: 'Kept encrypted on this computer.' };
    },
    where: async () => ({ kind: 'protected', description: 'Kept encrypted on this computer.' }),
  };
  return { api, state };
}

describe('ApiToken', () => {
  it.each([
    ['coord-119-5f2a9c', true],
    ['  coord-119-5f2a9c\n', true],
    ['', false],
    ['two words', false],
    ['tab\tinside', false],
    ['é-accent', false],
    ['x'.repeat(4097), false],
  ])('%j is a usable bearer token: %s', (token, ok) => {
    expect(ApiToken.safeParse(token).success).toBe(ok);
  });
});

describe('IndexedDbTokenStore (browser build)', () => {
  it('says plainly that the token is not encrypted', async () => {
    const where = await new IndexedDbTokenStore(memoryDatabase()).where();
    expect(where).toEqual({
      kind: 'unencrypted',
      description:
        'Kept in the IndexedDB of this browser profile (not encrypted): anyone who can open this browser profile can read it.',
    });
  });
});

describe('HostTokenStore (desktop)', () => {
  it('stores, reads and clears through the host, and the syncer finds the token there', async () => {
    const db = memoryDatabase();
    const { api, state } = fakeHost();
    const tokens = new HostTokenStore(api);
    await saveServerSettings(db, tokens, { url: 'https://sync.example.org', token: ' coord-119-5f2a9c ' });
    expect(state.token).toBe('coord-119-5f2a9c');
    // nothing of the token in IndexedDB
    expect(await db.settings.get(TOKEN_SETTINGS_KEY)).toBeUndefined();
    await expect(loadServerSettings(db, tokens)).resolves.toEqual({
      url: 'https://sync.example.org',
      token: 'coord-119-5f2a9c',
    });
    await tokens.set(undefined);
    expect(state.token).toBeNull();
    await expect(loadServerSettings(db, tokens)).resolves.toBeUndefined();
  });

  it('refuses malformed answers from the bridge instead of using them', async () => {
    const { api, state } = fakeHost();
    const tokens = new HostTokenStore(api);
    state.answer = { token: 'coord-119' };
    await expect(tokens.get()).rejects.toThrow();
    state.answer = 'two words';
    await expect(tokens.get()).resolves.toBeUndefined();
    await expect(
      new HostTokenStore({ ...api, where: async () => ({ kind: 'somewhere', description: '' }) }).where(),
    ).rejects.toThrow();
  });

  it('does not send an unusable token to the host', async () => {
    const { api, state } = fakeHost();
    await expect(new HostTokenStore(api).set('two words')).rejects.toThrow(/no spaces/);
    expect(state.token).toBeNull();
  });
});

describe('migrateTokenToHost (first desktop start)', () => {
  it('moves an IndexedDB token into the host store and deletes the row', async () => {
    const db = memoryDatabase();
    await saveServerSettings(db, new IndexedDbTokenStore(db), {
      url: 'https://sync.example.org',
      token: 'coord-119-5f2a9c',
    });
    const { api, state } = fakeHost();
    await expect(migrateTokenToHost(db, new HostTokenStore(api))).resolves.toBe('moved');
    expect(state.token).toBe('coord-119-5f2a9c');
    expect(await db.settings.get(TOKEN_SETTINGS_KEY)).toBeUndefined();
    // the address stays where it was; sync goes on with the moved token
    expect(await db.settings.get(SERVER_SETTINGS_KEY)).toBeDefined();
    await expect(loadServerSettings(db, new HostTokenStore(api))).resolves.toMatchObject({
      token: 'coord-119-5f2a9c',
    });
    // a second start has nothing to do
    await expect(migrateTokenToHost(db, new HostTokenStore(api))).resolves.toBe('nothing');
  });

  it('keeps the host token when one was saved since, and drops the stale row', async () => {
    const db = memoryDatabase();
    await new IndexedDbTokenStore(db).set('coord-119-old');
    const { api, state } = fakeHost('coord-119-new');
    await expect(migrateTokenToHost(db, new HostTokenStore(api))).resolves.toBe('dropped-stale');
    expect(state.token).toBe('coord-119-new');
    expect(await db.settings.get(TOKEN_SETTINGS_KEY)).toBeUndefined();
  });

  it('keeps the row when the host could not store the token, so the next start tries again', async () => {
    const db = memoryDatabase();
    await new IndexedDbTokenStore(db).set('coord-119-5f2a9c');
    const { api, state } = fakeHost();
    state.failSet = true;
    await expect(migrateTokenToHost(db, new HostTokenStore(api))).rejects.toThrow(/EACCES/);
    expect(await new IndexedDbTokenStore(db).get()).toBe('coord-119-5f2a9c');
    state.failSet = false;
    await expect(migrateTokenToHost(db, new HostTokenStore(api))).resolves.toBe('moved');
  });

  it('removes a malformed row that no store could use', async () => {
    const db = memoryDatabase();
    await db.settings.put({ key: TOKEN_SETTINGS_KEY, value: { not: 'a token' } });
    const { api, state } = fakeHost();
    await expect(migrateTokenToHost(db, new HostTokenStore(api))).resolves.toBe('nothing');
    expect(await db.settings.get(TOKEN_SETTINGS_KEY)).toBeUndefined();
    expect(state.token).toBeNull();
  });
});
