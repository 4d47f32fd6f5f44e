import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronRuntime } from './runtime';

/**
 * Launches the built desktop app (out/main) and checks that it comes up as designed: the UI from
 * app://bundle with the preload API and no Node in the page, the hidden engine window holding the
 * profile's engine lock, and the hardened window settings the main process applied.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const runtime = findElectronRuntime(repoRoot);
const ENGINE_LOCK_NAME = 'registration-orchestrator/engine';

/** The part of `window.roHost` (electron/shared/ipc.ts) this test touches. */
type HostWindow = Window & { roHost?: { kind: string; getVersion(): Promise<string> } };

if (runtime.skipReason) console.log(`[electron smoke] skipped: ${runtime.skipReason}`);

test.describe('desktop app (Electron)', () => {
  test.skip(runtime.skipReason !== undefined, runtime.skipReason ?? '');

  let app: ElectronApplication;
  let ui: Page;

  test.beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, 'out', 'main', 'index.js'))) {
      throw new Error('out/main/index.js is missing: run `npm run build` before the Electron smoke test');
    }
    const args = [repoRoot];
    // Electron's own sandbox needs a setuid helper that CI containers running as root do not have;
    // this turns off the OS-level process sandbox only, not the renderer `sandbox: true` option.
    if (process.platform === 'linux' && process.getuid?.() === 0) args.unshift('--no-sandbox');
    app = await electron.launch({ executablePath: runtime.executablePath, args, cwd: repoRoot });
    // the engine window may well be the first: wait for the one that shows the UI
    await expect
      .poll(() => app.windows().some((page) => page.url() === 'app://bundle/index.html'), { timeout: 30_000 })
      .toBe(true);
    ui = app.windows().find((page) => page.url() === 'app://bundle/index.html') as Page;
    await ui.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('serves the UI from app://bundle with the preload API and no Node in the page', async () => {
    expect(ui.url()).toBe('app://bundle/index.html');
    const page = await ui.evaluate(async () => ({
      kind: (window as HostWindow).roHost?.kind,
      version: await (window as HostWindow).roHost?.getVersion(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      opened: window.open('https://example.org/') === null,
    }));
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(page).toEqual({
      kind: 'electron',
      version: pkg.version,
      require: 'undefined',
      process: 'undefined',
      opened: true,
    });
  });

  test('sends the CSP header with the bundle', async () => {
    const csp = await ui.evaluate(async () =>
      (await fetch('app://bundle/index.html')).headers.get('content-security-policy'),
    );
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  test('runs exactly one engine, in the hidden, sandboxed engine window', async () => {
    const windows = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((window) => ({
        url: window.webContents.getURL(),
        visible: window.isVisible(),
      })),
    );
    expect(windows).toContainEqual({ url: 'app://bundle/engine.html', visible: false });
    const engine = app.windows().find((page) => page.url() === 'app://bundle/engine.html');
    expect(engine).toBeDefined();
    const engineGlobals = await engine?.evaluate(() => ({
      host: (window as HostWindow).roHost?.kind,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(engineGlobals).toEqual({ host: 'electron', require: 'undefined', process: 'undefined' });
    await expect
      .poll(async () => {
        const state = await ui.evaluate(() => navigator.locks.query());
        return (state.held ?? []).filter((lock) => lock.name === ENGINE_LOCK_NAME).length;
      })
      .toBe(1);
  });

  test('keeps running in the tray when the UI window is closed', async () => {
    await app.evaluate(({ BrowserWindow }) => {
      BrowserWindow.getAllWindows()
        .find((window) => window.webContents.getURL().endsWith('/index.html'))
        ?.close();
    });
    const state = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((window) => ({
        url: window.webContents.getURL(),
        visible: window.isVisible(),
      })),
    );
    expect(state).toEqual(
      expect.arrayContaining([
        { url: 'app://bundle/index.html', visible: false },
        { url: 'app://bundle/engine.html', visible: false },
      ]),
    );
  });
});
