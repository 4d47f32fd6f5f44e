/**
 * `npm run bench -- attendee-sync`: issue #12's `attendee_sync_10k_ms`, loopback only.
 *
 * 10,000 people for one event, imported offline through the app's own `importPeople` (200 jobs
 * of 50, one outbox entry each), then the host comes online and the real engine with the real
 * sync triggers pushes the 200 groups to the reference server on PostgreSQL (TEST_DATABASE_URL,
 * default the local one; a fresh schema, dropped afterwards), polls the jobs and writes their 207s.
 * Timed from "online" (the first push) until every job's task results are applied locally (no
 * job `processing`). Target <= 20,000.
 *
 * It runs in Node on fake-indexeddb, as `sync.bench.ts` does, rather than in Chromium: the figure
 * is the sync engine's requests and writes against the server, and Node lets the bench start the
 * server and the engine in one process without a page and a proxy between them; the IndexedDB
 * writes it includes are fake-indexeddb's, which are slower than Chromium's, so the figure errs
 * high. Beside it, the server's own `server_attendee_job_10k_ms` (server-attendee-jobs.bench.ts,
 * 200 jobs posted at once straight with fetch) is measured in the same run, so the two compare.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { importPeople } from '../../src/attendees/importPeople';
import type { Event } from '../../src/contract';
import { AppDatabase } from '../../src/db';
import { createEngine } from '../../src/engine/engine';
import type { Host, TickReason } from '../../src/engine/host';
import { jobHandlers } from '../../src/engine/jobs';
import { syncTriggersService } from '../../src/engine/services';
import { updateCoordinatorSettings } from '../../src/settings/coordinatorSettings';
import { IndexedDbTokenStore, saveServerSettings } from '../../src/sync/settings';
import { openDatabase } from '../../server/db/database';
import { TOKEN, startServer } from './server.bench';
import { run as runServerJobs } from './server-attendee-jobs.bench';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** ATTENDEE_SYNC_PEOPLE runs a smaller import (a quick check of the bench itself) */
const PEOPLE = Number(process.env['ATTENDEE_SYNC_PEOPLE'] ?? 10_000) || 10_000;
const JOBS = Math.ceil(PEOPLE / 50);
/** any wait longer than this is a failure, not a figure */
const STEP_LIMIT_MS = 300_000;

// Dexie's liveQuery (the engine's wake-ups and the sync triggers) needs a global IndexedDB in Node.
if (!Dexie.dependencies.indexedDB) {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

async function call<T>(url: string, method: 'PUT' | 'POST', route: string, body: unknown): Promise<T> {
  const response = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The venue, its exam class and the event on the server (no seat limit). */
async function serverEvent(url: string): Promise<Event> {
  const org = randomUUID();
  const venue = randomUUID();
  await call(url, 'PUT', `/venues/${venue}`, { organization_id: org, name: 'Hall A', time_zone: 'UTC' });
  await call(url, 'PUT', `/exam-classes/${org}`, {
    data: [{ exam_type: 'ielts', exam_formats: ['paper'], billing_codes: ['B1'] }],
  });
  return call<Event>(url, 'POST', `/events/${randomUUID()}`, {
    event_venue: venue,
    event_start: '2026-09-01T09:00:00.000Z',
    event_exam_type: 'ielts',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    registration_limit: null,
  });
}

async function measureSync(): Promise<number> {
  const schema = `bench_attsync_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const server = await startServer(schema);
  const db = new AppDatabase(`attendee-sync-bench-${randomUUID()}`, {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  const host = new BenchHost();
  const engine = createEngine({ db, host, ownerId: 'attendee-sync-bench', handlers: jobHandlers });
  let stopTriggers: (() => void) | undefined;
  try {
    const event = await serverEvent(server.url);
    // the event as the laptop's pull stores it
    await db.events.put({ ...event, sync_state: 'synced', local_date: event.event_start.slice(0, 10) });
    await updateCoordinatorSettings(db, { coordinator_id: 'admin' });
    await saveServerSettings(db, new IndexedDbTokenStore(db), { url: server.url, token: TOKEN });
    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      row: {
        first_name: `First${i + 1}`,
        last_name: `Last${i + 1}`,
        email: `person${i + 1}@example.org`,
        accommodations: [],
      },
      rowNumber: i + 2,
    }));
    const imported = await importPeople(db, { eventId: event.event_id, label: 'Sync bench', people });
    if (imported.jobIds.length !== JOBS || imported.registered !== PEOPLE) {
      throw new Error(`the import made ${imported.jobIds.length} jobs, ${imported.registered} registered`);
    }
    console.log(`  imported ${PEOPLE} people offline`);
    await engine.start();
    stopTriggers = syncTriggersService(db, host);

    const started = performance.now();
    host.setOnline(true);
    const deadline = Date.now() + STEP_LIMIT_MS;
    while ((await db.attendeeJobs.where('status').equals('processing').count()) > 0) {
      if (Date.now() > deadline) throw new Error(`attendee sync bench: not settled in ${STEP_LIMIT_MS} ms`);
      await sleep(20);
    }
    const ms = performance.now() - started;

    let succeeded = 0;
    await db.attendeeJobs.each((job) => {
      succeeded += job.tasks.filter((t) => t.server?.status === 'succeeded').length;
    });
    if (succeeded !== PEOPLE) throw new Error(`the server registered ${succeeded} of ${PEOPLE} people`);
    return Math.round(ms);
  } finally {
    stopTriggers?.();
    await engine.stop();
    db.close();
    await server.stop();
    const pg = await openDatabase({ databaseUrl: PG_URL, dataDir: '', schema, poolSize: 1 });
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pg.close();
  }
}

export async function run(): Promise<Record<string, number>> {
  const ms = await measureSync();
  const { server_attendee_job_10k_ms: serverMs } = await runServerJobs();
  console.log(
    `  ${ms <= 20_000 ? 'ok  ' : 'FAIL'} attendee_sync_10k_ms ${ms} <= 20,000, beside server_attendee_job_10k_ms ${serverMs} (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
  );
  return { attendee_sync_10k_ms: ms, server_attendee_job_10k_ms: serverMs! };
}
