import { expect, test, type Page } from '@playwright/test';
import type { Job, JobTask } from '../../src/contract';
import type { AttendeeJobRecord } from '../../src/db';
import type { AttendeeRow } from '../../src/import/attendeeRow';
import type { Fault, FaultProxy, ProxiedRequest } from '../support/faultProxy';
import { readServerFieldRecords } from './support/fieldAgreement';
import { startFieldLaptop, useFieldFaultRig } from './support/fieldFaultRig';
import { applied, expectFieldAgreement, field, harnessReady } from './support/fieldHarness';
import { cpaEventFields, type FieldReference } from './support/fieldServer';
import { callServer, type ReferenceServer } from './support/server';

/**
 * Issue #12, acceptance 3 (the attendee half): an attendee import made offline (the harness page
 * in Chromium, the app's own core modules on the real IndexedDB) is synced to the real reference
 * server through the fault proxy: 500s, answers lost after the server acted, and the page reloaded
 * while a group's request is in flight. Every person must be registered exactly once on the server
 * (one job per group, one registration per admitted person, the seat count right), and the laptop
 * must agree with the server record by record: learners, events and registrations, and each job's
 * task outcomes against the server's 207.
 */

const ADMIN_TOKEN = 'e2e-attendee-faults-admin-token';
const COORDINATORS = ['coord-five', 'coord-lost', 'coord-kill'] as const;
type Coordinator = (typeof COORDINATORS)[number];
const tokenOf = (coordinator: Coordinator) => `e2e-attendee-faults-${coordinator}-token`;
const CHAOS_TIMEOUT_MS = 1_000;
const CALM_TIMEOUT_MS = 10_000;
/** 120 people: groups of 50, 50 and 20 */
const PEOPLE = 120;
/** two seats fewer than people admitted here, so the last two meet the limit */
const LIMIT = PEOPLE - 2;

const rig = useFieldFaultRig(ADMIN_TOKEN, Object.fromEntries(COORDINATORS.map((c) => [tokenOf(c), c])));

/** A group sent to the server. */
const isBulk = (request: ProxiedRequest) =>
  request.method === 'POST' && /\/events\/[^/]+\/people\/bulk$/.test(request.path);
/** A job's poll or its task results. */
const isJobRead = (request: ProxiedRequest) =>
  request.method === 'GET' && /\/api\/v1\/jobs\/[^/?]+/.test(request.path);

interface Made {
  coordinator: Coordinator;
  eventId: string;
  importId: string;
  /** emails of the people the import sent */
  emails: string[];
}

/**
 * The event (limit `LIMIT`) made here and synced, one person registered there at the desk and
 * synced, then the import of `PEOPLE` people, that person among them, made offline: locally 117
 * registered, one already registered, two over the limit.
 */
async function makeImport(page: Page, ref: FieldReference, coordinator: Coordinator): Promise<Made> {
  const tag = coordinator.slice('coord-'.length);
  const start = `2026-08-0${1 + (tag.charCodeAt(0) % 8)}T09:00:00.000Z`;
  const event = await applied(
    'event',
    field(page, 'saveEvent', { ...cpaEventFields(ref.la, start), registration_limit: LIMIT }),
  );
  const rows: AttendeeRow[] = Array.from({ length: PEOPLE }, (_, i) => ({
    first_name: `Person${i + 1}`,
    last_name: `Fault ${tag}`,
    email: `person${i + 1}.${tag}@example.org`,
    ...(i % 3 === 0 ? { assessment: ref.codes.cpa1 } : {}),
    accommodations: i % 10 === 0 ? [{ type: 'extra_time', time_extension: 15 }] : [],
  }));
  const desk = await applied(
    'desk learner',
    field(page, 'saveLearner', { first_name: 'Person7', last_name: `Fault ${tag}`, email: rows[6]!.email }),
  );
  await applied(
    'desk registration',
    field(page, 'registerLax', {
      ...cpaEventFields(ref.la, start),
      learner: desk.learner_id,
      learner_registrant_type: 'candidate',
      assessment: ref.codes.cpa1,
      accommodations: [],
    }),
  );
  await healAndSettle(page, rig().proxy);
  const imported = await applied(
    'import',
    field(page, 'importPeople', event.event_id, `Fault sitting ${tag}`, rows),
  );
  expect(imported.jobIds).toHaveLength(3);
  // 118 seats, one taken at the desk: 117 admitted, the desk's person refused, one over the limit
  expect({ registered: imported.registered, failed: imported.failed }).toEqual({
    registered: 117,
    failed: 3,
  });
  return {
    coordinator,
    eventId: event.event_id,
    importId: imported.importId,
    emails: rows.map((r) => r.email),
  };
}

