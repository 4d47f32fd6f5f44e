import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, TOKENS, waitFor } from './helpers';

/** A server started as its own process (`tsx server/main.ts`), as a deployment runs it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** resolves with the exit code or signal */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ro-server-proc-'));
  const portFile = path.join(dir, 'url');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      PORT_FILE: portFile,
      LOG_LEVEL: 'warn',
      API_TOKENS: `${TOKENS.admin}:admin,${TOKENS.coord119}:coord-119`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    const url = await waitFor(async () => {
      if (gone) throw new Error(`server process exited early:\n${output}`);
      return (await readFile(portFile, 'utf8').catch(() => '')).trim();
    }, 90_000);
    return {
      url,
      child,
      output: () => output,
      exited,
      async stop(signal: NodeJS.Signals = 'SIGTERM') {
        if (!gone) child.kill(signal);
        return exited;
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + url, {
    method,
    headers: {
      authorization: `Bearer ${TOKENS.admin}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}
