import { expect, test, type Page } from '@playwright/test';
import type { RegistrationCommandName } from '../../src/contract';
import type { Fault, FaultProxy, ProxiedRequest } from '../support/faultProxy';
import { readServerFieldRecords } from './support/fieldAgreement';
import { startFieldLaptop, useFieldFaultRig } from './support/fieldFaultRig';
import { applied, expectFieldAgreement, field, harnessReady } from './support/fieldHarness';
import { cpaEventFields, type FieldReference } from './support/fieldServer';
import type { ReferenceServer } from './support/server';

/**
 * Issue #11, acceptance 4 (faults): a series of learner, event and registration commands made
 * offline on one laptop (the harness page in Chromium, the app's own core modules on the real
 * IndexedDB) is synced to the real reference server through the fault-injecting proxy: 500s,
 * answers lost after the server acted, and the engine killed (the page reloaded) while a
 * command's request is in flight. Every command must be applied exactly once: each
 * registration's history on the server is the commands made here, in order, once each; every
 * seat count is right; and the laptop's records agree with the server's record by record.
 */

const ADMIN_TOKEN = 'e2e-field-faults-admin-token';
/** one coordinator per test, so each laptop (a fresh profile) is compared with its own records */
const COORDINATORS = ['coord-five', 'coord-lost', 'coord-kill'] as const;
type Coordinator = (typeof COORDINATORS)[number];
const tokenOf = (coordinator: Coordinator) => `e2e-field-faults-${coordinator}-token`;
const CHAOS_TIMEOUT_MS = 1_000;
const CALM_TIMEOUT_MS = 10_000;

const rig = useFieldFaultRig(ADMIN_TOKEN, Object.fromEntries(COORDINATORS.map((c) => [tokenOf(c), c])));

/** The commands of field registration: what goes to the server as one write each. */
const isFieldWrite = (request: ProxiedRequest) =>
  request.method === 'POST' && /\/api\/v1\/(learners|events|registrations)\//.test(request.path);

/** What the laptop did, to hold the server to: each registration's commands in order. */
interface Made {
  coordinator: Coordinator;
  histories: Map<string, RegistrationCommandName[]>;
}

/**
 * The series: three learners, an event with a seat limit at the LA venue, three registrations
 * (one lax at a Paris start with no event, so a provisional one), then a transfer, an
 * accommodation granted and revoked, an assessment changed, a cancel, and an event edit. Some
 * commands follow their record's create before it reached the server (they wait for it).
 */
async function makeSeries(page: Page, ref: FieldReference, coordinator: Coordinator): Promise<Made> {
  const tag = coordinator.slice('coord-'.length);
  const histories = new Map<string, RegistrationCommandName[]>();
  const log = (id: string, command: RegistrationCommandName) =>
    histories.set(id, [...(histories.get(id) ?? []), command]);
  const learners = [];
  for (const name of ['Ana', 'Bea', 'Zoë']) {
    learners.push(
      await applied(
        `learner ${name}`,
        field(page, 'saveLearner', {
          first_name: name,
          last_name: `Fault ${tag}`,
          email: `${name.toLowerCase().replace('ë', 'e')}.${tag}@example.org`,
        }),
      ),
    );
  }
  const laStart = `2026-07-0${1 + (tag.charCodeAt(0) % 8)}T16:00:00.000Z`;
  const parisStart = `2026-07-1${tag.charCodeAt(0) % 8}T07:30:00.000Z`;
  const event = await applied(
    'event at LA',
    field(page, 'saveEvent', { ...cpaEventFields(ref.la, laStart), registration_limit: 5 }),
  );
  const body = (learner: string, venue: string, start: string) => ({
    ...cpaEventFields(venue, start),
    learner,
    learner_registrant_type: 'candidate',
    assessment: ref.codes.cpa1,
    accommodations: [],
  });
  const r1 = await applied(
    'register 1',
    field(page, 'registerLax', body(learners[0]!.learner_id, ref.la, laStart)),
  );
  log(r1.registration_id, 'register-lax');
  const r2 = await applied(
    'register 2',
    field(page, 'registerLax', body(learners[1]!.learner_id, ref.paris, parisStart)),
  );
  expect(r2.madeProvisionalEvent).toBe(true);
  log(r2.registration_id, 'register-lax');
  const r3 = await applied(
    'register 3',
    field(page, 'registerLax', body(learners[2]!.learner_id, ref.la, laStart)),
  );
  log(r3.registration_id, 'register-lax');

  const command = async (id: string, next: Parameters<typeof field<'command'>>[3]) => {
    await applied(`${next.command} on ${id}`, field(page, 'command', id, next));
    log(id, next.command);
  };
  await command(r2.registration_id, {
    command: 'transfer-lax',
    body: { event_venue: ref.la, event_start: laStart, event_exam_type: 'CPA', reason: 'moved to LA' },
  });
  await command(r1.registration_id, {
    command: 'grant-accommodation',
    body: { type: 'extra_time', name: 'Extra time', time_extension: 15 },
  });
  await command(r3.registration_id, {
    command: 'grant-accommodation',
    body: { type: 'reader', name: 'Reader', time_extension: null },
  });
  await command(r3.registration_id, { command: 'revoke-accommodation', body: { type: 'reader' } });
  await command(r1.registration_id, { command: 'change-assessment', body: { assessment: ref.codes.cpa2 } });
  await command(r3.registration_id, { command: 'cancel', body: { reason: 'could not come' } });
  await applied(
    'event edit',
    field(page, 'saveEvent', {
      event_id: event.event_id,
      ...cpaEventFields(ref.la, laStart),
      registration_limit: 8,
    }),
  );
  return { coordinator, histories };
}

