import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentForm, Event, JobList, Registration } from '../../../src/contract';
import { importPeople } from '../../../src/attendees';
import type { AppDatabase } from '../../../src/db';
import type { AttendeeRow } from '../../../src/import/attendeeRow';
import { recordKey } from '../../../src/sync/recordIds';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import {
  RealClockHost,
  TOKENS,
  TestServer,
  configure,
  memoryDatabase,
  syncUntilSettled,
  testDependencies,
} from '../sync/support';

/**
 * Attendee imports against the real reference server: stored offline with local outcomes, pushed
 * as jobs of at most 50, polled, and the 207 results written back.
 */

let server: TestServer;
let proxy: FaultProxy;
const ORG = crypto.randomUUID();
const VENUE = crypto.randomUUID();
const FORM_ID = crypto.randomUUID();
let minutes = 0;
let form: AssessmentForm;

beforeAll(async () => {
  server = await TestServer.start();
  proxy = await startFaultProxy(server.url);
  await server.call('PUT', `/api/v1/venues/${VENUE}`, {
    organization_id: ORG,
    name: 'Hall A',
    time_zone: 'Europe/London',
  });
  await server.call('PUT', `/api/v1/exam-classes/${ORG}`, {
    data: [{ exam_type: 'ielts', exam_formats: ['paper'], billing_codes: ['B1'] }],
  });
  form = await server.call<AssessmentForm>('PUT', `/api/v1/assessment-forms/${FORM_ID}`, {
    code: 'IELTS-AC',
    title: 'IELTS Academic',
    exam_type: 'ielts',
    published: true,
    bilingual: false,
  });
}, 180_000);
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** An event on the server, and the same event on the laptop as a pull would have stored it. */
async function serverEvent(db: AppDatabase, limit: number | null, localLimit = limit): Promise<Event> {
  const id = crypto.randomUUID();
  const start = new Date(Date.UTC(2026, 5, 1, 9) + minutes++ * 60_000).toISOString();
  const event = await server.call<Event>(
    'POST',
    `/api/v1/events/${id}`,
    {
      event_venue: VENUE,
      event_start: start,
      event_exam_type: 'ielts',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      registration_limit: limit,
    },
    TOKENS.coord,
  );
  await db.events.put({
    ...event,
    registration_limit: localLimit,
    sync_state: 'synced',
    local_date: start.slice(0, 10),
  });
  await db.assessmentForms.put({ ...form, pulled_at: Date.now() });
  return event;
}

const row = (n: number, prefix: string, over: Partial<AttendeeRow> = {}): AttendeeRow => ({
  first_name: `First${n}`,
  last_name: `Last${n}`,
  email: `${prefix}-${n}@example.org`,
  accommodations: [],
  ...over,
});

async function serverRegistrations(eventId: string): Promise<Registration[]> {
  const all: Registration[] = [];
  for (let page = 1; ; page++) {
    const list = await server.call<{ data: Registration[] }>('POST', '/api/v1/registrations/search', {
      event_id: eventId,
      page,
      limit: 100,
    });
    all.push(...list.data);
    if (list.data.length < 100) return all;
  }
}

