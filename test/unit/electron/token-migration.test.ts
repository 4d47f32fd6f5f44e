import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerIpcHandlers, type IpcDependencies } from '../../../electron/main/ipc-handlers';
import type { InvokeEventLike } from '../../../electron/main/ipc-guard';
import { TOKEN_FILE_NAME, TokenVault, type SafeStorageLike } from '../../../electron/main/token-vault';
import {
  INVOKE,
  type RoHostHttpApi,
  type RoHostTokenApi,
  type TokenWhere,
} from '../../../electron/shared/ipc';
import type { JobRecord } from '../../../src/db';
import { IndexedDbTokenStore, TOKEN_SETTINGS_KEY, saveServerSettings } from '../../../src/sync/settings';
import { readSyncStatus } from '../../../src/sync/status';
import { SYNC_JOB_KIND } from '../../../src/sync/syncer';
import { desktopJobHandlers } from '../../../renderer/engine-host/desktop-sync';
import { TestHost, memoryDatabase } from '../engine/support';

/**
 * The desktop's first start after the token moved to safeStorage, through the real pieces
 * short of Electron: the engine window's job handlers (renderer/engine-host/desktop-sync.ts)
 * talk to the main process's guarded IPC handlers, which keep the token with a TokenVault over
 * a fake safeStorage in a temporary userData folder.
 */

const ENGINE_WINDOW = 2;
const fromEngine: InvokeEventLike = {
  sender: { id: ENGINE_WINDOW },
  senderFrame: { url: 'app://bundle/engine.html', parent: null },
};

const safeStorage: SafeStorageLike & { available: boolean } = {
  available: true,
  isEncryptionAvailable() {
    return this.available;
  },
  encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('hex')}`),
  decryptString: (data) => Buffer.from(data.toString().slice(4), 'hex').toString(),
  getSelectedStorageBackend: () => 'kwallet5',
};

let userData: string;
let token: RoHostTokenApi;
/** the hosts here are offline: no cycle gets as far as a request */
const http: RoHostHttpApi = {
  send: () => Promise.reject(new Error('no request expected')),
  abort: async () => undefined,
};

beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'ro-user-data-'));
  safeStorage.available = true;
  const handlers = new Map<string, (event: InvokeEventLike, payload?: unknown) => Promise<unknown>>();
  const unused = () => {
    throw new Error('not used here');
  };
  registerIpcHandlers({
    ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener as never) },
    context: { source: {}, windowIdFor: (audience) => (audience === 'engine' ? ENGINE_WINDOW : 1) },
    mainWindow: () => undefined,
    showOpenDialog: unused,
    notify: unused,
    isOnline: () => false,
    version: () => '1.0.0',
    openLink: unused,
    tokens: new TokenVault({ safeStorage, directory: () => userData, platform: 'linux' }),
    http: { send: unused, abort: unused },
    setSyncServer: unused,
    startAtLogin: { state: unused, set: unused, remindersSetUp: unused },
    openedFiles: { take: unused },
  } satisfies IpcDependencies);
  const call = (channel: string, payload?: unknown) => handlers.get(channel)!(fromEngine, payload);
  // what the preload's roHost.token does, minus the process boundary
  token = {
    get: () => call(INVOKE.tokenGet) as Promise<string | null>,
    set: (value) => call(INVOKE.tokenSet, { token: value }) as Promise<TokenWhere>,
    where: () => call(INVOKE.tokenWhere) as Promise<TokenWhere>,
  };
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

async function syncOnce(handlers: Awaited<ReturnType<typeof desktopJobHandlers>>, db = memoryDatabase()) {
  const job = { id: 'job-1', kind: SYNC_JOB_KIND, payload: { reason: 'manual' } } as JobRecord;
  await handlers[SYNC_JOB_KIND]!({
    db,
    host: new TestHost(), // offline: the cycle stops before any request
    job,
    signal: new AbortController().signal,
    progress: async () => undefined,
  });
  return readSyncStatus(db);
}

describe('desktop engine start with a token left in IndexedDB', () => {
  it('moves it into the encrypted file, deletes the row, and the syncer uses it', async () => {
    const db = memoryDatabase();
    await saveServerSettings(db, new IndexedDbTokenStore(db), {
      url: 'https://sync.example.org',
      token: 'coord-119-5f2a9c',
    });

    const handlers = await desktopJobHandlers({ token, http }, db);

    expect(await db.settings.get(TOKEN_SETTINGS_KEY)).toBeUndefined();
    expect(await readdir(userData)).toEqual([TOKEN_FILE_NAME]);
    expect(await readFile(path.join(userData, TOKEN_FILE_NAME), 'utf8')).not.toContain('coord-119-5f2a9c');
    await expect(token.get()).resolves.toBe('coord-119-5f2a9c');
    // configured (the token came from the key store), so the offline host is the only obstacle
    const status = await syncOnce(handlers, db);
    expect(status.state).toBe('offline');
  });

  it('without a key store keeps the token for this session only and says so', async () => {
    safeStorage.available = false;
    const db = memoryDatabase();
    await saveServerSettings(db, new IndexedDbTokenStore(db), {
      url: 'https://sync.example.org',
      token: 'coord-119-5f2a9c',
    });
    const handlers = await desktopJobHandlers({ token, http }, db);
    expect(await db.settings.get(TOKEN_SETTINGS_KEY)).toBeUndefined();
    expect(await readdir(userData)).toEqual([]);
    expect((await token.where()).kind).toBe('memory-only');
    expect((await syncOnce(handlers, db)).state).toBe('offline');
  });

  it('with no token anywhere the syncer reports itself not set up', async () => {
    const db = memoryDatabase();
    await db.settings.put({ key: 'sync.server', value: { url: 'https://sync.example.org' } });
    const handlers = await desktopJobHandlers({ token, http }, db);
    expect((await syncOnce(handlers, db)).state).toBe('not-configured');
  });
});
