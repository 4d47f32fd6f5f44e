/**
 * A test page that runs the app's core (src/) in a real browser: `bundlePage` bundles one
 * TypeScript entry with Vite into a folder (with an index.html loading it) and `servePage`
 * serves that folder on 127.0.0.1. Used by the Chromium bench harness
 * (test/bench/chromium/runInChromium.ts) and by end-to-end tests that drive the core modules
 * directly in Chromium (test/e2e/harness/).
 */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'vite';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Bundles `entry` into `outDir` as `<name>.js` and writes an index.html that loads it. */
export async function bundlePage(entry: string, outDir: string, name = 'bench'): Promise<void> {
  await build({
    configFile: false,
    root: path.dirname(entry),
    logLevel: 'warn',
    // a one-off bundle: nothing to keep in node_modules/.vite
    cacheDir: path.join(outDir, '.vite-cache'),
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry, formats: ['es'], fileName: () => `${name}.js` },
    },
  });
  await writeFile(
    path.join(outDir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,"><script type="module" src="./${name}.js"></script>\n`,
  );
}

export interface ServedPage {
  server: Server;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/** Serves the files of `root` (no caching) on a free loopback port. */
export function servePage(root: string): Promise<ServedPage> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
