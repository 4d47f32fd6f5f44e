#!/usr/bin/env node
// `npm run web`: builds the app for the browser (vite.renderer.config.ts) and serves it.
//   node scripts/web.mjs [--port 4173] [--host 127.0.0.1] [--no-build]
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build, preview } from 'vite';

const configFile = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4173;

/** Parses `--port`, `--host` and `--no-build` (unknown flags are an error). */
export function parseWebArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      host: { type: 'string', default: DEFAULT_HOST },
      'no-build': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not "${values.port}"`);
  return { port, host: values.host, build: !values['no-build'] };
}

/** Builds (unless told not to) and serves the browser app; resolves to the running server. */
export async function serveWeb({ port = DEFAULT_PORT, host = DEFAULT_HOST, build: doBuild = true } = {}) {
  if (doBuild) {
    console.log('Building the app for the browser…');
    await build({ configFile, logLevel: 'warn' });
  }
  const server = await preview({
    configFile,
    logLevel: 'warn',
    preview: { port, host, strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? server.resolvedUrls?.network[0] ?? `http://${host}:${port}/`;
  console.log(`Registration Orchestrator is served at ${url} (Ctrl+C to stop)`);
  const close = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await serveWeb(parseWebArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
