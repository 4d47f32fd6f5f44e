import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Event, Registration } from '../../src/contract';
import { readServerFieldRecords } from './support/fieldAgreement';
import {
  applied,
  expectFieldAgreement,
  field,
  harnessReady,
  serveFieldHarness,
} from './support/fieldHarness';
import type { ServedFieldHarness } from './support/fieldHarness';
import { cpaEventFields, putFieldReference, type FieldReference } from './support/fieldServer';
import { makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Issue #11, acceptance 3: two laptops (two browser contexts, each its own IndexedDB) are
 * offline and both register people at the same new venue and start, so each makes its own
 * provisional event there. After both synced (with the real reference server on loopback), the
 * server holds one event with every registration, and both laptops show that one event: its
 * server id, the seat count of both, no provisional event left; each laptop's learners, events
 * and registrations agree with the server's record by record.
 *
 * The laptops belong to two coordinators, as two desks of one exam centre may: the event is
 * made by whichever laptop's registration reaches the server first, and the other's registration
 * joins it by the lax lookup.
 */

const ADMIN_TOKEN = 'e2e-field-admin-token';
const LAPTOPS = [
  { name: 'laptop A', token: 'e2e-field-coord-a-token', coordinator: 'coord-a' },
  { name: 'laptop B', token: 'e2e-field-coord-b-token', coordinator: 'coord-b' },
] as const;
/** a start no event has: 09:00 in Paris on a day of its own */
const START = '2026-06-15T07:00:00.000Z';
const DAY = '2026-06-15';
const SETTLE_TIMEOUT_MS = 10_000;

let served: ServedFieldHarness | undefined;
let dataDir: Awaited<ReturnType<typeof makeDataDir>> | undefined;
let server: ReferenceServer | undefined;
let reference: FieldReference | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  served = await serveFieldHarness();
  dataDir = await makeDataDir();
  server = await startReferenceServer({
    tokens: {
      [ADMIN_TOKEN]: 'admin',
      ...Object.fromEntries(LAPTOPS.map((l) => [l.token, l.coordinator])),
    },
    dataDir: dataDir.dir,
  });
  reference = await putFieldReference(server, ADMIN_TOKEN);
});

test.afterAll(async () => {
  await server?.stop();
  await dataDir?.remove();
  await served?.close();
});

async function openLaptop(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(served!.url);
  await harnessReady(page);
  return { context, page };
}

test('two laptops offline register at the same new venue and start; after both sync there is one event with both registrations, on the server and on both laptops', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  if (!served || !server || !reference) throw new Error('beforeAll did not start the page and server');
  const target = server;
  const ref = reference;
  const laptops = await Promise.all(LAPTOPS.map(async (l) => ({ ...l, ...(await openLaptop(browser)) })));
  const pageErrors: string[] = [];
  for (const laptop of laptops)
    laptop.page.on('pageerror', (e) => pageErrors.push(`${laptop.name}: ${e.message}`));

  // online first: each laptop gets the reference data (venues, classes, forms)
  for (const laptop of laptops) {
    await field(laptop.page, 'configure', target.url, laptop.token, laptop.coordinator);
    expect(await field(laptop.page, 'settle', SETTLE_TIMEOUT_MS, 40)).toMatchObject({ state: 'idle' });
  }

  // offline: two people each, at a venue and start with no event yet
  const provisional = new Map<string, string>();
  const registrationIds: string[] = [];
  for (const laptop of laptops) {
    await laptop.context.setOffline(true);
    for (const [index, person] of ['Ana', 'Bea'].entries()) {
      const learner = await applied(
        `${laptop.name}: a learner`,
        field(laptop.page, 'saveLearner', {
          first_name: person,
          last_name: `${laptop.coordinator} Desk`,
          email: `${person.toLowerCase()}.${laptop.coordinator}@example.org`,
        }),
      );
      const registered = await applied(
        `${laptop.name}: register-lax`,
        field(laptop.page, 'registerLax', {
          ...cpaEventFields(ref.paris, START),
          learner: learner.learner_id,
          learner_registrant_type: 'candidate',
          assessment: ref.codes.cpa1,
          accommodations: [],
        }),
      );
      // the first makes the laptop's provisional event, the second joins it
      expect(registered.madeProvisionalEvent, `${laptop.name} registration ${index + 1}`).toBe(index === 0);
      if (index === 0) provisional.set(laptop.name, registered.event_id);
      else expect(registered.event_id).toBe(provisional.get(laptop.name));
      registrationIds.push(registered.registration_id);
    }
  }
  expect(provisional.get('laptop A')).not.toBe(provisional.get('laptop B'));

  // back online: A syncs, then B, then A again (it learns of B's registrations)
  for (const laptop of laptops) await laptop.context.setOffline(false);
  for (const laptop of [laptops[0]!, laptops[1]!, laptops[0]!]) {
    const status = await field(laptop.page, 'settle', SETTLE_TIMEOUT_MS, 60);
    expect(status, laptop.name).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
  }

  // the server: one event at that venue and start, with the four registrations
  const all = await readServerFieldRecords(target, ADMIN_TOKEN);
  const atStart = all.events.filter(
    (e: Event) => e.event_venue === ref.paris && Date.parse(e.event_start) === Date.parse(START),
  );
  expect(atStart, 'events at the venue and start on the server').toHaveLength(1);
  const event = atStart[0]!;
  expect(event).toMatchObject({ status: 'scheduled', registered_count: 4 });
  const onEvent = all.registrations.filter((r: Registration) => r.event_id === event.event_id);
  expect(onEvent.map((r) => r.registration_id).sort()).toEqual([...registrationIds].sort());
  expect(onEvent.every((r) => r.status === 'active')).toBe(true);

  // both laptops: that one event, with both laptops' seats, and the provisional id opens it
  for (const laptop of laptops) {
    const shown = (await field(laptop.page, 'eventsBetween', DAY, DAY)).filter(
      (e) => e.event_venue === ref.paris && Date.parse(e.event_start) === Date.parse(START),
    );
    expect(shown, `${laptop.name}: events at the venue and start`).toEqual([
      expect.objectContaining({
        event_id: event.event_id,
        registered_count: 4,
        provisional: false,
        sync_state: 'synced',
      }),
    ]);
    const opened = await field(laptop.page, 'openEvent', provisional.get(laptop.name)!);
    expect(opened?.event_id, `${laptop.name}: its provisional event's id opens the server's`).toBe(
      event.event_id,
    );
    await expectFieldAgreement(laptop.page, target, laptop.token, { profile: laptop.name });
  }
  expect(pageErrors).toEqual([]);
  for (const laptop of laptops) await laptop.context.close();
});
