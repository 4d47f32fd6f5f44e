// Finding (and once fetching) the Electron runtime, shared by `npm start` and `npm run dist`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const FETCH_TIMEOUT_MS = 60_000;

/** node_modules/electron, or undefined when the package itself is missing. */
export function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The Electron executable when the runtime is installed (path.txt names it inside dist/). */
export function electronBinary(dir) {
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

/**
 * The runtime's directory (node_modules/electron/dist) and executable, fetching it first when
 * the package is there without it; undefined where it cannot be had.
 */
export async function ensureElectronRuntime() {
  const dir = electronPackageDir();
  let binary = dir && electronBinary(dir);
  if (dir && !binary && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    const result = await fetchElectron(dir);
    binary = electronBinary(dir);
    if (!binary && process.env.DEBUG) console.error(result.output);
  }
  return dir && binary ? { dist: path.join(dir, 'dist'), binary } : undefined;
}

/**
 * A package's command-line entry, from its package.json `bin` (electron-vite's `exports` do
 * not list its bin file, so it cannot be required by path).
 */
export function packageBin(name) {
  const manifestPath = require.resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = typeof bin === 'string' ? bin : bin[name];
  return path.join(path.dirname(manifestPath), entry);
}
