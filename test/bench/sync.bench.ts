/**
 * Sync figures, loopback only, bounded (`npm run bench -- sync`):
 * - sync_push_10x1000_ms: ten 1,000-item batches stored through the app's own `createBatches`
 *   (so the outbox holds ten `batch.create` entries) and processed locally while offline, as an
 *   import in the field is; then the host comes online and the real engine with the real sync
 *   job and triggers (the code the engine window and the web worker run, here on fake-indexeddb)
 *   pushes them and pulls the outcomes. Timed from "online" until every batch is final locally:
 *   pushed, polled, the server's outcomes stored (synced, no poll left).
 * - sync_direct_10x1000_ms: the same ten request bodies POSTed with `fetch` (all at once, each
 *   with an Idempotency-Key) and each polled with GET every DIRECT_POLL_MS until final.
 * - sync_push_vs_direct_ratio: push / direct, medians over the rounds (target at most 1.3).
 *
 * One run measures both stores: the embedded PGlite (what a newcomer gets) always, and
 * PostgreSQL when TEST_DATABASE_URL is set; each store's figures are suffixed _pglite or _pg
 * (the unsuffixed ones are the last store's, PostgreSQL when measured). Each measurement gets a
 * fresh server (its own process, as deployed) on fresh state: PGlite in a new temporary folder
 * (removed afterwards), or a new PostgreSQL schema (dropped afterwards). Rounds alternate which
 * side goes first, so neither always meets a warmer machine. SYNC_BENCH_ROUNDS sets the rounds
 * per store (default 5: single rounds spread widely on a busy machine); SYNC_BENCH_STORES=pglite
 * or =pg measures one store only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import pg from 'pg';
import { createBatches } from '../../src/batches/create';
import type { BatchCreate, BatchCreated, BatchDetail, ItemInput } from '../../src/contract';
import { AppDatabase } from '../../src/db';
import { createEngine } from '../../src/engine/engine';
import type { Host, TickReason } from '../../src/engine/host';
import { jobHandlers } from '../../src/engine/jobs';
import { syncTriggersService } from '../../src/engine/services';
import { allPolls } from '../../src/sync/pollSet';
import { IndexedDbTokenStore, saveServerSettings } from '../../src/sync/settings';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PG_URL = process.env['TEST_DATABASE_URL'];
type Store = 'pglite' | 'pg';
const STORES: Store[] = (['pglite', 'pg'] as const).filter(
  (store) =>
    (store === 'pglite' || PG_URL !== undefined) &&
    (process.env['SYNC_BENCH_STORES'] ?? store).split(',').includes(store),
);
const ROUNDS = Math.max(1, Number(process.env['SYNC_BENCH_ROUNDS'] ?? 5) || 5);
const TOKEN = `bench-${randomUUID()}`;
const COORDINATOR = 'coord-bench';
const BATCHES = 10;
const ITEMS_PER_BATCH = 1_000;
/** how often the direct client asks about each batch: the sync's first poll step */
const DIRECT_POLL_MS = 100;
/** how long a server may take to shut down gracefully before it is killed */
const STOP_GRACE_MS = 5_000;
/** any step that takes longer than this is a failure, not a figure */
const STEP_LIMIT_MS = 180_000;

// Dexie's liveQuery (the engine's wake-ups and the sync triggers) needs a global IndexedDB in Node.
if (!Dexie.dependencies.indexedDB) {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function allItems(): ItemInput[] {
  return Array.from({ length: BATCHES * ITEMS_PER_BATCH }, (_, i) => ({
    mentor_id: `sync-bench-${i}`,
    activity_type: i % 2 === 0 ? 'peer_session' : 'workshop',
    activity_date: '2026-03-25',
    duration_minutes: 60,
    notes: 'Monday group session',
  }));
}

interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

/** server/main.ts as its own process on a free loopback port, on fresh state. */
async function startServer(store: Store): Promise<BenchServer> {
  const pgUrl = store === 'pg' ? PG_URL : undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'ro-sync-bench-'));
  const schema = `sync_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const portFile = path.join(dir, 'url');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      PORT_FILE: portFile,
      ...(pgUrl ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } : { DATABASE_URL: '' }),
      DATA_DIR: path.join(dir, 'pglite'),
      API_TOKENS: `${TOKEN}:${COORDINATOR}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = async () => {
    await rm(dir, { recursive: true, force: true });
    if (!pgUrl) return;
    const db = new pg.Client({ connectionString: pgUrl });
    await db.connect();
    try {
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await db.end();
    }
  };

  const until = Date.now() + 120_000;
  let url = '';
  while (!url) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      await exited;
      await cleanUp();
      throw new Error(`The bench server did not start:\n${output}`);
    }
    url = (await readFile(portFile, 'utf8').catch(() => '')).trim();
    if (!url) await sleep(100);
  }
  if (!new URL(url).hostname.match(/^(127\.0\.0\.1|localhost|\[::1\])$/)) {
    throw new Error(`The bench server listens on ${url}, not on loopback`);
  }
  return {
    url,
    async stop() {
      // graceful first (it finishes in-flight requests); the state is thrown away anyway, so a
      // shutdown that waits on a straggling connection is cut short rather than stalling the bench
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      await cleanUp();
    },
  };
}

