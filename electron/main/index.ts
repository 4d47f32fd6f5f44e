import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  type Tray,
} from 'electron';
import { EVENTS, INVOKE, type EventChannel, type TickReasonPayload } from '../shared/ipc';
import { createAppProtocolHandler } from './app-protocol';
import { openVettedExternal } from './external';
import { DesktopSettingsFile, serverOrigin } from './desktop-settings';
import { hardenSession, hardenWebContents } from './hardening';
import { createHttpRelay } from './http-relay';
import { IpcRejection } from './ipc-guard';
import { registerIpcHandlers } from './ipc-handlers';
import { StartAtLogin } from './login-item';
import { Notifier } from './notifications';
import { OpenedFiles, fileCandidates } from './opened-files';
import { startTicks, watchOnline, type OnlineWatcher } from './schedule';
import { TokenVault } from './token-vault';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  ENGINE_PAGE_URL,
  MAIN_PAGE_URL,
  devServerOrigin,
  type RendererSource,
} from './security';
import { createTray } from './tray';
import { EngineSupervisor, createEngineWindow, createMainWindow, type WindowUrls } from './windows';

const here = path.dirname(fileURLToPath(import.meta.url));
/** out/main/index.js -> out/renderer (the built UI and engine pages) */
const RENDERER_DIR = path.join(here, '../renderer');

/**
 * The preload is built as CommonJS (a sandboxed preload cannot be an ES module); electron-vite
 * names it index.cjs in an ESM package, index.js otherwise.
 */
export function resolvePreloadPath(
  preloadDir: string,
  exists: (file: string) => boolean = existsSync,
): string {
  const candidates = ['index.cjs', 'index.js'].map((name) => path.join(preloadDir, name));
  return candidates.find((file) => exists(file)) ?? (candidates[0] as string);
}

/** The dev server in development (`electron-vite dev`), the app:// bundle otherwise. */
export function rendererUrls(source: RendererSource, rendererUrl: string | undefined): WindowUrls {
  if (source.devOrigin && rendererUrl) {
    const base = rendererUrl.replace(/\/+$/, '');
    return { main: `${base}/index.html`, engine: `${base}/engine.html` };
  }
  return { main: MAIN_PAGE_URL, engine: ENGINE_PAGE_URL };
}

// Privileges must be registered before `ready`; they give app:// an origin with IndexedDB,
// Web Locks and module workers (see APP_SCHEME_PRIVILEGES).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, whatever its web preferences say (also for any future window).
app.enableSandbox();

