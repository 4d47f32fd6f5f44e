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
 * It runs in Chromium (the page `chromium/entries/attendeeSync.ts`, on the real IndexedDB, as the
 * app does), the server in its own process here. A first version ran in Node on fake-indexeddb as
 * `sync.bench.ts` does: the server had ended all 200 jobs while fake-indexeddb was still writing
 * their results minutes later, so that figure measured fake-indexeddb, not the app. Beside it, the
 * server's own `server_attendee_job_10k_ms` (server-attendee-jobs.bench.ts, 200 jobs posted at
 * once straight with fetch) is measured in the same run, so the two compare.
 *
 * ATTENDEE_SYNC_TIMELINE=1 prints where the time went: every request the app made (ms from
 * online, duration, status, size) and each change in the jobs accepted and still processing.
 * It reads the responses twice, so compare figures only between runs that both set it or not.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { Event } from '../../src/contract';
import { openDatabase } from '../../server/db/database';
import { runInChromium } from './chromium/runInChromium';
import { TOKEN, startServer } from './server.bench';
import { run as runServerJobs } from './server-attendee-jobs.bench';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** ATTENDEE_SYNC_PEOPLE runs a smaller import (a quick check of the bench itself) */
const PEOPLE = Number(process.env['ATTENDEE_SYNC_PEOPLE'] ?? 10_000) || 10_000;
/** any wait longer than this is a failure, not a figure */
const STEP_LIMIT_MS = 300_000;

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
  try {
    const event = await serverEvent(server.url);
    const figures = await runInChromium(new URL('./chromium/entries/attendeeSync.ts', import.meta.url), {
      args: {
        people: PEOPLE,
        url: server.url,
        token: TOKEN,
        coordinator: 'admin',
        event,
        limitMs: STEP_LIMIT_MS,
        timeline: process.env['ATTENDEE_SYNC_TIMELINE'] === '1',
      },
    });
    return figures['attendee_sync_10k_ms']!;
  } finally {
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
