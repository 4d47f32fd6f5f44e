#!/usr/bin/env node
// `npm start`: the desktop app when the Electron runtime is installed (fetching it once if it
// is not); otherwise the same app served to the browser, as `npm run web` does.
//   node scripts/start.mjs [--port 4173] [--host 127.0.0.1]   (flags apply to the browser fallback)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseWebArgs, serveWeb } from './web.mjs';

const require = createRequire(import.meta.url);
const FETCH_TIMEOUT_MS = 60_000;

/** node_modules/electron, or undefined when the package itself is missing. */
function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The Electron executable when the runtime is installed (path.txt names it inside dist/). */
function electronBinary(dir) {
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Runs Electron's own installer (downloads the runtime from GitHub or a mirror), bounded in time. */
function fetchElectron(dir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'install.js')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), FETCH_TIMEOUT_MS);
    // say something only when the download takes a while (where it cannot, it fails at once)
    const notice = setTimeout(() => console.log('Fetching the Electron runtime (first start)…'), 2_000);
    child.on('error', () => resolve({ ok: false, output }));
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(notice);
      resolve({ ok: code === 0, output });
    });
  });
}

function runDesktop() {
  const cli = require.resolve('electron-vite/bin/electron-vite.js');
  const child = spawn(process.execPath, [cli, 'preview'], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const webOptions = parseWebArgs(process.argv.slice(2));
const dir = electronPackageDir();
let binary = dir && electronBinary(dir);
if (dir && !binary && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  const result = await fetchElectron(dir);
  binary = electronBinary(dir);
  if (!binary && process.env.DEBUG) console.error(result.output);
}

if (binary) {
  runDesktop();
} else {
  console.log(
    'The Electron runtime is unavailable on this machine, so Registration Orchestrator is served to the browser instead.',
  );
  try {
    await serveWeb(webOptions);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
