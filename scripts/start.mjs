#!/usr/bin/env node
// `npm start`: the desktop app when the Electron runtime is installed (fetching it once if it
// is not); otherwise the same app served to the browser, as `npm run web` does.
//   node scripts/start.mjs [--port 4173] [--host 127.0.0.1]   (flags apply to the browser fallback)
import { spawn } from 'node:child_process';
import { ensureElectronRuntime, packageBin } from './electron-runtime.mjs';
import { parseWebArgs, serveWeb } from './web.mjs';

function runDesktop() {
  const cli = packageBin('electron-vite');
  const child = spawn(process.execPath, [cli, 'preview'], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const webOptions = parseWebArgs(process.argv.slice(2));
const runtime = await ensureElectronRuntime();

if (runtime) {
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
