import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { mergeConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The renderer's Vite config: one source of truth for the Electron build
 * (`electron.vite.config.ts`) and the browser build (`scripts/web.mjs`, Playwright).
 */

/** Absolute path of `renderer/`, the Vite root of every renderer build. */
const rendererUrl = new URL('./renderer/', import.meta.url);
export const rendererRoot = fileURLToPath(rendererUrl);

/** Absolute path of the repository root. */
export const repoRoot = fileURLToPath(new URL('./', import.meta.url));

/** HTML pages of the renderer, relative to `renderer/`. */
export const rendererPages = {
  /** the UI, in both hosts */
  index: 'index.html',
  /** the hidden engine window of the Electron host */
  engine: 'engine.html',
} as const;

/**
 * Where the browser build goes (the Electron build goes to out/renderer). `WEB_OUT_DIR` moves it,
 * so two checkouts' test runs on one machine do not build over each other.
 */
export const webOutDir = process.env['WEB_OUT_DIR'] ?? fileURLToPath(new URL('./out/web', import.meta.url));

/**
 * The dev server injects inline scripts (React refresh preamble) and styles, and talks to its HMR
 * websocket, which the strict CSP of index.html forbids. In `serve` only, widen the policy
 * just enough; production builds keep the policy exactly as written in the HTML.
 */
function devCspPlugin(): Plugin {
  return {
    name: 'ro:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/,
        (_m, head, policy: string, tail) => {
          const widened = policy
            .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            // the dev server injects CSS as <style> elements
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            .replace('connect-src', 'connect-src ws: wss:');
          return `${head}${widened}${tail}`;
        },
      );
    },
  };
}

/**
 * Base renderer config. `pages` picks the HTML entries: the browser build needs only the UI,
 * the Electron build also needs the engine window.
 */
export function rendererConfig(pages: ReadonlyArray<keyof typeof rendererPages>): UserConfig {
  const input = Object.fromEntries(
    pages.map((page) => [page, fileURLToPath(new URL(rendererPages[page], rendererUrl))]),
  );
  return {
    root: rendererRoot,
    // relative URLs: served from app:// in Electron and from any path in a browser
    base: './',
    plugins: [react(), devCspPlugin()],
    // the engine worker imports Dexie and the engine: an ES module worker
    worker: { format: 'es' },
    build: {
      target: 'es2022',
      sourcemap: true,
      // a desktop app loads its bundle from disk: SheetJS and the engine make a large chunk, fine here
      chunkSizeWarningLimit: 2_000,
      // plugin timing hints are noise for people running the app
      rolldownOptions: { input, checks: { bundlerTimings: false } },
    },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
  };
}

/**
 * The browser build (`npm run web`, `npm start` without the Electron runtime, Playwright):
 * the UI page only; the engine runs in a Web Worker it starts.
 */
export default mergeConfig(rendererConfig(['index']), {
  build: { outDir: webOutDir, emptyOutDir: true },
});