/** No faults, and cycles until nothing is sent, refused or waiting for a job's outcome. */
async function healAndSettle(page: Page, faults: FaultProxy): Promise<void> {
  faults.setPlan(() => ({ kind: 'pass' }));
  await expect
    .poll(
      async () => {
        const status = await field(page, 'settle', CALM_TIMEOUT_MS, 200);
        const processing = (await field(page, 'attendeeJobs')).filter((j) => j.status === 'processing');
        return {
          state: status.state,
          pending: status.pending,
          rejected: status.rejected,
          processing: processing.length,
        };
      },
      { timeout: 60_000, intervals: [200, 500, 1_000] },
    )
    .toEqual({ state: 'idle', pending: 0, rejected: 0, processing: 0 });
}

async function serverJobs(target: ReferenceServer, token: string): Promise<Job[]> {
  const answer = await callServer<{ data: Job[] }>(
    target,
    token,
    'GET',
    '/jobs?updated_since=1970-01-01T00:00:00Z&page=1&limit=100',
  );
  expect(answer.status).toBe(200);
  return answer.body.data;
}

async function serverTasks(target: ReferenceServer, token: string, jobId: string): Promise<JobTask[]> {
  const answer = await callServer<{ data: JobTask[] }>(
    target,
    token,
    'GET',
    `/jobs/${jobId}/tasks?page=1&limit=50`,
  );
  expect(answer.status, 'the 207 of the job').toBe(207);
  return answer.body.data;
}

const outcomeOf = (o: { status: string; errors: ReadonlyArray<{ code: string }> } | undefined) =>
  o ? `${o.status}${o.errors.map((e) => ` ${e.code}`).join('')}` : 'unknown';

/**
 * Exactly once: one server job per local group, each person's registration once, the seat count
 * right, each task's outcome here the server's, and every learner, event and registration the
 * same on both sides.
 */
async function expectRegisteredOnce(page: Page, target: ReferenceServer, made: Made): Promise<void> {
  const token = tokenOf(made.coordinator);
  const local: AttendeeJobRecord[] = (await field(page, 'attendeeJobs')).filter(
    (j) => j.import_id === made.importId,
  );
  const jobs = await serverJobs(target, token);
  expect(jobs, 'one server job per group: none made twice').toHaveLength(local.length);
  expect(new Set(local.map((j) => j.job_id))).toEqual(new Set(jobs.map((j) => j.id)));

  for (const job of local) {
    const remote = await serverTasks(target, token, job.job_id!);
    expect(
      job.tasks.map((t) => `${t.person.email}: ${outcomeOf(t.server)}`),
      `group ${job.group + 1}: each task's outcome is the server's`,
    ).toEqual(
      job.tasks.map((t) => `${t.person.email}: ${outcomeOf(remote.find((r) => r.index === t.index))}`),
    );
  }
  const outcomes = local.flatMap((j) => j.tasks.map((t) => outcomeOf(t.server)));
  expect(outcomes.filter((o) => o === 'succeeded')).toHaveLength(117);
  expect(outcomes.filter((o) => o !== 'succeeded').sort()).toEqual([
    'failed already_registered',
    'failed registration_limit_reached',
    'failed registration_limit_reached',
  ]);

  const remote = await readServerFieldRecords(target, token);
  const onEvent = remote.registrations.filter((r) => r.event_id === made.eventId && r.status === 'active');
  const twice = made.emails.filter((email) => onEvent.filter((r) => r.learner.email === email).length > 1);
  expect(twice, 'people registered twice on the server').toEqual([]);
  expect(onEvent).toHaveLength(LIMIT);
  const event = remote.events.find((e) => e.event_id === made.eventId);
  expect(event?.registered_count, 'seats taken on the server').toBe(LIMIT);
  await expectFieldAgreement(page, target, token);
}

