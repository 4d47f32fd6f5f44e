import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { restartDelayMs } from './security';

/** The UI window and the hidden engine window, both with the same hardened web preferences. */

export interface WindowUrls {
  main: string;
  engine: string;
}

type WindowShape = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

/**
 * The only `new BrowserWindow` of the app. The web preferences are written out literally here
 * (not spread from a helper) so that electronegativity checks them at the constructor, and
 * test/unit/electron/main-wiring.test.ts asserts them on the windows main actually creates.
 */
export function createSecureWindow(
  shape: WindowShape,
  preloadPath: string,
  backgroundThrottling = true,
): BrowserWindow {
  return new BrowserWindow({
    ...shape,
    webPreferences: {
      preload: preloadPath,
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
      // a middle click on a link would otherwise try to open a window (denied anyway)
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      backgroundThrottling,
    },
  });
}

export function createMainWindow(preloadPath: string, url: string, isQuitting: () => boolean): BrowserWindow {
  const window = createSecureWindow(
    {
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Registration Orchestrator',
      backgroundColor: '#ffffff',
    },
    preloadPath,
  );
  window.once('ready-to-show', () => window.show());
  reloadWhenRendererDies(window, isQuitting);
  // Closing the UI only hides it: the engine keeps running from the tray until Quit.
  window.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(url);
  return window;
}

/**
 * A crashed UI renderer leaves a blank window: reload it, with the same backoff as the engine
 * window so a page that crashes while loading does not spin.
 */
function reloadWhenRendererDies(
  window: BrowserWindow,
  isQuitting: () => boolean,
  now: () => number = Date.now,
): void {
  let crashes = 0;
  let loadedAt = 0;
  window.webContents.on('did-finish-load', () => {
    loadedAt = now();
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    if (isQuitting() || details.reason === 'clean-exit') return;
    if (now() - loadedAt >= 60_000) crashes = 0;
    const delay = restartDelayMs(crashes);
    crashes += 1;
    console.error(`[ui] renderer gone (${details.reason}), reloading in ${delay} ms`);
    setTimeout(() => {
      if (!window.isDestroyed()) window.reload();
    }, delay);
  });
}

export function createEngineWindow(preloadPath: string, url: string): BrowserWindow {
  // A hidden window is throttled like a background tab: the engine's timers must keep running.
  const window = createSecureWindow(
    {
      show: false,
      width: 400,
      height: 300,
      skipTaskbar: true,
      focusable: false,
      title: 'Registration Orchestrator engine',
    },
    preloadPath,
    false,
  );
  void window.loadURL(url);
  return window;
}

type Timer = ReturnType<typeof setTimeout>;

export interface EngineSupervisorOptions {
  create: () => BrowserWindow;
  /** called every time a new engine window finished loading */
  onReady?: (window: BrowserWindow) => void;
  now?: () => number;
  /** an engine window that lived this long resets the backoff */
  stableAfterMs?: number;
  /** an engine renderer unresponsive this long is replaced (a job stuck in a loop) */
  hangLimitMs?: number;
}

/**
 * Keeps one engine window alive: when its renderer dies (crash, OOM, killed) it is destroyed
 * and created again after an exponential backoff, so a renderer that crashes at start-up does
 * not spin the CPU.
 */
export class EngineSupervisor {
  private current: BrowserWindow | undefined;
  private attempt = 0;
  private startedAt = 0;
  private restartTimer: Timer | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly stableAfterMs: number;
  private readonly hangLimitMs: number;
  private hangTimer: Timer | undefined;

  constructor(private readonly options: EngineSupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.stableAfterMs = options.stableAfterMs ?? 60_000;
    this.hangLimitMs = options.hangLimitMs ?? 30_000;
  }

  window(): BrowserWindow | undefined {
    return this.current && !this.current.isDestroyed() ? this.current : undefined;
  }

  start(): void {
    if (this.stopped || this.window()) return;
    const window = this.options.create();
    this.current = window;
    this.startedAt = this.now();
    window.webContents.on('did-finish-load', () => this.options.onReady?.(window));
    window.webContents.on('render-process-gone', (_event, details) => {
      console.error(`[engine] renderer gone (${details.reason}, exit code ${details.exitCode})`);
      this.restart(window);
    });
    window.on('closed', () => {
      if (this.current === window) this.restart(window);
    });
    // The engine's lease lets another context take over a job, but only if this one lets go of
    // the Web Lock: a hung renderer holds it forever, so replace the window.
    window.on('unresponsive', () => {
      if (this.current !== window || this.hangTimer) return;
      this.hangTimer = setTimeout(() => {
        this.hangTimer = undefined;
        console.error(`[engine] renderer unresponsive for ${this.hangLimitMs} ms`);
        this.restart(window);
      }, this.hangLimitMs);
    });
    window.on('responsive', () => this.clearHangTimer());
  }

  private clearHangTimer(): void {
    if (this.hangTimer) clearTimeout(this.hangTimer);
    this.hangTimer = undefined;
  }

  /** On quit: no more restarts. */
  stop(): void {
    this.stopped = true;
    this.clearHangTimer();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  private restart(window: BrowserWindow): void {
    if (this.current !== window) return;
    this.current = undefined;
    this.clearHangTimer();
    if (!window.isDestroyed()) window.destroy();
    if (this.stopped) return;
    if (this.now() - this.startedAt >= this.stableAfterMs) this.attempt = 0;
    const delay = restartDelayMs(this.attempt);
    this.attempt += 1;
    console.warn(`[engine] restarting the engine window in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.start();
    }, delay);
  }
}
