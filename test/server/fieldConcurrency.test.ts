import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { PG_URL, freshSchema } from './helpers';
import { call, spawnServer, type ServerProcess } from './processes';

if (!PG_URL)
  console.log('Part C concurrency suite skipped: it needs PostgreSQL and TEST_DATABASE_URL is not set');

/** Two server processes on one PostgreSQL: seats and the one-event-per-venue-and-start rule hold. */
describe.skipIf(!PG_URL)('registrations with two server processes on one PostgreSQL', () => {
  const schema = freshSchema();
  let a: ServerProcess;
  let b: ServerProcess;
  const org = randomUUID();
  const venue = randomUUID();

  beforeAll(async () => {
    const env = { DATABASE_URL: PG_URL!, DATABASE_SCHEMA: schema.schema, WORKER: 'off' };
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
    const ok = async (p: Promise<{ status: number }>) => expect((await p).status).toBe(200);
    await ok(
      call(a.url, 'PUT', paths.venue(venue), { organization_id: org, name: 'Hall', time_zone: 'UTC' }),
    );
    await ok(
      call(a.url, 'PUT', paths.examClasses(org), {
        data: [{ exam_type: 'CPA', exam_formats: ['paper'], billing_codes: ['B1'] }],
      }),
    );
    await ok(
      call(a.url, 'PUT', paths.assessmentForm(randomUUID()), {
        code: 'CPA-1',
        title: 'CPA',
        exam_type: 'CPA',
        published: true,
        bilingual: false,
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await schema.drop();
  });

  async function learners(n: number): Promise<string[]> {
    return Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const id = randomUUID();
        const res = await call(a.url, 'POST', paths.learner(id), {
          first_name: `L${i}`,
          last_name: 'Racer',
          email: `l${i}.${id}@example.org`,
        });
        expect(res.status).toBe(200);
        return id;
      }),
    );
  }

  const lax = (start: string, learner: string) => ({
    event_venue: venue,
    event_start: start,
    event_exam_type: 'CPA',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    learner,
    assessment: 'CPA-1',
  });

  it('50 register-lax calls over both instances on a 10-seat event register exactly 10', async () => {
    const start = '2027-05-01T09:00:00Z';
    const eventId = randomUUID();
    const made = await call(b.url, 'POST', paths.event(eventId), {
      ...lax(start, ''),
      learner: undefined,
      assessment: undefined,
      registration_limit: 10,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const people = await learners(50);
    const answers = await Promise.all(
      people.map((l, i) =>
        call<{ error?: { message: string } }>(
          i % 2 ? a.url : b.url,
          'POST',
          paths.registrationCommand(randomUUID(), 'register-lax'),
          lax(start, l),
        ),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
    expect(
      new Set(answers.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.error?.message}`)),
    ).toEqual(new Set(['409 Event registration limit reached.']));
    const count = await call<{ count: number }>(a.url, 'POST', paths.registrationCount, {
      event_id: eventId,
    });
    expect(count.body.count).toBe(10);
  }, 60_000);

  it('40 racing lax lookups that find no event make exactly one, and every registration is on it', async () => {
    const start = '2027-05-02T09:00:00Z';
    const people = await learners(40);
    const answers = await Promise.all(
      people.map((l, i) =>
        call<{ event_id: string }>(
          i % 2 ? a.url : b.url,
          'POST',
          paths.registrationCommand(randomUUID(), 'register-lax'),
          lax(start, l),
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(people.map(() => 200));
    expect(new Set(answers.map((r) => r.body.event_id)).size).toBe(1);
    const events = await call<{ data: { event_id: string; registered_count: number }[] }>(
      a.url,
      'GET',
      `${paths.listEvents}?date=2027-05-02`,
    );
    expect(events.body.data.map((e) => [e.event_id, e.registered_count])).toEqual([
      [answers[0]!.body.event_id, 40],
    ]);
  }, 60_000);

  it('20 racing creates of different event ids at one venue and start: one 200, the rest 409', async () => {
    const start = '2027-05-03T09:00:00Z';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? a.url : b.url, 'POST', paths.event(randomUUID()), {
          ...lax(start, ''),
          learner: undefined,
          assessment: undefined,
        }),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(19);
  }, 60_000);
});
