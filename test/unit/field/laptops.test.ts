import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type Event, type Registration } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import { saveLearner } from '../../../src/learners';
import { referenceAge } from '../../../src/reference';
import { saveEvent } from '../../../src/events';
import { applyRegistrationCommand, registerLaxLocal } from '../../../src/registrations';
import { createApiClient } from '../../../src/sync/client';
import { openEntries } from '../../../src/sync/outboxState';
import { discardRejected } from '../../../src/sync/rejections';
import { entriesBehindRefusals } from '../../../src/sync/waiting';
import { pullOutcomes } from '../../../src/sync/pull';
import { pushOutbox } from '../../../src/sync/push';
import {
  RealClockHost,
  TOKENS,
  TestServer,
  configure,
  memoryDatabase,
  syncUntilSettled,
} from '../sync/support';
import { referenceOnServer as sharedReference } from './serverReference';

/**
 * Two laptops of one coordinator against the real reference server (PGlite in this process):
 * the record kinds' push, accept and feed, and the lax mapping of provisional events.
 */

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start([TOKENS.coord, TOKENS.elsewhere, TOKENS.admin]);
}, 180_000);
afterAll(async () => {
  await server.close();
});

const referenceOnServer = () => sharedReference(server);

async function laptop(token: string): Promise<AppDatabase> {
  const db = memoryDatabase();
  await configure(db, server.url, token);
  return db;
}

const host = new RealClockHost();

describe('two laptops offline at the same new venue and start', () => {
  it('end on one event on the server and on both laptops, with both registrations; syncing again sends nothing', async () => {
    const { venue, code } = await referenceOnServer();
    const a = await laptop(TOKENS.coord);
    const b = await laptop(TOKENS.elsewhere);
    // online once: the reference data comes down
    await syncUntilSettled(a, host);
    await syncUntilSettled(b, host);
    expect(await referenceAge(a)).not.toBeNull();
    expect(await a.venues.get(venue)).toBeDefined();

    // offline: each registers a new learner at the same venue and start, making a provisional event
    const start = '2026-05-04T07:30:00.000Z';
    const body = (learner: string) => ({
      event_venue: venue,
      event_start: start,
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      learner,
      assessment: code,
    });
    const ann = await saveLearner(a, {
      first_name: 'Ann',
      last_name: 'Lee',
      email: `ann-${venue}@example.org`,
    });
    const onA = await registerLaxLocal(a, body(ann.learner_id));
    // a command on a registration not pushed yet waits for its create
    await applyRegistrationCommand(a, onA.registration.registration_id, {
      command: 'grant-accommodation',
      body: { type: 'extra-time', time_extension: 15 },
    });
    const bob = await saveLearner(b, {
      first_name: 'Bob',
      last_name: 'Ray',
      email: `bob-${venue}@example.org`,
    });
    const onB = await registerLaxLocal(b, body(bob.learner_id));
    expect(onA.madeProvisionalEvent && onB.madeProvisionalEvent).toBe(true);
    expect(onA.event.event_id).not.toBe(onB.event.event_id);

    await syncUntilSettled(a, host);
    await syncUntilSettled(b, host);
    await syncUntilSettled(a, host);

    const serverEvents = (
      await server.call<{ data: Event[] }>('GET', `${paths.listEvents}?date=2026-05-04&limit=100`)
    ).data.filter((e) => e.event_venue === venue);
    expect(serverEvents).toHaveLength(1);
    const [event] = serverEvents;
    expect(event!.registered_count).toBe(2);
    const onServer = await server.call<Registration>(
      'GET',
      paths.registration(onA.registration.registration_id),
    );
    expect(onServer.event_id).toBe(event!.event_id);
    expect(onServer.accommodations).toMatchObject([{ type: 'extra-time', time_extension: 15 }]);

    for (const db of [a, b]) {
      const local = await db.events.where('[event_venue+event_start]').equals([venue, start]).toArray();
      expect(local.map((e) => [e.event_id, e.provisional ?? false])).toEqual([[event!.event_id, false]]);
      expect(await openEntries(db)).toEqual([]);
    }
    // laptop A also got B's registration through the feed, on the same event
    const onEventA = await a.registrations.where('event_id').equals(event!.event_id).toArray();
    expect(onEventA.map((r) => r.learner.first_name).sort()).toEqual(['Ann', 'Bob']);
    expect((await a.registrations.get(onA.registration.registration_id))?.sync_state).toBe('synced');

    // syncing again sends nothing
    const before = await a.outbox.count();
    await syncUntilSettled(a, host);
    expect(await a.outbox.count()).toBe(before);
  }, 240_000);
});

