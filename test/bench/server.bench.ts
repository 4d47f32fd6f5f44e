/**
 * Server figures on PostgreSQL (TEST_DATABASE_URL, default the local one), loopback only, bounded:
 * - server_ingest_items_per_s: one 10,000-item batch from POST to every item final
 * - server_pg_baseline_items_per_s: the same rows inserted by one set-based SQL statement, and the ratio
 * - server_get_batch_p99_ms: GET of a finished 1,000-item batch at a steady 200 req/s from 50 connections
 *   (with p50, p90, max and the rate actually reached; see steadyLoad for the load's shape)
 * - server_get_batch_max_rps: the most GETs per second from 50 connections
 * The server runs as its own process (as deployed), so the load tool does not share its event loop.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TOKEN = `bench-${randomUUID()}`;
const LOAD_SECONDS = 10;
const CONNECTIONS = 50;
const STEADY_RATE = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function items(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    mentor_id: `${prefix}-${i}`,
    activity_type: i % 2 === 0 ? 'peer_session' : 'workshop',
    activity_date: '2026-03-25',
    duration_minutes: 60,
    notes: 'Monday group session',
  }));
}

/**
 * The bench server in its own process on `schema`. With `appName`, its PostgreSQL backends carry that
 * application name (node-postgres sends PGAPPNAME), so `processCpu` can count their CPU.
 */
