import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type Event, type Registration } from '../../../src/contract';
import { fileSittings, importPeopleFromFile } from '../../../src/attendees/fileSittings';
import { saveEvent } from '../../../src/events/events';
import type { AttendeeRow } from '../../../src/import/attendeeRow';
import { findOperation } from '../../../src/sync/recordKinds';
import { openEntries } from '../../../src/sync/outboxState';
import { recordKey } from '../../../src/sync/recordIds';
import {
  RealClockHost,
  TOKENS,
  TestServer,
  configure,
  memoryDatabase,
  syncUntilSettled,
} from '../sync/support';

/**
 * A people file naming its sittings by venue and start, imported offline: the rows of a sitting
 * with a local event go to it; a sitting with none gets one provisional event (the desk's lax
 * rule), whose jobs wait for its create and then go to the server's event.
 */

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start([TOKENS.coord, TOKENS.admin]);
}, 180_000);
afterAll(async () => {
  await server.close();
});

const CLASS = { event_exam_type: 'CPA', event_exam_format: 'paper', event_billing_code: 'B1' };

describe('a people file naming its sittings', () => {
  it('registers each sitting on its event, makes the new one once, and syncs them there', async () => {
    const org = crypto.randomUUID();
    const venue = crypto.randomUUID();
    await server.call('PUT', paths.venue(venue), {
      organization_id: org,
      name: `Lyon ${venue.slice(0, 4)}`,
      address: '2 rue',
      time_zone: 'Europe/Paris',
    });
    await server.call('PUT', paths.examClasses(org), {
      data: [{ exam_type: 'CPA', exam_formats: ['paper'], billing_codes: ['B1'] }],
    });
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url, TOKENS.coord);
    await syncUntilSettled(db, host);
    const known = await saveEvent(db, {
      event_venue: venue,
      event_start: '2026-06-04T07:00:00.000Z',
      ...CLASS,
    });
    await syncUntilSettled(db, host);

    const NEW_START = '2026-06-05T12:30:00.000Z';
    const person = (name: string, start: string, n: number) => ({
      row: {
        first_name: name,
        last_name: 'Sitting',
        email: `${name}-${venue}@example.org`,
        accommodations: [],
        venue_id: venue,
        event_start: start,
      } satisfies AttendeeRow,
      rowNumber: n + 2,
    });
    const people = [
      person('Ann', known.event_start, 0),
      person('Bo', NEW_START, 1),
      person('Cy', known.event_start, 2),
      person('Di', NEW_START, 3),
    ];
    const before = await fileSittings(
      db,
      people.map((p) => p.row),
    );
    expect(before.map((s) => [s.wallClock, s.people, s.eventId])).toEqual([
      ['2026-06-04T09:00', 2, known.event_id],
      ['2026-06-05T14:30', 2, null],
    ]);

    const first = await importPeopleFromFile(db, {
      label: 'Lyon',
      people: people.slice(0, 3),
      newEvents: CLASS,
    });
    // the same new sitting in a second file finds the provisional event the first one made
    const second = await importPeopleFromFile(db, {
      label: 'Lyon late',
      people: people.slice(3),
      newEvents: CLASS,
    });
    expect(first.eventsMade).toHaveLength(1);
    expect(second.eventsMade).toEqual([]);
    const made = first.eventsMade[0]!;
    expect(await db.events.get(made)).toMatchObject({ provisional: true, event_start: NEW_START });
    const jobs = await db.attendeeJobs.where('import_id').anyOf(first.importId, second.importId).toArray();
    expect(jobs.map((j) => j.event_id).sort()).toEqual([known.event_id, made, made].sort());
    // the groups of the new event wait for its create; the known event's go at once
    const heldBack = findOperation('attendeeJob.create')!.heldBack!;
    for (const job of jobs) {
      expect(await heldBack(db, { kind: 'attendeeJob', id: job.id })).toBe(job.event_id === made);
    }
    expect(
      (await openEntries(db)).filter((e) => e.record === recordKey({ kind: 'event', id: made })),
    ).toHaveLength(1);

    await syncUntilSettled(db, host);

    expect(await openEntries(db)).toEqual([]);
    const settled = await db.attendeeJobs.where('import_id').anyOf(first.importId, second.importId).toArray();
    expect(settled.every((j) => j.status === 'ended')).toBe(true);
    const onServer = async (name: string) => {
      const local = (await db.registrations.toArray()).find((r) => r.learner.first_name === name)!;
      return (await server.call<Registration>('GET', paths.registration(local.registration_id))).event_id;
    };
    const events = new Map<string, string>();
    for (const name of ['Ann', 'Bo', 'Cy', 'Di']) events.set(name, await onServer(name));
    expect(events.get('Ann')).toBe(known.event_id);
    expect(events.get('Cy')).toBe(known.event_id);
    expect(events.get('Bo')).toBe(events.get('Di'));
    expect(events.get('Bo')).not.toBe(known.event_id);
    // the server holds one event at the new sitting, and the laptop shows it synced
    const listed = await server.call<{ data: Event[] }>('GET', `${paths.listEvents}?date=2026-06-05`);
    const atNew = listed.data.filter((e) => e.event_venue === venue && e.event_start === NEW_START);
    expect(atNew.map((e) => e.event_id)).toEqual([events.get('Bo')]);
    expect(await db.events.get(events.get('Bo')!)).toMatchObject({
      sync_state: 'synced',
      registered_count: 2,
    });
  }, 180_000);

  it('two laptops that imported the same new sitting offline end on one event, both people on it', async () => {
    const org = crypto.randomUUID();
    const venue = crypto.randomUUID();
    await server.call('PUT', paths.venue(venue), {
      organization_id: org,
      name: `Nantes ${venue.slice(0, 4)}`,
      address: '3 quai',
      time_zone: 'Europe/Paris',
    });
    await server.call('PUT', paths.examClasses(org), {
      data: [{ exam_type: 'CPA', exam_formats: ['paper'], billing_codes: ['B1'] }],
    });
    const START = '2026-07-09T08:00:00.000Z';
    const laptop = async () => {
      const db = memoryDatabase();
      await configure(db, server.url, TOKENS.coord);
      await syncUntilSettled(db, new RealClockHost());
      return db;
    };
    const [a, b] = [await laptop(), await laptop()];
    const fileOf = (name: string) => [
      {
        row: {
          first_name: name,
          last_name: 'Twice',
          email: `${name}-${venue}@example.org`,
          accommodations: [],
          venue_id: venue,
          event_start: START,
        } satisfies AttendeeRow,
        rowNumber: 2,
      },
    ];
    const fromA = await importPeopleFromFile(a, { label: 'A', people: fileOf('Eve'), newEvents: CLASS });
    const fromB = await importPeopleFromFile(b, { label: 'B', people: fileOf('Fay'), newEvents: CLASS });
    expect(fromA.eventsMade[0]).not.toBe(fromB.eventsMade[0]);

    await syncUntilSettled(a, new RealClockHost());
    // B's create is refused with a 409 naming A's event: B's file goes onto that one
    await syncUntilSettled(b, new RealClockHost());
    await syncUntilSettled(a, new RealClockHost());

    const listed = await server.call<{ data: Event[] }>('GET', `${paths.listEvents}?date=2026-07-09`);
    const atSitting = listed.data.filter((e) => e.event_venue === venue);
    expect(atSitting).toHaveLength(1);
    const eventId = atSitting[0]!.event_id;
    expect(atSitting[0]!.registered_count).toBe(2);
    for (const db of [a, b]) {
      expect(await openEntries(db)).toEqual([]);
      expect((await db.outbox.where('status').equals('rejected').toArray()).map((e) => e.op)).toEqual([]);
      const here = (await db.events.toArray()).filter((e) => e.event_venue === venue);
      expect(here.map((e) => [e.event_id, e.sync_state, e.registered_count])).toEqual([
        [eventId, 'synced', 2],
      ]);
      const jobs = await db.attendeeJobs.toArray();
      expect(jobs.map((j) => [j.event_id, j.status])).toEqual([[eventId, 'ended']]);
    }
  }, 180_000);
});