describe('an answer replayed after the server moved on', () => {
  it('does not put back an older seat count: the feed’s newer copy, kept while the edit was unanswered, wins', async () => {
    const { venue, code } = await referenceOnServer();
    const a = await laptop(TOKENS.coord);
    const b = await laptop(TOKENS.elsewhere);
    await syncUntilSettled(a, host);
    await syncUntilSettled(b, host);
    const start = '2026-06-08T07:30:00.000Z';
    const fields = {
      event_venue: venue,
      event_start: start,
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
    };
    const made = await saveEvent(a, { ...fields, registration_limit: 5 });
    await syncUntilSettled(a, host);

    // A edits the event; the server applies it and its answer (0 seats taken) is lost
    await saveEvent(a, { event_id: made.event_id, registration_limit: 6 });
    let dropped = 0;
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && String(input).includes(`/events/${made.event_id}`) && dropped++ === 0) {
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const token = TOKENS.coord;
    const options = (f: typeof fetch) => ({
      db: a,
      client: createApiClient({ baseUrl: server.url, token, fetch: f, timeoutMs: 5_000 }),
      now: () => Date.now(),
      random: () => 0.1,
      timeZone: 'UTC',
      ignoreBackoff: true,
    });
    await pushOutbox(options(losing));
    expect(dropped).toBe(1);
    expect((await openEntries(a)).map((e) => e.op)).toEqual(['event.update']);

    // another laptop registers someone there: the server's count is 1, and A's feed brings it
    // while A's edit is still unanswered
    const bob = await saveLearner(b, {
      first_name: 'Bob',
      last_name: 'Ray',
      email: `bob-${venue}@example.org`,
    });
    await registerLaxLocal(b, {
      ...fields,
      learner: bob.learner_id,
      learner_registrant_type: 'candidate',
      assessment: code,
      accommodations: [],
    });
    await syncUntilSettled(b, host);
    await pullOutcomes(options(fetch));
    expect((await a.events.get(made.event_id))?.registered_count).toBe(0);

    // the retry is answered with the server's first answer, replayed: 0 seats taken
    const pushed = await pushOutbox(options(fetch));
    expect(pushed.accepted).toBe(1);
    const onServer = await server.call<Event>('GET', paths.event(made.event_id));
    expect(onServer.registered_count).toBe(1);
    const local = await a.events.get(made.event_id);
    expect(local).toMatchObject({ registered_count: 1, registration_limit: 6, sync_state: 'synced' });
    expect(await a.settings.where('key').startsWith('sync.held:').count()).toBe(0);
  }, 240_000);
});

describe('a registration naming a learner the server refused', () => {
  it('waits, counted as behind a refusal and not as due; once the learner is discarded it goes and is refused in its own words', async () => {
    const { venue, code } = await referenceOnServer();
    const a = await laptop(TOKENS.coord);
    await syncUntilSettled(a, host);
    const cleo = await saveLearner(a, {
      first_name: 'Cleo',
      last_name: 'Ng',
      email: `cleo-${venue}@example.org`,
    });
    // the server refuses the learner as sent (the laptop's own check let it through)
    const create = (await openEntries(a)).find((e) => e.op === 'learner.create')!;
    await a.outbox.update(create.seq!, { body: { ...(create.body as object), first_name: '' } });
    const made = await registerLaxLocal(a, {
      event_venue: venue,
      event_start: '2026-06-09T07:30:00.000Z',
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      learner: cleo.learner_id,
      learner_registrant_type: 'candidate',
      assessment: code,
      accommodations: [],
    });

    const status = await syncUntilSettled(a, host);
    expect(status).toMatchObject({ state: 'idle', pending: 1, rejected: 1, blocked: 1 });
    expect(status.next_attempt_at).toBeUndefined();
    const behind = await entriesBehindRefusals(a);
    const [waiting] = await openEntries(a).then((all) => all.filter((e) => e.status === 'pending'));
    expect(waiting?.op).toBe('registration.register-lax');
    expect(behind.get(waiting!.seq!)).toBe(`learner:${cleo.learner_id}`);
    expect(
      await server.call('GET', paths.registration(made.registration.registration_id)).catch(() => 'absent'),
    ).toBe('absent');

    await discardRejected(a, create.seq!, Date.now());
    const after = await syncUntilSettled(a, host);
    expect(after).toMatchObject({ state: 'idle', pending: 0, rejected: 1, blocked: 0 });
    const [refused] = (await openEntries(a)).filter((e) => e.status === 'rejected');
    expect(refused?.op).toBe('registration.register-lax');
    expect(refused?.rejection?.message).toMatch(/Learner/);
  }, 240_000);
});

describe('a refused registration discarded', () => {
  it('no longer holds a seat here: the event counts what the server counts', async () => {
    const { venue, code } = await referenceOnServer();
    const a = await laptop(TOKENS.coord);
    const b = await laptop(TOKENS.elsewhere);
    await syncUntilSettled(a, host);
    const fields = {
      event_venue: venue,
      event_start: '2026-06-10T07:30:00.000Z',
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
    };
    const event = await saveEvent(a, { ...fields, registration_limit: 5 });
    const dan = await saveLearner(a, {
      first_name: 'Dan',
      last_name: 'Oz',
      email: `dan-${venue}@example.org`,
    });
    await syncUntilSettled(a, host);
    await syncUntilSettled(b, host);
    expect((await b.events.get(event.event_id))?.registered_count).toBe(0);

    // both register Dan there; B has not heard of A's when it does
    const body = {
      ...fields,
      learner: dan.learner_id,
      learner_registrant_type: 'candidate',
      assessment: code,
      accommodations: [],
    };
    await registerLaxLocal(a, body);
    await syncUntilSettled(a, host);
    await registerLaxLocal(b, body);
    await syncUntilSettled(b, host);
    const [refused] = (await openEntries(b)).filter((e) => e.status === 'rejected');
    expect(refused?.rejection?.message).toBe('Learner already registered for this event.');
    // the refused one still holds its seat here until the coordinator decides
    expect((await b.events.get(event.event_id))?.registered_count).toBe(2);
    // and B's event feed moves past that event meanwhile
    await saveEvent(a, { ...fields, event_start: '2026-06-11T07:30:00.000Z', registration_limit: 5 });
    await syncUntilSettled(a, host);
    await syncUntilSettled(b, host);

    await discardRejected(b, refused!.seq!, Date.now());
    await syncUntilSettled(b, host);
    const onServer = await server.call<Event>('GET', paths.event(event.event_id));
    expect(onServer.registered_count).toBe(1);
    expect((await b.events.get(event.event_id))?.registered_count).toBe(1);
  }, 240_000);
});