/** Every command once on the server, the seat counts right, and the laptop agreeing record by record. */
async function expectAppliedOnce(page: Page, target: ReferenceServer, made: Made): Promise<void> {
  const token = tokenOf(made.coordinator);
  const remote = await readServerFieldRecords(target, token);
  for (const [id, commands] of made.histories) {
    const registration = remote.registrations.find((r) => r.registration_id === id);
    expect(registration, `registration ${id} on the server`).toBeDefined();
    expect(
      registration!.history.map((h) => h.command),
      `registration ${id}: each command once, in order`,
    ).toEqual(commands);
  }
  for (const event of remote.events) {
    const active = remote.registrations.filter((r) => r.event_id === event.event_id && r.status === 'active');
    expect(event.registered_count, `event ${event.event_id}: seats taken`).toBe(active.length);
  }
  await expectFieldAgreement(page, target, token);
}

async function healAndSettle(page: Page, faults: FaultProxy): Promise<void> {
  faults.setPlan(() => ({ kind: 'pass' }));
  const status = await field(page, 'settle', CALM_TIMEOUT_MS, 200);
  expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
}

test('500s on the field commands: each is retried and applied once', async ({ page }) => {
  test.setTimeout(180_000);
  const { server: target, proxy: faults, reference: ref } = rig();
  await startFieldLaptop(page, rig().served.url, faults.url, tokenOf('coord-five'), 'coord-five');
  const made = await makeSeries(page, ref, 'coord-five');
  // every other field write meets a 500 until the series went through once
  let writes = 0;
  faults.setPlan((request) =>
    isFieldWrite(request) && writes++ % 2 === 0 ? { kind: 'status', status: 500 } : { kind: 'pass' },
  );
  for (let round = 0; round < 8; round++)
    await field(page, 'cycle', { timeoutMs: CHAOS_TIMEOUT_MS, reason: 'manual' });
  expect(faults.log.filter((r) => r.fault === 'status').length).toBeGreaterThan(3);
  await healAndSettle(page, faults);
  await expectAppliedOnce(page, target, made);
});

test('answers lost after the server acted: the commands are sent again and applied once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { server: target, proxy: faults, reference: ref } = rig();
  await startFieldLaptop(page, rig().served.url, faults.url, tokenOf('coord-lost'), 'coord-lost');
  const made = await makeSeries(page, ref, 'coord-lost');
  // every other field write reaches the server, which acts, and its answer is lost: the laptop
  // must send it again under the same Idempotency-Key and get the first answer replayed
  let writes = 0;
  faults.setPlan((request) =>
    isFieldWrite(request) && writes++ % 2 === 0 ? { kind: 'drop-response' } : { kind: 'pass' },
  );
  for (let round = 0; round < 8; round++)
    await field(page, 'cycle', { timeoutMs: CHAOS_TIMEOUT_MS, reason: 'manual' });
  const lost = faults.log.filter((r) => r.fault === 'drop-response' && r.upstreamStatus === 200).length;
  expect(lost, 'answers the server gave and the laptop never got').toBeGreaterThan(5);
  await healAndSettle(page, faults);
  await expectAppliedOnce(page, target, made);
});

test('the engine killed while a command is in flight: after the reload it is sent again and applied once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { server: target, proxy: faults, reference: ref } = rig();
  await startFieldLaptop(page, rig().served.url, faults.url, tokenOf('coord-kill'), 'coord-kill');
  const made = await makeSeries(page, ref, 'coord-kill');
  // field writes reach the server and answer slowly: the reload lands while they are in flight
  const slow: Fault = { kind: 'delay', ms: 1_500 };
  faults.setPlan((request) => (isFieldWrite(request) ? slow : { kind: 'pass' }));
  for (let kill = 0; kill < 3; kill++) {
    const before = faults.log.filter(isFieldWrite).length;
    await field(page, 'startCycle', CALM_TIMEOUT_MS);
    await expect
      .poll(() => faults.log.filter(isFieldWrite).length, { timeout: 15_000 })
      .toBeGreaterThan(before);
    const context = await page.evaluate(() => window.__fieldHarness?.context);
    await page.reload();
    await harnessReady(page);
    expect(await page.evaluate(() => window.__fieldHarness?.context)).not.toBe(context);
  }
  await healAndSettle(page, faults);
  await expectAppliedOnce(page, target, made);
});