/** A host on the real clock whose online state the bench switches. */
class BenchHost implements Host {
  private online = false;
  private readonly listeners = new Set<(online: boolean) => void>();
  now = () => Date.now();
  timeZone = () => 'UTC';
  isOnline = () => this.online;
  onOnlineChange(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(): void {}
  onTick(_listener: (reason: TickReason) => void): () => void {
    return () => undefined;
  }
  setOnline(online: boolean): void {
    this.online = online;
    for (const listener of this.listeners) listener(online);
  }
}

async function until(what: string, check: () => Promise<boolean>, everyMs: number): Promise<void> {
  const deadline = Date.now() + STEP_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`sync bench: ${what} did not happen in ${STEP_LIMIT_MS} ms`);
    await sleep(everyMs);
  }
}

/**
 * With SYNC_BENCH_TRACE=1, each side's requests are counted by kind and timed from "online"
 * (push) or the first POST (direct): where the time goes (the POSTs, the polls, the feed, the
 * probes). SYNC_BENCH_TIMELINE=1 adds every request's start..headers, so the gap between the
 * last POST's answer and the end (the detail reads and the local writes of the outcomes) shows.
 */
const TRACE = process.env['SYNC_BENCH_TRACE'] === '1';
const TIMELINE = process.env['SYNC_BENCH_TIMELINE'] === '1';

function traceFetch(started: () => number): {
  restore: () => void;
  summary: () => string;
  lastPostAnsweredAt: () => number;
} {
  const original = globalThis.fetch;
  const calls = new Map<string, { count: number; lastEnd: number; busyMs: number }>();
  const timeline: string[] = [];
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const route = url.pathname
      .replace(/batch-\d+/, ':id')
      .replace(/\/api\/v1/, '')
      .concat(
        url.searchParams.has('updated_since') ? ' (feed)' : url.pathname.endsWith('s') ? ' (list)' : '',
      );
    const key = `${method} ${route}`;
    const begin = performance.now();
    try {
      return await original(input, init);
    } finally {
      const entry = calls.get(key) ?? { count: 0, lastEnd: 0, busyMs: 0 };
      entry.count += 1;
      entry.busyMs += performance.now() - begin;
      entry.lastEnd = performance.now() - started();
      calls.set(key, entry);
      if (TIMELINE) timeline.push(`${key} ${Math.round(begin - started())}..${Math.round(entry.lastEnd)}`);
    }
  };
  return {
    restore: () => {
      globalThis.fetch = original;
    },
    lastPostAnsweredAt: () => calls.get('POST /bulk-registrations (list)')?.lastEnd ?? 0,
    summary: () =>
      [...calls.entries()]
        .map(
          ([key, c]) =>
            `${key}: ${c.count}× (${Math.round(c.busyMs)} ms in flight, last ended at ${Math.round(c.lastEnd)} ms)`,
        )
        .join('\n  ')
        .concat(timeline.length ? `\n  timeline:\n    ${timeline.join('\n    ')}` : ''),
  };
}

