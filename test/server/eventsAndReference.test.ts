import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { REGISTRATION_ERRORS } from '../../src/domain/registrationErrors';
import { backends, startTestServer, type TestServer } from './helpers';
import { type FieldFixture, freshStart, makeFixture, registerBody } from './fieldFixtures';

type Body = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; fields?: { field: string }[] } };

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`reference data and events (parts C1, C2) on ${backend.name}`, () => {
    let t: TestServer;
    let f: FieldFixture;
    beforeAll(async () => {
      t = await startTestServer(backend);
      f = await makeFixture(t.api);
    });
    afterAll(async () => {
      await t?.close();
    });
    const api = () => t.api;
    const eventBody = (extra: Body = {}) => ({
      event_venue: f.paris,
      event_start: freshStart(),
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      ...extra,
    });

    it('reference data: admin writes, coordinators read, a coordinator PUT is 403', async () => {
      const venues = await api().get<{ data: Body[] }>(
        `${paths.venues}?organization_id=${f.org}`,
        'coord119',
      );
      expect(venues.body.data.map((v) => v['time_zone']).sort()).toEqual([
        'America/Los_Angeles',
        'Europe/Paris',
      ]);
      const classes = await api().get<{ data: Body[] }>(
        `${paths.eventClasses}?organization=${f.org}`,
        'other',
      );
      expect(classes.body.data.map((c) => c['exam_type'])).toEqual(['CPA', 'CMA']);
      const forms = await api().get<{ data: Body[] }>(`${paths.assessmentForms}?limit=100`, 'coord119');
      expect(forms.body.data.map((x) => x['code'])).toContain(f.codes.cpa1);
      const refused = await api().put<ErrorBody>(
        paths.venue(randomUUID()),
        { organization_id: f.org, name: 'x', time_zone: 'UTC' },
        'coord119',
      );
      expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
      const since = new Date().toISOString();
      await api().put(paths.venue(f.la), {
        organization_id: f.org,
        name: 'LA centre (moved)',
        address: '2 Main St',
        time_zone: 'America/Los_Angeles',
      });
      const feed = await api().get<{ data: Body[] }>(
        `${paths.venues}?updated_since=${encodeURIComponent(since)}`,
      );
      expect(feed.body.data.map((v) => v['venue_id'])).toEqual([f.la]);
    });

    it('learners: coordinators create and update by client UUID; another coordinator gets 404', async () => {
      const id = randomUUID();
      const made = await api().post<Body>(
        paths.learner(id),
        { first_name: 'Ana', last_name: 'Ruiz', email: 'Ana.Ruiz@example.org' },
        'coord119',
      );
      expect(made.body).toMatchObject({ learner_id: id, coordinator_id: 'coord-119', phone: null });
      const updated = await api().post<Body>(
        paths.learner(id),
        { first_name: 'Ana', last_name: 'Ruiz', email: 'ana@example.org', phone: '555' },
        'coord119',
      );
      expect(updated.body).toMatchObject({
        email: 'ana@example.org',
        phone: '555',
        created_at: made.body['created_at'],
      });
      expect((await api().get(paths.learner(id), 'other')).status).toBe(404);
      expect(
        (await api().post(paths.learner(id), { first_name: 'X', last_name: 'Y', email: 'x@y.org' }, 'other'))
          .status,
      ).toBe(404);
      const byEmail = await api().get<{ data: Body[] }>(
        `${paths.learners}?email=ANA@example.org`,
        'coord119',
      );
      expect(byEmail.body.data.map((l) => l['learner_id'])).toEqual([id]);
    });

    it('creates, updates, gets and cancels an event; cancelling twice is 409', async () => {
      const id = randomUUID();
      const body = eventBody({ registration_limit: 5 });
      const made = await api().post<Body>(paths.event(id), body, 'coord119');
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      expect(made.body).toMatchObject({
        event_id: id,
        status: 'scheduled',
        registered_count: 0,
        registration_limit: 5,
        coordinator_id: 'coord-119',
      });
      const updated = await api().post<Body>(
        paths.event(id),
        { event_exam_format: 'online', registration_limit: null },
        'coord119',
      );
      expect(updated.body).toMatchObject({
        event_exam_format: 'online',
        registration_limit: null,
        event_start: made.body['event_start'],
      });
      expect((await api().get(paths.event(id), 'other')).status).toBe(404);
      const cancelled = await api().post<Body>(paths.eventCancel(id), { reason: 'Flooded' }, 'coord119');
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation_reason: 'Flooded' });
      const twice = await api().post<ErrorBody>(paths.eventCancel(id), { reason: 'again' }, 'coord119');
      expect([twice.status, twice.body.error.message]).toEqual([409, 'Event is cancelled.']);
      // the venue and start are free again once cancelled
      expect((await api().post(paths.event(randomUUID()), body, 'coord119')).status).toBe(200);
    });

    it('refuses a second event at the same venue and start, naming the first', async () => {
      const body = eventBody();
      const first = randomUUID();
      expect((await api().post(paths.event(first), body, 'coord119')).status).toBe(200);
      const clash = await api().post<ErrorBody>(paths.event(randomUUID()), body, 'other');
      expect(clash.status).toBe(409);
      expect(clash.body.error.message).toContain(first);
    });

    it("answers seed 002's event validation messages word for word", async () => {
      const cases: [keyof typeof REGISTRATION_ERRORS, Body][] = [
        ['venue_not_found', { event_venue: randomUUID() }],
        ['venue_not_found', { event_venue: undefined }],
        ['event_start_invalid', { event_start: 'tomorrow' }],
        ['event_start_invalid', { event_start: '2027-13-01T09:00:00Z' }],
        ['event_exam_type_missing', { event_exam_type: undefined }],
        ['event_exam_type_invalid', { event_exam_type: 'LAW' }],
        ['event_exam_format_missing', { event_exam_format: undefined }],
        ['event_exam_format_invalid', { event_exam_format: 'oral' }],
        ['event_billing_code_missing', { event_billing_code: undefined }],
        ['event_billing_code_invalid', { event_billing_code: 'B9' }],
      ];
      for (const [code, extra] of cases) {
        const res = await api().post<ErrorBody>(paths.event(randomUUID()), eventBody(extra), 'coord119');
        expect([res.status, res.body.error], JSON.stringify(extra)).toEqual([
          400,
          { code, message: REGISTRATION_ERRORS[code].message },
        ]);
      }
    });

    it("lists events by the calendar date in the venue's time zone", async () => {
      const date = `2029-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
      const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      // 23:30 UTC is already the next day in Paris; 05:00 UTC is still the day before in Los Angeles
      const paris = randomUUID();
      const la = randomUUID();
      await api().post(paths.event(paris), eventBody({ event_start: `${date}T23:30:00Z` }), 'coord119');
      await api().post(
        paths.event(la),
        eventBody({ event_venue: f.la, event_start: `${next}T05:00:00Z` }),
        'coord119',
      );
      const on = async (d: string) =>
        (await api().get<{ data: Body[] }>(`${paths.listEvents}?date=${d}`, 'coord119')).body.data
          .map((e) => e['event_id'])
          .filter((e) => e === paris || e === la);
      expect(await on(date)).toEqual([la]);
      expect(await on(next)).toEqual([paris]);
      expect(
        await on(new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)),
      ).toEqual([]);
      expect(
        (await api().get<{ data: Body[] }>(`${paths.listEvents}?date=${next}`, 'other')).body.data.map(
          (e) => e['event_id'],
        ),
      ).not.toContain(paris);
      const feed = await api().get<{ data: Body[] }>(
        `${paths.listEvents}?updated_since=2020-01-01T00:00:00Z&limit=100`,
        'coord119',
      );
      expect(feed.status).toBe(200);
    });

    it("scrap-paper: the invigilator's sheet in seat order with total time extensions", async () => {
      const start = freshStart();
      const first = await api().post<Body>(
        paths.registrationCommand(randomUUID(), 'register-lax'),
        registerBody(f, f.learners.zoe, start, {
          accommodations: [
            { type: 'extra_time', time_extension: 30 },
            { type: 'breaks', name: 'Rest breaks', time_extension: 10 },
          ],
        }),
        'coord119',
      );
      await api().post(
        paths.registrationCommand(randomUUID(), 'register-lax'),
        registerBody(f, f.learners.jean, start),
        'coord119',
      );
      const eventId = first.body['event_id'] as string;
      const sheet = await api().get<Body>(`${paths.scrapPaper}?id=${eventId}`, 'coord119');
      expect(sheet.status, JSON.stringify(sheet.body)).toBe(200);
      expect(sheet.body['scrap_paper_sheets']).toBe(4);
      expect(
        (sheet.body['registrations'] as Body[]).map((r) => [
          r['seat'],
          r['learner_name'],
          r['time_extension'],
        ]),
      ).toEqual([
        [1, 'Zoë Müller', 40],
        [2, 'Jean Dupont', 0],
      ]);
      expect((sheet.body['venue'] as Body)['venue_id']).toBe(f.paris);
      expect((await api().get(`${paths.scrapPaper}?id=${eventId}`, 'other')).status).toBe(404);
    });

    it('answers 400 validation_failed with fields for malformed requests', async () => {
      const id = randomUUID();
      const cases: ['GET' | 'POST' | 'PUT', string, unknown][] = [
        ['PUT', paths.venue('nope'), { organization_id: f.org, name: 'x', time_zone: 'UTC' }],
        ['PUT', paths.venue(id), { organization_id: f.org, name: 'x', time_zone: 'Mars/Olympus' }],
        ['PUT', paths.venue(id), { organization_id: 'x', name: '', time_zone: 'UTC' }],
        ['PUT', paths.venue(id), { organization_id: f.org, name: 'x'.repeat(201), time_zone: 'UTC' }],
        [
          'PUT',
          paths.examClasses(f.org),
          {
            data: [
              { exam_type: 'A', exam_formats: [], billing_codes: [] },
              { exam_type: 'A', exam_formats: [], billing_codes: [] },
            ],
          },
        ],
        ['PUT', paths.examClasses(f.org), { data: 'none' }],
        [
          'PUT',
          paths.assessmentForm(id),
          { code: 'A', title: 'T', exam_type: 'CPA', published: 'yes', bilingual: false },
        ],
        ['POST', paths.learner(id), { first_name: 'A', last_name: 'B', email: 'not-an-email' }],
        ['POST', paths.learner(id), { first_name: 'A', last_name: 'B' }],
        ['POST', paths.learner('x'), { first_name: 'A', last_name: 'B', email: 'a@b.org' }],
        ['GET', `${paths.eventClasses}`, undefined],
        ['GET', `${paths.eventClasses}?organization=acme`, undefined],
        ['GET', `${paths.venues}?limit=0`, undefined],
        ['GET', `${paths.learners}?updated_since=later`, undefined],
        ['GET', `${paths.listEvents}`, undefined],
        ['GET', `${paths.listEvents}?date=2027-02-30`, undefined],
        ['GET', `${paths.scrapPaper}?id=7`, undefined],
        ['GET', paths.event('7'), undefined],
        ['POST', paths.event(id), { registration_limit: -1 }],
        ['POST', paths.event(id), { registration_limit: 2.5 }],
        ['POST', paths.event(id), { colour: 'red' }],
        ['POST', paths.eventCancel(id), {}],
        ['POST', paths.eventCancel(id), { reason: 'x'.repeat(501) }],
      ];
      for (const [method, url, body] of cases) {
        const res = await api().request<ErrorBody>(method, url, { body, token: 'admin' });
        expect([res.status, res.body.error?.code], `${method} ${url} ${JSON.stringify(body)}`).toEqual([
          400,
          'validation_failed',
        ]);
        expect(res.body.error.fields?.length, url).toBeGreaterThan(0);
      }
    });
  });
}
