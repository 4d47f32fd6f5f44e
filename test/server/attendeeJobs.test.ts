import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JOB_TASKS, paths } from '../../src/contract';
import { FORM_CODE, bulkBody, eventFactory, people, person } from './attendeeSetup';
import { FORMATS, ROOT, backends, expectMatchesExample, startTestServer, type TestServer } from './helpers';

const seed = JSON.parse(readFileSync(path.join(ROOT, 'test/server/fixtures/seed001.json'), 'utf8')) as {
  job_accepted: Record<string, unknown>;
  job_tasks: { data: Record<string, unknown>[] };
  job_statuses: string[];
};

type Job = { type: string; id: string; attributes: Record<string, unknown> };
type Task = {
  status: string;
  errors: { code: string; message: string }[];
  data?: Record<string, unknown> & { registration_id?: string };
  index: number;
};
type Tasks = { data: Task[]; meta: { page: number; limit: number; total: number } };

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`attendee jobs (C4) on ${backend.name}`, () => {
    let t: TestServer;
    let eventId: string;
    let events: Awaited<ReturnType<typeof eventFactory>>;
    beforeAll(async () => {
      t = await startTestServer(backend);
      events = await eventFactory(t.server.db);
      eventId = await events.make();
    });
    afterAll(async () => {
      await t?.close();
    });
    const api = () => t.api;
    const submit = async (
      attributes: unknown[],
      token: 'coord119' | 'other' = 'coord119',
      event = eventId,
    ) => {
      const res = await api().post<Job>(paths.eventPeopleBulk(event), bulkBody(attributes), token);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body;
    };
    const tasksOf = async (jobId: string, query = '') => {
      const res = await api().get<Tasks>(`${paths.jobTasks(jobId)}${query}`, 'coord119');
      expect(res.status, JSON.stringify(res.body)).toBe(207);
      return res.body;
    };

    it('answers 202 in the seed example shape, processing with nothing done yet', async () => {
      const job = await submit(people(3, 'shape'));
      expectMatchesExample(job, seed.job_accepted, ['id', 'total_items']);
      expect(job.id).toMatch(FORMATS.run_id);
      expect(job.attributes).toMatchObject({ status: 'processing', total_items: 3, event_id: eventId });
      expect(job.attributes['updated_at']).toMatch(FORMATS.timestamp);
    });

    it('ends when every task succeeded; the 207 lists each registration in submitted order', async () => {
      const submitted = people(12, 'order').reverse();
      const job = await submit(submitted);
      await t.server.attendeeWorker.drain();
      const done = await api().get<Job>(paths.job(job.id), 'coord119');
      expect(done.status).toBe(200);
      expect(done.body.attributes).toMatchObject({
        status: 'ended',
        total_items: 12,
        total_processed_items: 12,
        total_fail: 0,
        total_success: 12,
      });
      const page = await tasksOf(job.id, '?limit=100');
      expect(page.meta).toEqual({ page: 1, limit: 100, total: 12 });
      expect(page.data.map((d) => (d.data?.['learner'] as { email?: string } | undefined)?.email)).toEqual(
        submitted.map((p) => p.email),
      );
      expect(page.data.map((d) => d.index)).toEqual(submitted.map((_, i) => i));
      expectMatchesExample(page.data[0], seed.job_tasks.data[0], ['data']);
      const second = await tasksOf(job.id, '?page=2&limit=5');
      expect(second.data.map((d) => (d.data?.['learner'] as { email?: string } | undefined)?.email)).toEqual(
        submitted.slice(5, 10).map((p) => p.email),
      );
    });

    it('fails when one task failed, with each error code and its message', async () => {
      const taken = person(1, 'dup');
      await submit([taken]);
      await t.server.attendeeWorker.drain();
      const job = await submit([
        {
          ...person(2, 'dup'),
          assessment: FORM_CODE,
          accommodations: [{ type: 'extra_time', time_extension: 15 }],
        },
        { ...taken, email: taken.email.toUpperCase() },
        { first_name: 'No', last_name: 'Email' },
        { ...person(3, 'dup'), email: 'not-an-address' },
        { ...person(4, 'dup'), last_name: ' ' },
        { ...person(5, 'dup'), shoe_size: 44 },
        { ...person(6, 'dup'), first_name: 7 },
        { ...person(7, 'dup'), assessment: 'NO-SUCH-FORM' },
        { ...person(8, 'dup'), accommodations: [{ type: ' ' }] },
      ]);
      await t.server.attendeeWorker.drain();
      const page = await tasksOf(job.id);
      expect(page.data.map((d) => [d.status, d.errors.map((e) => `${e.code}: ${e.message}`)])).toEqual([
        ['succeeded', []],
        ['failed', ['already_registered: User already registered for this session.']],
        ['failed', ['missing_field: email is required.']],
        ['failed', ['invalid_email: not-an-address is not an email address.']],
        ['failed', ['missing_field: last_name is required.']],
        ['failed', ['invalid_field: Unknown field: shoe_size.']],
        ['failed', ['invalid_field: Invalid first_name: Invalid input: expected string, received number.']],
        ['failed', ['assessment_form_not_found: Assessment form not found.']],
        ['failed', ['accommodation_type_empty: Accommodation type cannot be empty.']],
      ]);
      expectMatchesExample(page.data[1], seed.job_tasks.data[1]);
      expect(page.data[0]?.data).toMatchObject({
        event_id: eventId,
        assessment: FORM_CODE,
        status: 'active',
        learner: { email: 'dup-2@example.org', first_name: 'First2' },
        accommodations: [{ type: 'extra_time', time_extension: 15 }],
      });
      const after = await api().get<Job>(paths.job(job.id), 'coord119');
      expect(after.body.attributes).toMatchObject({
        status: 'failed',
        total_processed_items: 9,
        total_fail: 8,
        total_success: 1,
      });
      expect(seed.job_statuses).toContain(after.body.attributes['status']);
    });

    it('holds the seat limit across a job and fails the rest with registration_limit_reached', async () => {
      const small = await events.make({ limit: 2 });
      const job = await submit(people(4, 'seats'), 'coord119', small);
      await t.server.attendeeWorker.drain();
      const page = await tasksOf(job.id);
      expect(page.data.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'failed', 'failed']);
      expect(page.data[3]?.errors).toEqual([
        { code: 'registration_limit_reached', message: 'Event registration limit reached.' },
      ]);
    });

    it('keeps the seats a job took for the next job', async () => {
      const small = await events.make({ limit: 3 });
      await submit(people(2, 'kept-a'), 'coord119', small);
      await t.server.attendeeWorker.drain();
      const next = await submit(people(2, 'kept-b'), 'coord119', small);
      await t.server.attendeeWorker.drain();
      const page = await tasksOf(next.id);
      expect(page.data.map((d) => d.status)).toEqual(['succeeded', 'failed']);
      const event = await api().get<{ registered_count: number }>(paths.event(small), 'coord119');
      expect(event.body.registered_count).toBe(3);
    });

    it('fails every task of a job on a cancelled event with event_cancelled', async () => {
      const doomed = await events.make();
      const job = await submit(people(2, 'cancelled'), 'coord119', doomed);
      await events.cancel(doomed);
      await t.server.attendeeWorker.drain();
      const page = await tasksOf(job.id);
      expect(page.data.map((d) => d.errors)).toEqual([
        [{ code: 'event_cancelled', message: 'Event is cancelled.' }],
        [{ code: 'event_cancelled', message: 'Event is cancelled.' }],
      ]);
    });

    it('registers one person with POST /events/:event_id/people, with the same codes as a task', async () => {
      const single = await events.make({ limit: 1 });
      const registration_id = randomUUID();
      const learner_id = randomUUID();
      const ok = await api().post(
        paths.eventPeople(single),
        { ...person(1, 'single'), registration_id, learner_id },
        'coord119',
      );
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body).toMatchObject({ registration_id, event_id: single, learner: { learner_id } });
      const again = await api().post(paths.eventPeople(single), person(1, 'single'), 'coord119');
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        error: { code: 'already_registered', message: 'User already registered for this session.' },
      });
      const full = await api().post(paths.eventPeople(single), person(2, 'single'), 'coord119');
      expect(full.status).toBe(409);
      expect(full.body['error']).toMatchObject({ code: 'registration_limit_reached' });
      const missing = await api().post(
        paths.eventPeople(single),
        { first_name: 'A', last_name: 'B' },
        'coord119',
      );
      expect(missing.status).toBe(400);
      expect(missing.body['error']).toEqual({ code: 'missing_field', message: 'email is required.' });
      const unknown = await api().post(paths.eventPeople(single), { ...person(3), shoe: 1 }, 'coord119');
      expect(unknown.status).toBe(400);
      expect(unknown.body['error']).toMatchObject({ code: 'validation_failed' });
      const elsewhere = await api().post(paths.eventPeople(randomUUID()), person(4), 'coord119');
      expect(elsewhere.status).toBe(404);
      const hidden = await api().post(paths.eventPeople(single), person(5), 'other');
      expect(hidden.status).toBe(404);
    });

    it('lists pending tasks as pending while the job is processing', async () => {
      const job = await submit(people(2, 'pending'));
      const page = await tasksOf(job.id);
      expect(page.data).toEqual([
        { status: 'pending', errors: [], index: 0 },
        { status: 'pending', errors: [], index: 1 },
      ]);
      await t.server.attendeeWorker.drain();
    });

    it(`refuses ${MAX_JOB_TASKS + 1} tasks with 400 naming the limit, and an empty or malformed job`, async () => {
      const tooMany = await api().post(
        paths.eventPeopleBulk(eventId),
        bulkBody(people(51, 'many')),
        'coord119',
      );
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toMatchObject({
        error: {
          code: 'validation_failed',
          message: 'A job holds at most 50 tasks; this one has 51. Split the people into several jobs.',
        },
      });
      const fifty = await api().post(
        paths.eventPeopleBulk(eventId),
        bulkBody(people(50, 'fifty')),
        'coord119',
      );
      expect(fifty.status).toBe(202);
      for (const body of [
        bulkBody([]),
        { type: 'people', data: { attributes: { tasks: [{ attributes: person(1) }] } } },
        { type: 'jobs', data: { attributes: { tasks: [person(1)] } } },
        { type: 'jobs' },
      ]) {
        const res = await api().post(paths.eventPeopleBulk(eventId), body, 'coord119');
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
      }
      const noEvent = await api().post(paths.eventPeopleBulk(randomUUID()), bulkBody(people(1)), 'coord119');
      expect(noEvent.status).toBe(404);
      const badEvent = await api().post(paths.eventPeopleBulk('not-a-uuid'), bulkBody(people(1)), 'coord119');
      expect(badEvent.status).toBe(400);
      await t.server.attendeeWorker.drain();
    });

    it("hides another coordinator's job (404) and lists only one's own in the feed", async () => {
      const mine = await submit(people(1, 'iso-mine'));
      expect((await api().post(paths.eventPeopleBulk(eventId), bulkBody(people(1)), 'other')).status).toBe(
        404,
      );
      const theirEvent = await events.make({ owner: 'coord-777' });
      const theirs = await submit(people(1, 'iso-theirs'), 'other', theirEvent);
      expect((await api().get(paths.job(theirs.id), 'coord119')).status).toBe(404);
      expect((await api().get(paths.jobTasks(theirs.id), 'coord119')).status).toBe(404);
      expect((await api().get(paths.job(theirs.id), 'admin')).status).toBe(200);
      const feed = await api().get<{ data: Job[] }>(`${paths.jobs}?limit=100`, 'coord119');
      const ids = feed.body.data.map((j) => j.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      await t.server.attendeeWorker.drain();
    });

    it('feeds changed jobs with updated_since, oldest change first', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const a = await submit(people(1, 'feed-a'));
      const b = await submit(people(1, 'feed-b'));
      const before = await api().get<{ data: Job[] }>(
        `${paths.jobs}?updated_since=${since}&limit=100`,
        'coord119',
      );
      const order = before.body.data.map((j) => j.id);
      expect(order.indexOf(a.id)).toBeLessThan(order.indexOf(b.id));
      await t.server.attendeeWorker.drain();
      const ended = await api().get<{ data: Job[] }>(
        `${paths.jobs}?status=ended&event_id=${eventId}&limit=100`,
        'coord119',
      );
      expect(ended.body.data.map((j) => j.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      const bad = await api().get(`${paths.jobs}?updated_since=yesterday`, 'coord119');
      expect(bad.status).toBe(400);
    });

    it('replays a bulk POST with the same Idempotency-Key instead of making a second job', async () => {
      const key = randomUUID();
      const body = bulkBody(people(2, 'idem'));
      const first = await api().post<Job>(paths.eventPeopleBulk(eventId), body, 'coord119', {
        'idempotency-key': key,
      });
      const again = await api().post<Job>(paths.eventPeopleBulk(eventId), body, 'coord119', {
        'idempotency-key': key,
      });
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const rows = await t.server.db.query<{ n: number }>(
        `SELECT count(DISTINCT job_id)::int AS n FROM attendee_job_tasks WHERE attributes->>'email' = 'idem-1@example.org'`,
      );
      expect(rows[0]!.n).toBe(1);
      await t.server.attendeeWorker.drain();
    });

    it('keeps a client registration_id, so a task made offline maps to its record', async () => {
      const registration_id = randomUUID();
      const job = await submit([{ ...person(1, 'client-id'), registration_id }]);
      await t.server.attendeeWorker.drain();
      const page = await tasksOf(job.id);
      expect(page.data[0]?.data?.registration_id).toBe(registration_id);
      const stored = await t.server.db.query<{ event_id: string }>(
        'SELECT event_id FROM registrations WHERE registration_id = $1',
        [registration_id],
      );
      expect(stored).toEqual([{ event_id: eventId }]);
    });

    it('refuses a registration_id already taken, by an earlier job or by an earlier task of the same job', async () => {
      const earlier = randomUUID();
      await submit([{ ...person(1, 'id-earlier'), registration_id: earlier }]);
      await t.server.attendeeWorker.drain();
      const twice = randomUUID();
      const job = await submit([
        { ...person(2, 'id-twice'), registration_id: twice },
        { ...person(3, 'id-twice'), registration_id: twice },
        { ...person(4, 'id-twice'), registration_id: earlier },
      ]);
      await t.server.attendeeWorker.drain();
      const page = await tasksOf(job.id);
      expect(page.data.map((d) => [d.status, d.errors.map((e) => e.code)])).toEqual([
        ['succeeded', []],
        ['failed', ['registration_exists']],
        ['failed', ['registration_exists']],
      ]);
    });
  });
}