async function chaos(page: Page, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++)
    await field(page, 'cycle', { timeoutMs: CHAOS_TIMEOUT_MS, reason: 'manual' });
}

test('500s on the groups and their polls: every person is registered once', async ({ page }) => {
  test.setTimeout(180_000);
  const { server: target, proxy: faults, reference: ref } = rig();
  await startFieldLaptop(page, rig().served.url, faults.url, tokenOf('coord-five'), 'coord-five');
  const made = await makeImport(page, ref, 'coord-five');
  let hits = 0;
  faults.setPlan((request) =>
    (isBulk(request) || isJobRead(request)) && hits++ % 2 === 0
      ? { kind: 'status', status: 500 }
      : { kind: 'pass' },
  );
  await chaos(page, 10);
  expect(faults.log.filter((r) => r.fault === 'status' && isBulk(r)).length).toBeGreaterThan(0);
  await healAndSettle(page, faults);
  await expectRegisteredOnce(page, target, made);
});

test('answers lost after the server acted: the groups are sent again and made once', async ({ page }) => {
  test.setTimeout(180_000);
  const { server: target, proxy: faults, reference: ref } = rig();
  await startFieldLaptop(page, rig().served.url, faults.url, tokenOf('coord-lost'), 'coord-lost');
  const made = await makeImport(page, ref, 'coord-lost');
  // every group's first answer is lost after the server made the job, and every other poll's
  let reads = 0;
  const sent = new Set<string>();
  faults.setPlan((request) => {
    if (isBulk(request) && request.key && !sent.has(request.key)) {
      sent.add(request.key);
      return { kind: 'drop-response' };
    }
    return isJobRead(request) && reads++ % 2 === 0 ? { kind: 'drop-response' } : { kind: 'pass' };
  });
  await chaos(page, 10);
  const lost = faults.log.filter((r) => isBulk(r) && r.fault === 'drop-response' && r.upstreamStatus === 202);
  expect(lost, 'groups the server made whose answer the laptop never got').toHaveLength(3);
  await healAndSettle(page, faults);
  expect(
    faults.log.filter((r) => isBulk(r) && r.upstreamHeaders?.['idempotent-replayed'] === 'true').length,
    'the repeated groups were answered by the first answer',
  ).toBeGreaterThan(0);
  await expectRegisteredOnce(page, target, made);
});

test('a reload while a group is in flight: after it the group is sent again and made once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { server: target, proxy: faults, reference: ref } = rig();
  await startFieldLaptop(page, rig().served.url, faults.url, tokenOf('coord-kill'), 'coord-kill');
  const made = await makeImport(page, ref, 'coord-kill');
  // groups reach the server and answer slowly: the reload lands while they are in flight
  const slow: Fault = { kind: 'delay', ms: 1_500 };
  faults.setPlan((request) => (isBulk(request) || isJobRead(request) ? slow : { kind: 'pass' }));
  for (let kill = 0; kill < 3; kill++) {
    const before = faults.log.filter(isBulk).length;
    await field(page, 'startCycle', CALM_TIMEOUT_MS);
    await expect.poll(() => faults.log.filter(isBulk).length, { timeout: 15_000 }).toBeGreaterThan(before);
    const context = await page.evaluate(() => window.__fieldHarness?.context);
    await page.reload();
    await harnessReady(page);
    expect(await page.evaluate(() => window.__fieldHarness?.context)).not.toBe(context);
  }
  await healAndSettle(page, faults);
  await expectRegisteredOnce(page, target, made);
});
