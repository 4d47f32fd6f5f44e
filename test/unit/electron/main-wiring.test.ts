import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE } from '../../../electron/shared/ipc';

/**
 * Imports the real main process (electron/main/index.ts) against a fake `electron` module and
 * checks what it actually installs: the options of every window it creates, the session's
 * permission handlers, the navigation and window-open hooks, the IPC handlers and the
 * engine-window supervision. The Electron runtime is not needed.
 */

type Listener = (...args: unknown[]) => unknown;

const fake = await vi.hoisted(async () => {
  // vi.hoisted runs before the imports: what the mock factory uses must be created in here
  const { EventEmitter: Emitter } = await import('node:events');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const nodePath = await import('node:path');
  let nextId = 1;

  class FakeWebContents extends Emitter {
    id = nextId++;
    sent: Array<[string, unknown]> = [];
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    send(channel: string, payload: unknown): void {
      this.sent.push([channel, payload]);
    }
    isDestroyed(): boolean {
      return false;
    }
    isLoading(): boolean {
      return false;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow extends Emitter {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    url = '';
    visible = false;
    destroyed = false;
    constructor(public options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
      state.app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      return Promise.resolve();
    }
    show(): void {
      this.visible = true;
    }
    hide(): void {
      this.visible = false;
    }
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
    }
    reloads = 0;
    reload(): void {
      this.reloads += 1;
    }
  }

  class FakeNotification extends Emitter {
    static shown: FakeNotification[] = [];
    static isSupported(): boolean {
      return true;
    }
    constructor(public options: { title: string; body: string }) {
      super();
    }
    show(): void {
      FakeNotification.shown.push(this);
    }
    close(): void {}
  }

  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const state = {
    userData: fs.mkdtempSync(nodePath.join(os.tmpdir(), 'ro-user-data-')),
    /** a stand-in for the OS key store: a reversible scramble, and its availability */
    keyStore: { available: true, backend: 'gnome_libsecret', encryptCalls: 0 },
    app: Object.assign(new Emitter(), {
      getPath: (name: string) => {
        if (name !== 'userData' && name !== 'home') throw new Error(`unexpected app.getPath(${name})`);
        return state.userData;
      },
      isPackaged: false,
      setLoginItemSettings: (settings: unknown) => {
        state.loginItemCalls.push(settings);
      },
      getLoginItemSettings: () => ({ openAtLogin: false }),
      requestSingleInstanceLock: () => true,
      whenReady: () => ready,
      getVersion: () => '9.8.7',
      quit: () => undefined,
      setAppUserModelId: () => undefined,
      enableSandbox: () => {
        state.sandboxEnabledBeforeReady = state.FakeBrowserWindow.created.length === 0;
      },
    }),
    sandboxEnabledBeforeReady: false,
    loginItemCalls: [] as unknown[],
    /** what `net.fetch` does: set by each test */
    netFetch: (async () => {
      throw new Error('net.fetch was not expected here');
    }) as (input: string | Request, init?: RequestInit) => Promise<Response>,
    netFetchCalls: [] as Array<{ url: string; init: RequestInit | undefined }>,
    trayHandlers: new Map<string, (...args: unknown[]) => void>(),
    resolveReady: () => resolveReady(),
    privileged: [] as unknown[],
    privilegedBeforeReady: false,
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>(),
    permissionRequest: undefined as undefined | Listener,
    permissionCheck: undefined as undefined | Listener,
    devicePermission: undefined as undefined | Listener,
    online: true,
    openedExternally: [] as string[],
    dialogResult: { canceled: true, filePaths: [] as string[] },
    powerMonitor: new Emitter(),
    trayMenu: [] as Array<{ label?: string; click?: () => void }>,
    FakeBrowserWindow,
    FakeNotification,
  };
  return state;
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeBrowserWindow,
  Notification: fake.FakeNotification,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.privileged.push(...schemes);
      fake.privilegedBeforeReady = fake.FakeBrowserWindow.created.length === 0;
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      fake.protocolHandlers.set(scheme, handler);
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener) => {
        fake.permissionRequest = handler;
      },
      setPermissionCheckHandler: (handler: Listener) => {
        fake.permissionCheck = handler;
      },
      setDevicePermissionHandler: (handler: Listener) => {
        fake.devicePermission = handler;
      },
    },
  },
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, payload?: unknown) => Promise<unknown>) => {
      fake.ipcHandlers.set(channel, handler);
    },
  },
  net: {
    isOnline: () => fake.online,
    fetch: (input: string | Request, init?: RequestInit) => {
      fake.netFetchCalls.push({ url: String(input), init });
      return fake.netFetch(input, init);
    },
  },
  safeStorage: {
    isEncryptionAvailable: () => fake.keyStore.available,
    getSelectedStorageBackend: () => fake.keyStore.backend,
    encryptString: (plainText: string) => {
      fake.keyStore.encryptCalls += 1;
      return Buffer.from(`enc:${Buffer.from(plainText).toString('base64')}`);
    },
    decryptString: (encrypted: Buffer) => {
      const text = encrypted.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  },
  powerMonitor: fake.powerMonitor,
  dialog: { showOpenDialog: async () => fake.dialogResult },
  shell: {
    openExternal: async (url: string) => {
      fake.openedExternally.push(url);
    },
  },
  nativeImage: { createFromBuffer: () => ({ isEmpty: () => false, resize: () => ({}) }) },
  Tray: class {
    setToolTip(): void {}
    setContextMenu(): void {}
    on(event: string, handler: (...args: unknown[]) => void): void {
      fake.trayHandlers.set(event, handler);
    }
    destroy(): void {}
  },
  Menu: {
    buildFromTemplate: (template: Array<{ label?: string; click?: () => void }>) => {
      fake.trayMenu = template;
      return template;
    },
  },
}));

