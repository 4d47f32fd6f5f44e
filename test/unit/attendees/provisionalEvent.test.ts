import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type Registration } from '../../../src/contract';
import { importPeople } from '../../../src/attendees';
import { saveLearner } from '../../../src/learners';
import { registerLaxLocal } from '../../../src/registrations';
import { openEntries } from '../../../src/sync/outboxState';
import {
  RealClockHost,
  TOKENS,
  TestServer,
  configure,
  memoryDatabase,
  syncUntilSettled,
} from '../sync/support';

/**
 * An attendee import onto an event this laptop made provisionally (a lax registration at the desk
 * at a new venue and start, offline): the groups wait for the event, and when the desk's
 * registration maps it onto the server's event, the jobs follow it there and are sent to it.
 */

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start([TOKENS.coord, TOKENS.admin]);
}, 180_000);
afterAll(async () => {
  await server.close();
});

describe('an import onto a provisional event', () => {
  it('is sent to the server event the provisional one becomes, and every person is registered there', async () => {
    const org = crypto.randomUUID();
    const venue = crypto.randomUUID();
    await server.call('PUT', paths.venue(venue), {
      organization_id: org,
      name: `Nantes ${venue.slice(0, 4)}`,
      address: '1 quai',
      time_zone: 'Europe/Paris',
    });
    await server.call('PUT', paths.examClasses(org), {
      data: [{ exam_type: 'CPA', exam_formats: ['paper'], billing_codes: ['B1'] }],
    });
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url, TOKENS.coord);
    await syncUntilSettled(db, host);

    const ann = await saveLearner(db, {
      first_name: 'Ann',
      last_name: 'Lee',
      email: `ann-${venue}@example.org`,
    });
    const desk = await registerLaxLocal(db, {
      event_venue: venue,
      event_start: '2026-06-04T07:30:00.000Z',
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      learner: ann.learner_id,
    });
    expect(desk.madeProvisionalEvent).toBe(true);
    const people = ['Bea', 'Cy', 'Dee'].map((name, i) => ({
      row: {
        first_name: name,
        last_name: 'Import',
        email: `${name}-${venue}@example.org`,
        accommodations: [],
      },
      rowNumber: i + 2,
    }));
    const stored = await importPeople(db, { eventId: desk.event.event_id, label: 'Nantes', people });
    expect(stored.registered).toBe(3);

    await syncUntilSettled(db, host);

    const serverEvent = (
      await server.call<Registration>('GET', paths.registration(desk.registration.registration_id))
    ).event_id;
    expect(serverEvent).not.toBe(desk.event.event_id);
    const jobs = await db.attendeeJobs.where('import_id').equals(stored.importId).toArray();
    expect(jobs.map((j) => [j.event_id, j.status])).toEqual([[serverEvent, 'ended']]);
    expect(await openEntries(db)).toEqual([]);
    const onEvent = await db.registrations.where('event_id').equals(serverEvent).toArray();
    expect(onEvent.map((r) => r.learner.first_name).sort()).toEqual(['Ann', 'Bea', 'Cy', 'Dee']);
    for (const r of onEvent) {
      const there = await server.call<Registration>('GET', paths.registration(r.registration_id));
      expect(there.event_id).toBe(serverEvent);
    }
  }, 120_000);
});
