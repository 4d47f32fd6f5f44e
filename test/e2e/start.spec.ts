import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

function electronRuntimeInstalled(): boolean {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  return existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves with everything printed once `pattern` appears; rejects if the process exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) resolve(output);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
}

test('npm start without the Electron runtime says so in one sentence and serves the app to the browser', async ({
  page,
}) => {
  const installed = electronRuntimeInstalled();
  if (installed)
    console.log('Skipped: the Electron runtime is installed here, so npm start opens the desktop app.');
  test.skip(installed, 'the Electron runtime is installed here, so npm start opens the desktop app');
  test.setTimeout(180_000);

  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const output = await waitForOutput(child, /served at (http:\/\/\S+)/);
    // the only word about Electron is the one sentence (and, when the download attempt is slow
    // to fail, the notice that it is being fetched)
    const aboutElectron = output
      .split('\n')
      .filter((line) => /electron/i.test(line) && line !== 'Fetching the Electron runtime (first start)…');
    expect(aboutElectron).toEqual([
      'The Electron runtime is unavailable on this machine, so Registration Orchestrator is served to the browser instead.',
    ]);
    const url = /served at (http:\/\/\S+)/.exec(output)![1]!;
    expect(url).toBe(`http://127.0.0.1:${port}/`);

    await page.goto(url);
    await expect(page).toHaveTitle('Registration Orchestrator');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Engine' })).toHaveText(/Engine: (Running|Idle)/);
  } finally {
    child.kill('SIGTERM');
  }
});
