/**
 * The browser build of the app, built into a temporary folder (so it never races `out/web`,
 * which `npm run web` and the e2e harness rebuild) and served by Vite's preview server on
 * 127.0.0.1, the way the e2e harness serves it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const configFile = fileURLToPath(new URL('../../../vite.renderer.config.ts', import.meta.url));

export interface ServedApp {
  url: string;
  /** where the build is, until `close` */
  outDir: string;
  close(): Promise<void>;
}

export async function serveAppBuild(options: { sourcemap?: boolean } = {}): Promise<ServedApp> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'app-bench-'));
  await build({
    configFile,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: options.sourcemap ?? false },
  });
  const server = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    outDir,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