describe('attendee jobs: offline, then synced', () => {
  it('60 people go as a job of 50 and one of 10; the server outcomes replace the local ones', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    // the laptop believes in 100 seats; the server has 58
    const event = await serverEvent(db, 58, 100);
    const people = Array.from({ length: 60 }, (_, i) => ({ row: row(i + 1, 'sixty'), rowNumber: i + 2 }));
    const stored = await importPeople(db, { eventId: event.event_id, label: 'Spring sitting', people });
    expect(stored).toMatchObject({ registered: 60, failed: 0 });
    expect(stored.jobIds).toHaveLength(2);
    expect(await db.registrations.where('event_id').equals(event.event_id).count()).toBe(60);
    expect((await db.events.get(event.event_id))!.registered_count).toBe(60);
    const jobs = await db.attendeeJobs.where('import_id').equals(stored.importId).sortBy('group');
    expect(jobs.map((j) => [j.tasks.length, j.status])).toEqual([
      [50, 'processing'],
      [10, 'processing'],
    ]);

    await configure(db, proxy.url);
    const from = proxy.log.length;
    await syncUntilSettled(db, host, testDependencies());

    const bulk = proxy.log.slice(from).filter((r) => r.method === 'POST' && r.path.endsWith('/people/bulk'));
    // a request retried after a timeout on a loaded machine goes again under the same key
    const byKey = new Map(bulk.map((r) => [r.key, r.tasks]));
    expect([...byKey.values()]).toEqual([50, 10]);
    expect(bulk.every((r) => r.tasks !== undefined && r.tasks <= 50)).toBe(true);
    const after = await db.attendeeJobs.where('import_id').equals(stored.importId).sortBy('group');
    expect(after.map((j) => j.status)).toEqual(['ended', 'failed']);
    const last = after[1]!;
    expect(last.tasks.filter((t) => t.server?.status === 'failed').map((t) => t.outcome_changed)).toEqual([
      expect.objectContaining({ from: 'registered', to: 'failed: registration_limit_reached' }),
      expect.objectContaining({ from: 'registered', to: 'failed: registration_limit_reached' }),
    ]);
    // the laptop now holds exactly what the server holds, record by record
    const onServer = await serverRegistrations(event.event_id);
    expect(onServer).toHaveLength(58);
    const local = await db.registrations.where('event_id').equals(event.event_id).toArray();
    expect(local.map((r) => r.registration_id).sort()).toEqual(onServer.map((r) => r.registration_id).sort());
    expect(local.every((r) => r.sync_state === 'synced')).toBe(true);
    expect((await db.events.get(event.event_id))!.registered_count).toBe(58);
    const entries = await db.outbox
      .where('record')
      .equals(recordKey({ kind: 'attendeeJob', id: last.id }))
      .toArray();
    expect(entries.map((e) => e.status)).toEqual(['done']);
  }, 120_000);

  it('a person imported twice before syncing is refused here and by the server alike, with no changed outcome', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    const event = await serverEvent(db, null);
    const first = await importPeople(db, {
      eventId: event.event_id,
      label: 'First list',
      people: [{ row: row(1, 'again'), rowNumber: 2 }],
    });
    // the coordinator imports the person again before syncing: refused here, and by the server
    const second = await importPeople(db, {
      eventId: event.event_id,
      label: 'Second list',
      people: [{ row: row(1, 'again', { email: 'AGAIN-1@example.org' }), rowNumber: 2 }],
    });
    expect([first.registered, second.failed]).toEqual([1, 1]);
    await configure(db, server.url);
    await syncUntilSettled(db, host, testDependencies());
    const [job] = await db.attendeeJobs.where('import_id').equals(second.importId).toArray();
    expect(job!.tasks[0]!.server).toEqual({
      status: 'failed',
      errors: [{ code: 'already_registered', message: 'User already registered for this session.' }],
    });
    expect(job!.tasks[0]!.outcome_changed).toBeUndefined();
    expect(await serverRegistrations(event.event_id)).toHaveLength(1);
  }, 120_000);

  it('500s and lost answers: every person is registered exactly once', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    const event = await serverEvent(db, null);
    const people = Array.from({ length: 120 }, (_, i) => ({ row: row(i + 1, 'faults'), rowNumber: i + 2 }));
    const stored = await importPeople(db, { eventId: event.event_id, label: 'Faults', people });
    await configure(db, proxy.url);
    const isBulk = (r: { path: string }) => r.path.endsWith('/people/bulk');
    const isPoll = (r: { path: string }) => r.path.includes('/jobs/');
    // bulk POSTs meet a 500 and a lost answer (the server made the job); polls a 500 and a lost answer
    proxy.failNext(1, { kind: 'status', status: 500 }, isBulk);
    proxy.failNext(1, { kind: 'drop-response' }, isBulk);
    proxy.failNext(1, { kind: 'status', status: 500 }, isPoll);
    proxy.failNext(1, { kind: 'drop-response' }, isPoll);
    await syncUntilSettled(db, host, testDependencies());
    const jobs = await db.attendeeJobs.where('import_id').equals(stored.importId).toArray();
    expect(jobs.map((j) => j.status)).toEqual(['ended', 'ended', 'ended']);
    expect(proxy.log.filter((r) => isBulk(r) && r.fault !== 'pass').length).toBe(2);
    const onServer = await serverRegistrations(event.event_id);
    expect(onServer).toHaveLength(120);
    expect(new Set(onServer.map((r) => r.learner.email)).size).toBe(120);
    const jobsOnServer = await server.call<JobList>(
      'GET',
      `/api/v1/jobs?event_id=${event.event_id}&limit=100`,
      undefined,
      TOKENS.coord,
    );
    expect(jobsOnServer.data).toHaveLength(3);
  }, 120_000);
});