/** The ten local batches pushed by the app's syncer; ms from "online" to all ten final locally. */
async function measurePush(store: Store, items: ItemInput[]): Promise<{ ms: number; bodies: BatchCreate[] }> {
  const server = await startServer(store);
  const db = new AppDatabase(`sync-bench-${randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const host = new BenchHost();
  const engine = createEngine({
    db,
    host,
    ownerId: 'sync-bench',
    handlers: jobHandlers,
  });
  let stopTriggers: (() => void) | undefined;
  try {
    await saveServerSettings(db, new IndexedDbTokenStore(db), { url: server.url, token: TOKEN });
    const ids = await createBatches(
      db,
      { coordinatorId: COORDINATOR, label: 'Sync bench', items, maxItems: ITEMS_PER_BATCH },
      host.now(),
    );
    const bodies = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.body as BatchCreate);
    if (ids.length !== BATCHES || bodies.length !== BATCHES) {
      throw new Error(
        `expected ${BATCHES} batches and create entries, got ${ids.length} and ${bodies.length}`,
      );
    }

    // offline: the engine processes the batches locally (provisional outcomes), nothing is sent
    await engine.start();
    // what `runEngineWhenLeader` does with the engine's services once it leads
    stopTriggers = syncTriggersService(db, host);
    await until(
      'local processing',
      async () => (await db.jobs.where('status').anyOf(['queued', 'running']).count()) === 0,
      50,
    );

    let started = performance.now();
    const trace = TRACE ? traceFetch(() => started) : undefined;
    started = performance.now();
    host.setOnline(true);
    await until(
      'every batch final locally',
      async () => {
        if ((await allPolls(db)).length > 0) return false;
        const batches = await db.batches.toArray();
        return batches.every((b) => b.sync_state === 'synced' && b.batch_id !== undefined);
      },
      20,
    );
    const ms = performance.now() - started;
    trace?.restore();
    if (trace) {
      const tail = ms - trace.lastPostAnsweredAt();
      console.log(
        `push trace (${Math.round(ms)} ms, ${Math.round(tail)} ms = ${Math.round((tail / ms) * 100)}% after the last POST was answered):\n  ${trace.summary()}`,
      );
    }

    const batches = await db.batches.toArray();
    const registered = batches.reduce((sum, b) => sum + b.completed, 0);
    if (registered !== items.length || batches.some((b) => b.status !== 'completed')) {
      throw new Error(`push: the server registered ${registered} of ${items.length} items`);
    }
    return { ms, bodies };
  } finally {
    stopTriggers?.();
    await engine.stop();
    db.close();
    await server.stop();
  }
}

async function call(server: BenchServer, method: 'GET' | 'POST', route: string, body?: unknown) {
  const response = await fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** The same bodies sent straight with fetch, then polled until final; ms for all ten. */
async function measureDirect(store: Store, bodies: BatchCreate[]): Promise<number> {
  const server = await startServer(store);
  try {
    const started = performance.now();
    const trace = TRACE ? traceFetch(() => started) : undefined;
    const finals = await Promise.all(
      bodies.map(async (body) => {
        const created = (await call(server, 'POST', '/bulk-registrations', body)) as BatchCreated;
        const deadline = Date.now() + STEP_LIMIT_MS;
        for (;;) {
          const detail = (await call(
            server,
            'GET',
            `/bulk-registrations/${created.batch_id}`,
          )) as BatchDetail;
          if (detail.status !== 'processing') return detail;
          if (Date.now() > deadline) throw new Error(`direct: ${created.batch_id} did not finish`);
          await sleep(DIRECT_POLL_MS);
        }
      }),
    );
    const ms = performance.now() - started;
    trace?.restore();
    if (trace) {
      const tail = ms - trace.lastPostAnsweredAt();
      console.log(
        `direct trace (${Math.round(ms)} ms, ${Math.round(tail)} ms after the last POST was answered):\n  ${trace.summary()}`,
      );
    }
    const registered = finals.reduce((sum, b) => sum + b.completed, 0);
    if (registered !== BATCHES * ITEMS_PER_BATCH) {
      throw new Error(`direct: the server registered ${registered} of ${BATCHES * ITEMS_PER_BATCH} items`);
    }
    return ms;
  } finally {
    await server.stop();
  }
}

/** The rounds on one store: its three figures, suffixed by store. */
async function measureStore(store: Store, items: ItemInput[]): Promise<Record<string, number>> {
  console.log(
    store === 'pg'
      ? 'sync bench: server on PostgreSQL (TEST_DATABASE_URL), a fresh schema per measurement'
      : 'sync bench: server on PGlite in a fresh temporary folder per measurement',
  );
  const push: number[] = [];
  const direct: number[] = [];
  let bodies: BatchCreate[] | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    // the direct side needs the push side's bodies once; after that the order alternates
    const pushFirst = bodies === undefined || round % 2 === 0;
    if (!pushFirst) direct.push(await measureDirect(store, bodies!));
    const pushed = await measurePush(store, items);
    push.push(pushed.ms);
    bodies ??= pushed.bodies;
    if (pushFirst) direct.push(await measureDirect(store, bodies));
    console.log(
      `${store} round ${round + 1}: push ${Math.round(push.at(-1)!)} ms, direct ${Math.round(direct.at(-1)!)} ms (load ${loadAverage()})`,
    );
  }
  const pushMs = median(push);
  const directMs = median(direct);
  return {
    [`sync_push_10x1000_ms_${store}`]: Math.round(pushMs),
    [`sync_direct_10x1000_ms_${store}`]: Math.round(directMs),
    [`sync_push_vs_direct_ratio_${store}`]: Math.round((pushMs / directMs) * 100) / 100,
  };
}

function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(1);
}

export async function run(): Promise<Record<string, number>> {
  if (!PG_URL) console.log('sync bench: PGlite only (set TEST_DATABASE_URL to measure PostgreSQL too)');
  const items = allItems();
  const figures: Record<string, number> = {};
  for (const store of STORES) {
    const byStore = await measureStore(store, items);
    Object.assign(figures, byStore);
    figures['sync_push_10x1000_ms'] = byStore[`sync_push_10x1000_ms_${store}`]!;
    figures['sync_direct_10x1000_ms'] = byStore[`sync_direct_10x1000_ms_${store}`]!;
    figures['sync_push_vs_direct_ratio'] = byStore[`sync_push_vs_direct_ratio_${store}`]!;
  }
  return figures;
}