function startMain(): void {
  // One instance per profile: a second launch focuses the first and exits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
  const devOrigin = devServerOrigin(rendererUrl, app.isPackaged);
  const source: RendererSource = devOrigin ? { devOrigin } : {};
  const urls = rendererUrls(source, rendererUrl);
  const preloadPath = resolvePreloadPath(path.join(here, '../preload'));

  let quitting = false;
  let mainWindow: BrowserWindow | undefined;
  let tray: Tray | undefined;
  const stops: Array<() => void> = [];

  const settings = new DesktopSettingsFile(() => app.getPath('userData'));
  const startAtLogin = new StartAtLogin(settings, {
    platform: process.platform,
    isPackaged: () => app.isPackaged,
    setLoginItemSettings: (options) => app.setLoginItemSettings(options),
    getLoginItemSettings: (options) => app.getLoginItemSettings(options),
    executable: () => process.env['APPIMAGE'] ?? process.execPath,
    configHome: () => process.env['XDG_CONFIG_HOME'] ?? path.join(app.getPath('home'), '.config'),
  });
  // net.fetch: the engine's sync requests leave from here, to the configured server only
  const relay = createHttpRelay({
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    allowedOrigin: () => settings.get().sync_server_origin,
  });
  const openedFiles = new OpenedFiles();
  let ready = false;

  const openVetted = (url: string): void => {
    void openVettedExternal(url);
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, source, openVetted));

  const liveMainWindow = (): BrowserWindow | undefined =>
    mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;

  const showMainWindow = (): BrowserWindow => {
    const window =
      liveMainWindow() ?? (mainWindow = createMainWindow(preloadPath, urls.main, () => quitting));
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  };

  // `net` is usable only once the app is ready: until then nothing asks for the online state.
  let online: OnlineWatcher | undefined;

  const engine = new EngineSupervisor({
    create: () => {
      const window = createEngineWindow(preloadPath, urls.engine);
      // a replaced or crashed engine's requests end with it
      const id = window.webContents.id;
      window.webContents.once('destroyed', () => relay.abortAll(id));
      return window;
    },
    onReady: (window) => {
      window.webContents.send(EVENTS.onlineChanged, online?.current() ?? net.isOnline());
      window.webContents.send(EVENTS.tick, 'startup' satisfies TickReasonPayload);
    },
  });
  const tickEngine = (reason: TickReasonPayload): void =>
    engine.window()?.webContents.send(EVENTS.tick, reason);

  const broadcast = (channel: EventChannel, payload: unknown): void => {
    for (const window of [liveMainWindow(), engine.window()]) {
      if (window && !window.webContents.isDestroyed()) window.webContents.send(channel, payload);
    }
  };

  const notifier = new Notifier((route) => {
    const window = showMainWindow();
    if (!route) return;
    // a UI window created by this click hears the route only once its page has loaded
    if (window.webContents.isLoading()) {
      window.webContents.once('did-finish-load', () => window.webContents.send(EVENTS.navigate, route));
    } else window.webContents.send(EVENTS.navigate, route);
  });

  /** Checks paths the OS handed over and brings the import wizard up for those that pass. */
  const receiveFiles = async (candidates: readonly string[]): Promise<void> => {
    if ((await openedFiles.add(candidates)) === 0 || !ready) return;
    const window = showMainWindow();
    // a window still loading takes the file once its page runs (it asks at start)
    if (!window.webContents.isLoading()) window.webContents.send(EVENTS.openedFile);
  };

  // macOS: a file opened with the app or dropped on its dock icon, also before `ready`
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    void receiveFiles([filePath]);
  });
  // a second launch (with a file, on Windows and Linux) hands its arguments to this instance
  app.on('second-instance', (_event, argv) => {
    showMainWindow();
    void receiveFiles(fileCandidates(argv));
  });
  app.on('activate', () => showMainWindow());
  // The engine window is hidden, not closed: the app lives in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
    engine.stop();
    for (const stop of stops.splice(0)) stop();
  });

  void app.whenReady().then(() => {
    settings.load();
    if (process.platform === 'win32') app.setAppUserModelId('org.registration-orchestrator.desktop');
    hardenSession(session.defaultSession, source);
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler(RENDERER_DIR, (file) => readFile(file)),
    );

    const watcher = watchOnline(
      () => net.isOnline(),
      (isOnline) => broadcast(EVENTS.onlineChanged, isOnline),
    );
    online = watcher;
    stops.push(() => watcher.stop());

    registerIpcHandlers({
      ipcMain,
      context: {
        source,
        windowIdFor: (audience) =>
          audience === 'ui' ? liveMainWindow()?.webContents.id : engine.window()?.webContents.id,
      },
      mainWindow: liveMainWindow,
      showOpenDialog: (window, options) =>
        window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options),
      notify: (request) => notifier.show(request),
      isOnline: () => watcher.current(),
      version: () => app.getVersion(),
      openLink: openVettedExternal,
      // safeStorage answers only once the app is ready, as here
      tokens: new TokenVault({ safeStorage, directory: () => app.getPath('userData') }),
      http: relay,
      setSyncServer: async (url) => {
        const origin = url === null ? undefined : serverOrigin(url);
        if (url !== null && origin === undefined) {
          throw new IpcRejection(`${INVOKE.syncServerSet}: refused, not an http(s) address`);
        }
        if (origin !== settings.get().sync_server_origin)
          await settings.update({ sync_server_origin: origin });
      },
      startAtLogin,
      openedFiles,
    });

    engine.start();
    stops.push(startTicks(tickEngine, powerMonitor));
    ready = true;
    // started at login: the engine and the tray run, the window stays closed until asked for
    // (a file opened before `ready`, on macOS, asks for it)
    if (openedFiles.hasWaiting() || !startAtLogin.launchedAtLogin(process.argv)) showMainWindow();
    // files given on the command line (Windows, Linux); the UI also takes waiting files at start
    void receiveFiles(fileCandidates(process.argv));
    tray = createTray({
      open: () => showMainWindow(),
      openFiles: (paths) => void receiveFiles(paths),
      checkNow: () => tickEngine('manual'),
      quit: () => {
        quitting = true;
        app.quit();
      },
    });
    stops.push(() => tray?.destroy());
  });
}

startMain();