export async function startServer(schema: string, appName?: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'ro-bench-'));
  const portFile = path.join(dir, 'url');
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (not allowed in NODE_OPTIONS)
  const nodeArgs = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: PG_URL,
      DATABASE_SCHEMA: schema,
      PORT: '0',
      PORT_FILE: portFile,
      API_TOKENS: `${TOKEN}:admin`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      ...(appName ? { PGAPPNAME: appName } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const until = Date.now() + 120_000;
  let url = '';
  while (!url) {
    if (Date.now() > until || child.exitCode !== null) throw new Error('bench server did not start');
    url = (await readFile(portFile, 'utf8').catch(() => '')).trim();
    if (!url) await sleep(100);
  }
  await rm(dir, { recursive: true, force: true });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function post(url: string, body: unknown): Promise<string> {
  const res = await fetch(`${url}/api/v1/bulk-registrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { batch_id: string }).batch_id;
}

async function waitUntilFinal(db: pg.Client, batchId: string): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const { rows } = await db.query('SELECT status FROM batches WHERE batch_id = $1', [batchId]);
    if (rows[0] && rows[0].status !== 'processing') return;
    if (Date.now() > until) throw new Error(`batch ${batchId} did not finish`);
    await sleep(5);
  }
}

/** As many GETs as 50 connections get answered, each sending its next request when the answer arrives. */
function maxLoad(url: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: LOAD_SECONDS,
        headers: { authorization: `Bearer ${TOKEN}` },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * STEADY_RATE GETs per second spread evenly over the second, from CONNECTIONS connections.
 *
 * Not autocannon's `overallRate`: it gives each connection rate / connections requests per second, and
 * every connection sends its share back to back as soon as its per-second counter resets
 * (autocannon/lib/httpClient.js: one 1-second setInterval per connection, all created together). So
 * 200/s arrived as 200 requests queued on 50 connections at the top of each second (65% of them sent in
 * the first 100 ms of their second, measured), and the p99 measured that queue. Its coordinated-omission
 * correction also records every answer with an expected interval of ceil(1 / rate) ms = 1 ms (the rate
 * is per second, the histogram in ms), adding one made-up sample per millisecond of each latency.
 *
 * Here each connection is a one-connection autocannon run with `connectionRate` 4, and the 50 runs start
 * 1000 / 50 = 20 ms apart. A connection still sends its 4 requests of a second back to back (each when
 * the previous answer has arrived), so the server sees a new connection's 4 requests every 20 ms: 200/s
 * with at most a few in flight, not one burst. Latencies are recorded as measured (no made-up samples);
 * the rate reached is reported beside them: a server too slow to answer 4 per second per connection
 * shows as a shortfall there (the requests it held back were never sent, so no latency records them).
 */
async function steadyLoad(url: string, seconds: number) {
  const perConnection = STEADY_RATE / CONNECTIONS;
  const latencies: number[] = [];
  let failed = 0;
  const runs = Array.from(
    { length: CONNECTIONS },
    (_, i) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        setTimeout(
          () => {
            const instance = autocannon(
              {
                url,
                connections: 1,
                connectionRate: perConnection,
                ignoreCoordinatedOmission: true,
                duration: seconds,
                headers: { authorization: `Bearer ${TOKEN}` },
              },
              (error, result) => (error ? reject(error) : resolve(result)),
            );
            instance.on('response', (_client, statusCode, _bytes, ms) => {
              if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
              else failed++;
            });
          },
          (i * 1000) / CONNECTIONS,
        );
      }),
  );
  const results = await Promise.all(runs);
  failed += results.reduce((n, r) => n + r.errors + r.timeouts, 0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN;
  return {
    failed,
    rps: latencies.length / seconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
  };
}

export async function run(): Promise<Record<string, number>> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  const server = await startServer(schema);
  try {
    await db.query(`SET search_path = "${schema}"`);

    // Ingest: POST a 10,000-item batch, then until every item is final.
    const started = performance.now();
    const batchId = await post(server.url, { coordinator_id: 'coord-bench', items: items('ingest', 10_000) });
    await waitUntilFinal(db, batchId);
    const ingestSeconds = (performance.now() - started) / 1000;
    const { rows } = await db.query(`SELECT completed, failed FROM batches WHERE batch_id = $1`, [batchId]);
    if (rows[0].completed !== 10_000) throw new Error(`ingest: ${JSON.stringify(rows[0])}`);

    // Baseline: the same 10,000 rows inserted by one set-based statement into a table shaped like activities.
    await db.query('CREATE TABLE bench_baseline (LIKE activities INCLUDING ALL)');
    const payload = JSON.stringify(items('baseline', 10_000));
    const baseStarted = performance.now();
    await db.query(
      `INSERT INTO bench_baseline (mentor_id, activity_type, activity_date, duration_minutes, notes, coordinator_id, batch_id, item_no)
       SELECT e->>'mentor_id', e->>'activity_type', (e->>'activity_date')::date, (e->>'duration_minutes')::int,
              e->>'notes', 'coord-bench', 'baseline', ord
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
       ON CONFLICT (mentor_id, activity_type, activity_date) DO NOTHING`,
      [payload],
    );
    const baseSeconds = (performance.now() - baseStarted) / 1000;

    // GET of a finished 1,000-item batch.
    const getId = await post(server.url, { coordinator_id: 'coord-bench', items: items('get', 1_000) });
    await waitUntilFinal(db, getId);
    const getUrl = `${server.url}/api/v1/bulk-registrations/${getId}`;
    await steadyLoad(getUrl, 3); // warm-up pass, not counted
    const steady = await steadyLoad(getUrl, LOAD_SECONDS);
    const max = await maxLoad(getUrl);
    if (steady.failed > 0 || max.non2xx > 0 || max.errors > 0) throw new Error('GET load got failed answers');

    const ingest = 10_000 / ingestSeconds;
    const baseline = 10_000 / baseSeconds;
    return {
      server_ingest_items_per_s: Math.round(ingest),
      server_pg_baseline_items_per_s: Math.round(baseline),
      server_ingest_vs_baseline_ratio: round(ingest / baseline, 3),
      server_get_batch_p50_ms: round(steady.p50),
      server_get_batch_p90_ms: round(steady.p90),
      server_get_batch_p99_ms: round(steady.p99),
      server_get_batch_max_ms: round(steady.max),
      server_get_batch_steady_rps: round(steady.rps),
      server_get_batch_max_rps: Math.round(max.requests.average),
    };
  } finally {
    await server.stop();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.end();
  }
}
