import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The reference server (`server/main.ts`) as its own process on loopback, as a deployment runs
 * it: a free port (`PORT=0`, the real URL read from `PORT_FILE`), PGlite in a temporary folder
 * that outlives a restart (so a test can restart it with other tokens), stopped by the test.
 */

/** the repository: Playwright runs the tests from there */
const ROOT = process.cwd();

export interface ReferenceServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** everything it printed, for a failing test's message */
  output(): string;
  /** stops it (SIGTERM: it finishes what it was doing) and waits for the exit */
  stop(): Promise<void>;
}

export interface ServerStart {
  /** `token:principal` pairs */
  tokens: Record<string, string>;
  /** PGlite's folder; a new temporary one when not given */
  dataDir: string;
}

export async function makeDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ro-e2e-server-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function startReferenceServer({ tokens, dataDir }: ServerStart): Promise<ReferenceServer> {
  const portFile = path.join(dataDir, `url-${Date.now()}`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      PORT_FILE: portFile,
      DATA_DIR: path.join(dataDir, 'pglite'),
      API_TOKENS: Object.entries(tokens)
        .map(([token, principal]) => `${token}:${principal}`)
        .join(','),
      LOG_LEVEL: 'warn',
      WORKER_POLL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + 120_000;
  let url = '';
  while (!url) {
    if (gone) throw new Error(`The reference server exited before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The reference server did not start in 120 s:\n${output}`);
    }
    url = (await readFile(portFile, 'utf8').catch(() => '')).trim();
    if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A call to the server's /api/v1 with a token, as any client makes it. */
export async function callServer<T>(
  server: Pick<ReferenceServer, 'url'>,
  token: string,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined
        ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }
        : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}
