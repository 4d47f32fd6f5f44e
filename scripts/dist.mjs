#!/usr/bin/env node
// `npm run dist`: installers for this platform with electron-builder (electron-builder.json):
// AppImage and .deb on Linux, NSIS on Windows, .dmg on macOS. It packages the Electron runtime
// that `npm start` uses (node_modules/electron/dist), so where that cannot be had nothing can be
// built, and it says so in one sentence. Extra arguments go to electron-builder.
import { spawn } from 'node:child_process';
import { ensureElectronRuntime, packageBin } from './electron-runtime.mjs';

function run(name, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [packageBin(name), ...args], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const runtime = await ensureElectronRuntime();
if (!runtime) {
  console.log('The Electron runtime is unavailable on this machine, so no installer can be built here.');
  process.exit(1);
}
const built = await run('electron-vite', ['build']);
if (built !== 0) process.exit(built);
process.exit(
  await run('electron-builder', [
    '--config',
    'electron-builder.json',
    `--config.electronDist=${runtime.dist}`,
    ...process.argv.slice(2),
  ]),
);
