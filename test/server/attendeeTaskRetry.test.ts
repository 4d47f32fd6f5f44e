import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { registrarOver, type AttendeeRegistrar } from '../../server/attendeeRegistrar';
import { AttendeeJobWorker } from '../../server/attendeeWorker';
import { EventStore } from '../../server/events';
import { LearnerStore } from '../../server/learners';
import { ReferenceStore } from '../../server/reference';
import { RegistrationStore } from '../../server/registrations';
import { bulkBody, eventFactory, people } from './attendeeSetup';
import { backends, startTestServer, type TestServer } from './helpers';

/**
 * A task whose statement fails (as when two jobs race for one learner) is undone back to its own
 * savepoint and tried again: what it wrote the first time is gone, the tasks before it stay.
 */
for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`attendee task retry on ${backend.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('undoes only the failed attempt of a task and keeps the tasks settled before it', async () => {
      const db = t.server.db;
      const reference = new ReferenceStore(db);
      const events = new EventStore(db, reference);
      const real = registrarOver(events, new RegistrationStore(db, reference, events, new LearnerStore(db)));
      const eventId = await (await eventFactory(db)).make();
      const submitted = people(3, 'retry');
      let calls = 0;
      // the second person's first attempt writes its learner and registration, then fails
      const flaky: AttendeeRegistrar = {
        ...real,
        async registerPerson(tx, event, person, principal, chunk) {
          const outcome = await real.registerPerson(tx, event, person, principal, chunk);
          if (++calls === 2) throw new Error('a racing job took the row');
          return outcome;
        },
      };
      const worker = new AttendeeJobWorker(db, flaky, {
        leaseMs: 60_000,
        chunkSize: 50,
        pollMs: 10,
        lanes: 1,
        webhookUrls: [],
        webhookRetryWindowMs: 60_000,
      });
      const res = await t.api.post<{ id: string }>(paths.eventPeopleBulk(eventId), bulkBody(submitted));
      expect(res.status, JSON.stringify(res.body)).toBe(202);

      await worker.drain();

      expect(calls).toBe(4);
      const tasks = await db.query<{ status: string }>(
        'SELECT status FROM attendee_job_tasks WHERE job_id = $1 ORDER BY task_no',
        [res.body.id],
      );
      expect(tasks.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      const registered = await db.query<{ email: string }>(
        'SELECT email FROM registrations WHERE event_id = $1 ORDER BY email',
        [eventId],
      );
      expect(registered.map((r) => r.email)).toEqual(submitted.map((p) => p.email).sort());
      const learners = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM learners WHERE email_lower LIKE 'retry-%'`,
      );
      expect(learners[0]!.n).toBe(3);
      const [event] = await db.query<{ registered_count: number }>(
        'SELECT registered_count FROM events WHERE event_id = $1',
        [eventId],
      );
      expect(event!.registered_count).toBe(3);
    });
  });
}
