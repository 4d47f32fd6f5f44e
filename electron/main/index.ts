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
import { EVENTS, type EventChannel, type TickReasonPayload } from '../shared/ipc';
import { createAppProtocolHandler } from './app-protocol';
import { openVettedExternal } from './external';
import { hardenSession, hardenWebContents } from './hardening';
import { registerIpcHandlers } from './ipc-handlers';
import { Notifier } from './notifications';
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
    create: () => createEngineWindow(preloadPath, urls.engine),
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

  app.on('second-instance', () => showMainWindow());
  app.on('activate', () => showMainWindow());
  // The engine window is hidden, not closed: the app lives in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
    engine.stop();
    for (const stop of stops.splice(0)) stop();
  });

  void app.whenReady().then(() => {
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
    });

    engine.start();
    stops.push(startTicks(tickEngine, powerMonitor));
    showMainWindow();
    tray = createTray({
      open: () => showMainWindow(),
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