type FakeWindow = InstanceType<typeof fake.FakeBrowserWindow>;

const windows = (): FakeWindow[] => fake.FakeBrowserWindow.created;
const mainWindow = (): FakeWindow => {
  const found = windows().find((w) => w.url.endsWith('/index.html') && !w.destroyed);
  if (!found) throw new Error('no main window');
  return found;
};
const engineWindows = (): FakeWindow[] => windows().filter((w) => w.url.endsWith('/engine.html'));
const engineWindow = (): FakeWindow => {
  const found = engineWindows().find((w) => !w.destroyed);
  if (!found) throw new Error('no engine window');
  return found;
};
const webPreferences = (w: FakeWindow): Record<string, unknown> =>
  w.options['webPreferences'] as Record<string, unknown>;

function ipcEvent(window: FakeWindow | undefined, url: string, parent: unknown = null): unknown {
  return { sender: { id: window?.webContents.id ?? 999 }, senderFrame: { url, parent } };
}

async function invoke(channel: string, event: unknown, payload?: unknown): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

function navigationEvent(url: string): { url: string; preventDefault: ReturnType<typeof vi.fn> } {
  return { url, preventDefault: vi.fn() };
}

describe('Electron main process (electron/main/index.ts) against a fake electron', () => {
  beforeAll(async () => {
    delete process.env['ELECTRON_RENDERER_URL'];
    vi.useFakeTimers();
    await import('../../../electron/main/index');
    // nothing may be created before `ready`; the scheme must be privileged by then
    expect(windows()).toHaveLength(0);
    fake.resolveReady();
    await vi.advanceTimersByTimeAsync(0);
  });

  afterAll(() => {
    vi.useRealTimers();
    rmSync(fake.userData, { recursive: true, force: true });
  });

  it('registers app:// as a privileged standard, secure scheme before the app is ready', () => {
    expect(fake.privilegedBeforeReady).toBe(true);
    expect(fake.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: true,
          bypassCSP: false,
        }),
      }),
    ]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
  });

  it('sandboxes every renderer app-wide before any window exists', () => {
    expect(fake.sandboxEnabledBeforeReady).toBe(true);
  });

  it('opens the UI from app://bundle and a hidden engine window from app://bundle/engine.html', () => {
    expect(mainWindow().url).toBe('app://bundle/index.html');
    expect(engineWindow().url).toBe('app://bundle/engine.html');
    expect(engineWindow().options['show']).toBe(false);
    expect(engineWindow().visible).toBe(false);
    // a hidden window would otherwise be throttled and the engine's timers with it
    expect(webPreferences(engineWindow())['backgroundThrottling']).toBe(false);
  });

  it('gives every window the hardened web preferences', () => {
    expect(windows().length).toBeGreaterThanOrEqual(2);
    for (const window of windows()) {
      expect(webPreferences(window)).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        experimentalFeatures: false,
      });
      expect(String(webPreferences(window)['preload'])).toMatch(/preload[/\\]index\.c?js$/);
    }
  });

  it('denies navigation and redirects away from the app, in every window', () => {
    for (const window of [mainWindow(), engineWindow()]) {
      for (const eventName of ['will-navigate', 'will-redirect']) {
        const away = navigationEvent('https://evil.example/');
        window.webContents.emit(eventName, away);
        expect(away.preventDefault).toHaveBeenCalled();
        const fileUrl = navigationEvent('file:///etc/passwd');
        window.webContents.emit(eventName, fileUrl);
        expect(fileUrl.preventDefault).toHaveBeenCalled();
        const inApp = navigationEvent('app://bundle/index.html');
        window.webContents.emit(eventName, inApp);
        expect(inApp.preventDefault).not.toHaveBeenCalled();
      }
    }
  });

  it('prevents <webview> attachment', () => {
    const attach = navigationEvent('about:blank');
    mainWindow().webContents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open, handing only vetted https links to the OS browser', async () => {
    const open = mainWindow().webContents.windowOpenHandler;
    expect(open).toBeDefined();
    expect(open?.({ url: 'https://example.org/help' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'http://example.org/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'app://bundle/index.html' })).toEqual({ action: 'deny' });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.openedExternally).toEqual(['https://example.org/help']);
  });

  it('denies permission requests and checks except the few the app uses, for its own origin', () => {
    const decide = (permission: string, requestingUrl: string): boolean | undefined => {
      let decision: boolean | undefined;
      fake.permissionRequest?.(
        mainWindow().webContents,
        permission,
        (granted: boolean) => (decision = granted),
        {
          requestingUrl,
          isMainFrame: true,
        },
      );
      return decision;
    };
    expect(decide('notifications', 'app://bundle/index.html')).toBe(false);
    expect(decide('media', 'app://bundle/index.html')).toBe(false);
    expect(decide('geolocation', 'app://bundle/index.html')).toBe(false);
    expect(decide('openExternal', 'app://bundle/index.html')).toBe(false);
    expect(decide('persistent-storage', 'https://evil.example/')).toBe(false);
    expect(decide('persistent-storage', 'app://bundle/index.html')).toBe(true);

    expect(fake.permissionCheck?.(null, 'notifications', 'app://bundle', {})).toBe(false);
    expect(fake.permissionCheck?.(null, 'clipboard-read', 'app://bundle', {})).toBe(false);
    expect(fake.permissionCheck?.(null, 'persistent-storage', 'app://bundle', {})).toBe(true);
    expect(fake.permissionCheck?.(null, 'persistent-storage', 'https://evil.example', {})).toBe(false);
    expect(fake.devicePermission?.({})).toBe(false);
  });

  it('registers a handler for every IPC channel, each rejecting senders outside the app', async () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.values(INVOKE).sort());
    for (const channel of Object.values(INVOKE)) {
      await expect(invoke(channel, ipcEvent(mainWindow(), 'https://evil.example/'))).rejects.toThrow(
        /not a page of the app/,
      );
      await expect(invoke(channel, { sender: { id: 1 }, senderFrame: null })).rejects.toThrow(
        /not a page of the app/,
      );
      await expect(
        invoke(channel, ipcEvent(mainWindow(), 'app://bundle/index.html', { url: 'app://bundle/' })),
      ).rejects.toThrow(/top-level frame/);
    }
  });

  it('answers the app version and online state to the app, and validates payloads', async () => {
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    await expect(invoke(INVOKE.getVersion, fromUi)).resolves.toBe('9.8.7');
    await expect(
      invoke(INVOKE.getOnline, ipcEvent(engineWindow(), 'app://bundle/engine.html')),
    ).resolves.toBe(true);
    await expect(invoke(INVOKE.getVersion, fromUi, { extra: true })).rejects.toThrow(/invalid payload/);
  });

  it('lets only the engine window raise notifications, and only well-formed ones', async () => {
    const fromEngine = ipcEvent(engineWindow(), 'app://bundle/engine.html');
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    const notification = {
      title: 'Certification expires in 7 days',
      body: 'Ada Lovelace',
      route: '/expiries',
    };
    await expect(invoke(INVOKE.notify, fromUi, notification)).rejects.toThrow(/only the engine window/);
    await expect(invoke(INVOKE.notify, fromEngine, { title: '', body: 'x' })).rejects.toThrow(
      /invalid payload/,
    );
    await expect(
      invoke(INVOKE.notify, fromEngine, { ...notification, route: 'https://evil.example' }),
    ).rejects.toThrow(/invalid payload/);
    await expect(invoke(INVOKE.notify, fromEngine, { ...notification, exec: 'rm -rf' })).rejects.toThrow(
      /invalid payload/,
    );
    const before = fake.FakeNotification.shown.length;
    await invoke(INVOKE.notify, fromEngine, notification);
    const shown = fake.FakeNotification.shown.at(-1);
    expect(fake.FakeNotification.shown.length).toBe(before + 1);
    expect(shown?.options).toMatchObject({ title: notification.title, body: notification.body });

    // a click brings the UI forward on the notification's page
    mainWindow().hide();
    shown?.emit('click');
    expect(mainWindow().visible).toBe(true);
    expect(mainWindow().webContents.sent).toContainEqual(['ro:navigate', '/expiries']);
  });

  it('opens files only for the UI window, within the size limit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ro-open-'));
    const file = path.join(dir, 'registrations.csv');
    writeFileSync(file, 'mentor_id,name\nm-1,Ada\n');
    fake.dialogResult = { canceled: false, filePaths: [file] };
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    const result = (await invoke(INVOKE.openFile, fromUi, {})) as { name: string; bytes: Uint8Array };
    expect(result.name).toBe('registrations.csv');
    expect(new TextDecoder().decode(result.bytes)).toContain('m-1,Ada');
    await expect(
      invoke(INVOKE.openFile, ipcEvent(engineWindow(), 'app://bundle/engine.html'), {}),
    ).rejects.toThrow(/only the ui window/);
    await expect(
      invoke(INVOKE.openFile, fromUi, { filters: [{ name: 'x', extensions: ['../..'] }] }),
    ).rejects.toThrow(/invalid payload/);
    fake.dialogResult = { canceled: true, filePaths: [] };
    await expect(invoke(INVOKE.openFile, fromUi, {})).resolves.toBeNull();
  });

  it('opens external links only when vetted', async () => {
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    await expect(invoke(INVOKE.openExternal, fromUi, { url: 'file:///etc/passwd' })).rejects.toThrow(
      /refused/,
    );
    await expect(
      invoke(INVOKE.openExternal, fromUi, { url: 'https://example.org/guide' }),
    ).resolves.toBeUndefined();
    expect(fake.openedExternally).toContain('https://example.org/guide');
    expect(fake.openedExternally).not.toContain('file:///etc/passwd');
  });

  it('keeps the sync token encrypted under userData for both windows, validating every payload', async () => {
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    const fromEngine = ipcEvent(engineWindow(), 'app://bundle/engine.html');
    const file = path.join(fake.userData, 'sync-token.enc');
    await expect(invoke(INVOKE.tokenGet, fromEngine)).resolves.toBeNull();
    await expect(invoke(INVOKE.tokenSet, fromUi, { token: 'coord-119-secret' })).resolves.toEqual({
      kind: 'protected',
      description: expect.stringContaining('gnome_libsecret'),
    });
    expect(readFileSync(file, 'utf8')).not.toContain('coord-119-secret');
    await expect(invoke(INVOKE.tokenGet, fromEngine)).resolves.toBe('coord-119-secret');
    await expect(invoke(INVOKE.tokenWhere, fromUi)).resolves.toMatchObject({ kind: 'protected' });

    // what zod refuses never reaches the key store
    const encrypted = fake.keyStore.encryptCalls;
    for (const payload of [
      undefined,
      'coord-119-secret',
      { token: '' },
      { token: 'two words' },
      { token: 'x'.repeat(4097) },
      { token: 'coord-119-secret', backend: 'basic_text' },
      { value: 'coord-119-secret' },
    ]) {
      await expect(invoke(INVOKE.tokenSet, fromUi, payload)).rejects.toThrow(/invalid payload/);
    }
    await expect(invoke(INVOKE.tokenGet, fromUi, { token: 'x' })).rejects.toThrow(/invalid payload/);
    expect(fake.keyStore.encryptCalls).toBe(encrypted);
    await expect(invoke(INVOKE.tokenGet, fromUi)).resolves.toBe('coord-119-secret');

    // a page of another origin, or a frame inside the app, gets nothing
    await expect(invoke(INVOKE.tokenGet, ipcEvent(mainWindow(), 'https://evil.example/'))).rejects.toThrow(
      /not a page of the app/,
    );
    await expect(
      invoke(INVOKE.tokenGet, ipcEvent(mainWindow(), 'app://bundle/index.html', { url: 'app://bundle/' })),
    ).rejects.toThrow(/top-level frame/);

    await expect(invoke(INVOKE.tokenSet, fromUi, { token: null })).resolves.toMatchObject({
      kind: 'protected',
    });
    expect(existsSync(file)).toBe(false);
    await expect(invoke(INVOKE.tokenGet, fromEngine)).resolves.toBeNull();
  });

  it('says plainly when the key store is the hard-coded basic_text one, and writes no token file', async () => {
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    fake.keyStore.backend = 'basic_text';
    try {
      const where = (await invoke(INVOKE.tokenSet, fromUi, { token: 'coord-119-secret' })) as {
        kind: string;
        description: string;
      };
      expect(where.kind).toBe('memory-only');
      expect(where.description).toMatch(/^Not saved on this computer: .*basic_text/);
      expect(existsSync(path.join(fake.userData, 'sync-token.enc'))).toBe(false);
      await expect(invoke(INVOKE.tokenGet, fromUi)).resolves.toBe('coord-119-secret');
      await expect(invoke(INVOKE.tokenWhere, fromUi)).resolves.toEqual(where);
    } finally {
      fake.keyStore.backend = 'gnome_libsecret';
      await invoke(INVOKE.tokenSet, fromUi, { token: null });
    }
  });

  it('ticks the engine every minute and on resume and unlock', async () => {
    const engine = engineWindow();
    engine.webContents.sent = [];
    await vi.advanceTimersByTimeAsync(60_000);
    expect(engine.webContents.sent).toContainEqual(['ro:tick', 'interval']);
    fake.powerMonitor.emit('resume');
    fake.powerMonitor.emit('unlock-screen');
    expect(
      engine.webContents.sent.filter(([channel, reason]) => channel === 'ro:tick' && reason === 'resume'),
    ).toHaveLength(2);
    fake.trayMenu.find((item) => item.label === 'Check for due work now')?.click?.();
    expect(engine.webContents.sent).toContainEqual(['ro:tick', 'manual']);
    // the UI window gets no ticks: only the engine schedules work
    expect(mainWindow().webContents.sent.some(([channel]) => channel === 'ro:tick')).toBe(false);
  });

  it('pushes online changes from net to both windows', async () => {
    fake.online = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(engineWindow().webContents.sent).toContainEqual(['ro:online-changed', false]);
    expect(mainWindow().webContents.sent).toContainEqual(['ro:online-changed', false]);
    fake.online = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(engineWindow().webContents.sent.at(-1)).toEqual(['ro:online-changed', true]);
  });

  it('hides the UI window on close, keeping the app and its engine running', () => {
    const close = { preventDefault: vi.fn() };
    mainWindow().show();
    mainWindow().emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(mainWindow().visible).toBe(false);
    expect(engineWindow().destroyed).toBe(false);
  });

  it('focuses the existing UI when a second instance starts', () => {
    mainWindow().hide();
    fake.app.emit('second-instance', {}, ['/opt/ro/registration-orchestrator'], '/');
    expect(mainWindow().visible).toBe(true);
  });

  it('recreates the engine window with backoff when its renderer dies', async () => {
    const dead = engineWindow();
    const count = engineWindows().length;
    dead.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(dead.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(engineWindows()).toHaveLength(count);
    await vi.advanceTimersByTimeAsync(600);
    expect(engineWindows()).toHaveLength(count + 1);
    const fresh = engineWindow();
    expect(fresh).not.toBe(dead);
    expect(webPreferences(fresh)).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });

    // it crashes again at once: the next restart waits longer
    fresh.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(engineWindows()).toHaveLength(count + 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(engineWindows()).toHaveLength(count + 2);

    // a fresh engine window gets a start-up tick and the online state once loaded
    engineWindow().webContents.emit('did-finish-load');
    expect(engineWindow().webContents.sent).toEqual([
      ['ro:online-changed', true],
      ['ro:tick', 'startup'],
    ]);
  });

  it('replaces an engine window that stays unresponsive, not one that recovers', async () => {
    const slow = engineWindow();
    const count = engineWindows().length;
    slow.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(20_000);
    slow.emit('responsive');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(slow.destroyed).toBe(false);

    slow.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(slow.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(engineWindows()).toHaveLength(count + 1);
  });

  it('reloads the UI when its renderer crashes', async () => {
    const ui = mainWindow();
    const before = ui.reloads;
    ui.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ui.reloads).toBe(before + 1);
  });

  it('serves the bundle through the app:// handler and nothing else', async () => {
    const handler = fake.protocolHandlers.get('app');
    expect((await handler?.(new Request('app://evil/index.html')))?.status).toBe(403);
    expect((await handler?.(new Request('app://bundle/..%2f..%2fpackage.json')))?.status).toBe(400);
  });

  it('turns start at login on and off from the UI window, on by default with the first reminder', async () => {
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    const fromEngine = ipcEvent(engineWindow(), 'app://bundle/engine.html');
    const configHome = mkdtempSync(path.join(tmpdir(), 'ro-config-'));
    process.env['XDG_CONFIG_HOME'] = configHome;
    const entry = path.join(configHome, 'autostart', 'org.registration-orchestrator.desktop.desktop');
    fake.app.isPackaged = true;
    try {
      await expect(invoke(INVOKE.loginItemGet, fromUi)).resolves.toEqual({
        supported: true,
        enabled: false,
        chosen: false,
      });
      // the first reminder set up (the engine says so): on, as the coordinator has not chosen
      await expect(invoke(INVOKE.remindersSetUp, fromEngine)).resolves.toMatchObject({ enabled: true });
      expect(readFileSync(entry, 'utf8')).toMatch(/^Exec=".+" --hidden$/m);
      await expect(invoke(INVOKE.loginItemSet, fromUi, { enabled: false })).resolves.toEqual({
        supported: true,
        enabled: false,
        chosen: true,
      });
      expect(existsSync(entry)).toBe(false);
      // the coordinator's choice stands against the default, and survives a restart (the file)
      await invoke(INVOKE.remindersSetUp, fromEngine);
      expect(existsSync(entry)).toBe(false);
      const stored = JSON.parse(readFileSync(path.join(fake.userData, 'desktop-settings.json'), 'utf8'));
      expect(stored.start_at_login).toEqual({ enabled: false, chosen: true });
      await invoke(INVOKE.loginItemSet, fromUi, { enabled: true });
      expect(existsSync(entry)).toBe(true);

      // only the UI changes it, only the engine reports reminders, and the payload is checked
      await expect(invoke(INVOKE.loginItemSet, fromEngine, { enabled: false })).rejects.toThrow(
        /only the ui/,
      );
      await expect(invoke(INVOKE.remindersSetUp, fromUi)).rejects.toThrow(/only the engine/);
      await expect(invoke(INVOKE.loginItemSet, fromUi, { enabled: 'yes' })).rejects.toThrow(
        /invalid payload/,
      );
    } finally {
      fake.app.isPackaged = false;
      delete process.env['XDG_CONFIG_HOME'];
      rmSync(configHome, { recursive: true, force: true });
    }
  });

  it('hands a file opened from the OS or given to a second launch to the import wizard, ignoring other arguments', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ro-opened-'));
    const roster = path.join(dir, 'roster.xlsx');
    const registrations = path.join(dir, 'registrations.csv');
    writeFileSync(roster, 'PK roster bytes');
    writeFileSync(registrations, 'mentor_id,name\nm-1,Ada\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a spreadsheet');
    mkdirSync(path.join(dir, 'folder.csv'));
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    const fromEngine = ipcEvent(engineWindow(), 'app://bundle/engine.html');
    const opened = () =>
      mainWindow().webContents.sent.filter(([channel]) => channel === 'ro:opened-file').length;
    const take = () =>
      invoke(INVOKE.openedFileTake, fromUi) as Promise<{ name: string; bytes: Uint8Array } | null>;

    // macOS open-file (also a drop on the dock icon): the UI is shown and told a file waits
    mainWindow().hide();
    const before = opened();
    const openFileEvent = { preventDefault: vi.fn() };
    fake.app.emit('open-file', openFileEvent, roster);
    expect(openFileEvent.preventDefault).toHaveBeenCalled();
    // the path is checked on disk (real I/O) before the window hears of it
    await vi.waitFor(() => expect(opened()).toBe(before + 1));
    expect(mainWindow().visible).toBe(true);
    const first = await take();
    expect(first?.name).toBe('roster.xlsx');
    expect(new TextDecoder().decode(first?.bytes)).toBe('PK roster bytes');
    await expect(take()).resolves.toBeNull();

    // a second launch: only the absolute path of an existing spreadsheet counts
    fake.app.emit(
      'second-instance',
      {},
      [
        '/opt/Registration Orchestrator/registration-orchestrator',
        '--inspect=9229',
        '--allow-file-access-from-files',
        'registrations.csv',
        path.join(dir, 'missing.xlsx'),
        path.join(dir, 'notes.txt'),
        path.join(dir, 'folder.csv'),
        'https://evil.example/x.csv',
        registrations,
      ],
      dir,
    );
    await vi.waitFor(() => expect(opened()).toBe(before + 2));
    await expect(invoke(INVOKE.openedFileTake, fromEngine)).rejects.toThrow(/only the ui window/);
    const second = await take();
    expect(second?.name).toBe('registrations.csv');
    await expect(take()).resolves.toBeNull();

    // a launch with nothing that is a file shows the window and opens nothing
    fake.app.emit('second-instance', {}, ['/opt/ro', '--flag', 'hello'], dir);
    await new Promise((resolve) => process.nextTick(resolve));
    await vi.advanceTimersByTimeAsync(50);
    expect(opened()).toBe(before + 2);

    // a file dropped on the tray icon (macOS) goes the same way
    fake.trayHandlers.get('drop-files')?.({}, [registrations]);
    await vi.waitFor(() => expect(opened()).toBe(before + 3));
    expect((await take())?.name).toBe('registrations.csv');
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the engine requests with net.fetch, to the configured server only, honouring abort and timeout', async () => {
    const fromUi = ipcEvent(mainWindow(), 'app://bundle/index.html');
    const fromEngine = ipcEvent(engineWindow(), 'app://bundle/engine.html');
    const request = (id: string, url: string, timeoutMs = 5_000) => ({
      id,
      url,
      method: 'POST',
      headers: { authorization: 'Bearer t', 'idempotency-key': 'k-1', 'content-type': 'application/json' },
      body: '{"items":[]}',
      timeoutMs,
    });
    fake.netFetchCalls.length = 0;
    fake.netFetch = async () =>
      new Response('{"error":{"code":"unavailable","message":"later"}}', {
        status: 503,
        headers: { 'retry-after': '12', 'idempotent-replayed': 'true', 'set-cookie': 'no' },
      });

    // nothing configured yet: refused before anything is sent
    await expect(
      invoke(INVOKE.httpSend, fromEngine, request('a', 'https://sync.example/api/v1/batches')),
    ).rejects.toThrow(/no sync server is configured/);
    // only the UI names the server; the engine cannot
    await expect(invoke(INVOKE.syncServerSet, fromEngine, { url: 'https://evil.example' })).rejects.toThrow(
      /only the ui/,
    );
    await expect(invoke(INVOKE.syncServerSet, fromUi, { url: 'file:///etc' })).rejects.toThrow(/not an http/);
    await invoke(INVOKE.syncServerSet, fromUi, { url: 'https://sync.example:8443/' });
    expect(JSON.parse(readFileSync(path.join(fake.userData, 'desktop-settings.json'), 'utf8'))).toMatchObject(
      {
        sync_server_origin: 'https://sync.example:8443',
      },
    );

    const answer = await invoke(
      INVOKE.httpSend,
      fromEngine,
      request('b', 'https://sync.example:8443/api/v1/batches'),
    );
    expect(answer).toEqual({
      ok: true,
      status: 503,
      statusText: '',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'retry-after': '12',
        'idempotent-replayed': 'true',
      },
      body: '{"error":{"code":"unavailable","message":"later"}}',
    });
    expect(fake.netFetchCalls).toHaveLength(1);
    expect(fake.netFetchCalls[0]).toMatchObject({
      url: 'https://sync.example:8443/api/v1/batches',
      init: { method: 'POST', redirect: 'error', headers: { 'idempotency-key': 'k-1' } },
    });

    // another origin, another scheme, a header the client never sends, the UI as sender: refused
    await expect(
      invoke(INVOKE.httpSend, fromEngine, request('c', 'https://evil.example/api/v1/batches')),
    ).rejects.toThrow(/not the configured sync server/);
    await expect(
      invoke(INVOKE.httpSend, fromEngine, request('c', 'http://sync.example:8443/')),
    ).rejects.toThrow(/not the configured/);
    await expect(
      invoke(INVOKE.httpSend, fromEngine, {
        ...request('c', 'https://sync.example:8443/'),
        headers: { cookie: 'x' },
      }),
    ).rejects.toThrow(/invalid payload/);
    await expect(invoke(INVOKE.httpSend, fromUi, request('c', 'https://sync.example:8443/'))).rejects.toThrow(
      /only the engine window/,
    );
    expect(fake.netFetchCalls).toHaveLength(1);

    // a hung request: the engine aborts it, or its timeout ends it, and net.fetch sees the signal
    fake.netFetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const aborted = invoke(
      INVOKE.httpSend,
      fromEngine,
      request('d', 'https://sync.example:8443/api/v1/batches/x'),
    );
    await vi.advanceTimersByTimeAsync(10);
    await invoke(INVOKE.httpAbort, fromEngine, { id: 'd' });
    await expect(aborted).resolves.toMatchObject({ ok: false, failure: { name: 'AbortError' } });
    const timedOut = invoke(
      INVOKE.httpSend,
      fromEngine,
      request('e', 'https://sync.example:8443/api/v1/batches/x', 2_000),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(timedOut).resolves.toMatchObject({ ok: false, failure: { name: 'TimeoutError' } });
    expect(fake.netFetchCalls.at(-1)?.init?.signal?.aborted).toBe(true);

    // the engine window going away ends its requests
    const orphan = invoke(
      INVOKE.httpSend,
      fromEngine,
      request('f', 'https://sync.example:8443/api/v1/batches/y'),
    );
    await vi.advanceTimersByTimeAsync(10);
    engineWindow().webContents.emit('destroyed');
    await expect(orphan).resolves.toMatchObject({ ok: false, failure: { name: 'AbortError' } });
  });

  it('stops restarting the engine once the app quits', async () => {
    const count = engineWindows().length;
    fake.app.emit('before-quit');
    engineWindow().webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(engineWindows()).toHaveLength(count);
    // and closing the UI now really closes it
    const close = { preventDefault: vi.fn() };
    mainWindow().emit('close', close);
    expect(close.preventDefault).not.toHaveBeenCalled();
  });
});
