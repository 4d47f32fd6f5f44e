import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { confirmationCode } from '../../src/domain/confirmationCode';
import { REGISTRATION_ERRORS } from '../../src/domain/registrationErrors';
import { backends, startTestServer, type TestServer } from './helpers';
import { type FieldFixture, freshStart, makeFixture, registerBody } from './fieldFixtures';

type Body = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; fields?: { field: string }[] } };
const cmd = (id: string, name: string) => paths.registrationCommand(id, name);

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`registrations (part C3) on ${backend.name}`, () => {
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

    async function register(
      learner = f.learners.zoe,
      start = freshStart(),
      extra: Body = {},
      id = randomUUID(),
    ) {
      const res = await api().post<Body>(
        cmd(id, 'register-lax'),
        registerBody(f, learner, start, extra),
        'coord119',
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    }

    /** `body` sent as `token` answers seed 002's sentence with its code and status. */
    async function expectRefusal(
      code: keyof typeof REGISTRATION_ERRORS,
      url: string,
      body: unknown,
      token: 'coord119' | 'other' | 'admin' = 'coord119',
    ) {
      const res = await api().post<ErrorBody>(url, body, token);
      expect(res.body.error, url).toEqual({
        code,
        message: REGISTRATION_ERRORS[code].message,
      });
      expect(res.status).toBe(REGISTRATION_ERRORS[code].status);
    }

    it('register-lax makes the missing event, answers the registration with its code and history', async () => {
      const id = randomUUID();
      const start = freshStart();
      const r = await register(
        f.learners.zoe,
        start,
        { accommodations: [{ type: 'extra_time', time_extension: 30 }] },
        id,
      );
      expect(r).toMatchObject({
        registration_id: id,
        code: confirmationCode(id),
        learner: { learner_id: f.learners.zoe, first_name: 'Zoë', last_name: 'Müller' },
        learner_registrant_type: 'candidate',
        assessment: f.codes.cpa1,
        assessment_form_id: f.forms.cpa1,
        accommodations: [{ type: 'extra_time', name: null, time_extension: 30 }],
        status: 'active',
        cancellation_reason: null,
        coordinator_id: 'coord-119',
      });
      expect(r['history']).toEqual([{ at: r['updated_at'], command: 'register-lax', reason: null }]);
      const event = await api().get<Body>(paths.event(r['event_id'] as string), 'coord119');
      expect(event.status).toBe(200);
      expect(event.body).toMatchObject({
        event_venue: f.paris,
        event_start: new Date(start).toISOString(),
        event_exam_type: 'CPA',
        registered_count: 1,
        status: 'scheduled',
      });
      // the same venue and start, written with an offset, finds that event
      const offset = new Date(Date.parse(start) + 2 * 3_600_000).toISOString().replace('.000Z', '+02:00');
      const second = await register(f.learners.jean, offset, { event_exam_type: undefined });
      expect(second['event_id']).toBe(r['event_id']);
      expect((await api().get<Body>(paths.event(r['event_id'] as string))).body['registered_count']).toBe(2);
      const got = await api().get<Body>(paths.registration(id), 'coord119');
      expect(got.body).toEqual(r);
    });

    it('answers every register-lax error of seed 002 word for word', async () => {
      const start = freshStart();
      const url = () => cmd(randomUUID(), 'register-lax');
      const body = (extra: Body) => registerBody(f, f.learners.zoe, start, extra);
      await expectRefusal('accommodation_type_empty', url(), body({ accommodations: [{ type: '  ' }] }));
      await expectRefusal('learner_not_found', url(), body({ learner: randomUUID() }));
      await expectRefusal('learner_not_found', url(), body({ learner: undefined }));
      // another coordinator's learner is not this one's to register
      await expectRefusal('learner_not_found', url(), body({ learner: f.learners.otherCoordinators }));
      await expectRefusal('venue_not_found', url(), body({ event_venue: randomUUID() }));
      await expectRefusal('venue_not_found', url(), body({ event_venue: 'not-a-uuid' }));
      await expectRefusal('event_start_invalid', url(), body({ event_start: '2027-02-30T09:00:00Z' }));
      await expectRefusal('event_start_invalid', url(), body({ event_start: undefined }));
      await expectRefusal('event_exam_type_missing', url(), body({ event_exam_type: undefined }));
      await expectRefusal('event_exam_type_invalid', url(), body({ event_exam_type: 'XYZ' }));
      await expectRefusal('event_exam_format_missing', url(), body({ event_exam_format: '' }));
      await expectRefusal('event_exam_format_invalid', url(), body({ event_exam_format: 'oral' }));
      await expectRefusal('event_billing_code_missing', url(), body({ event_billing_code: undefined }));
      await expectRefusal('event_billing_code_invalid', url(), body({ event_billing_code: 'B3' }));
      await expectRefusal('assessment_form_not_found', url(), body({ assessment: 'NOPE' }));
      await expectRefusal('assessment_form_not_found', url(), body({ assessment: f.codes.bilingual }));
      await expectRefusal('assessment_form_not_found', url(), body({ assessment: f.codes.draft }));
      // nothing above made an event
      const list = await api().post<{ data: unknown[] }>(
        paths.registrationSearch,
        { name: 'Zoë' },
        'coord119',
      );
      expect(list.status).toBe(200);
      const id = randomUUID();
      await register(f.learners.zoe, start, {}, id);
      await expectRefusal('registration_exists', cmd(id, 'register-lax'), body({ learner: f.learners.jean }));
      await expectRefusal('learner_already_registered', url(), body({}));
    });

    it('holds the registration limit and refuses a cancelled event', async () => {
      const eventId = randomUUID();
      const start = freshStart();
      const created = await api().post<Body>(
        paths.event(eventId),
        {
          event_venue: f.paris,
          event_start: start,
          event_exam_type: 'CPA',
          event_exam_format: 'online',
          event_billing_code: 'B2',
          registration_limit: 1,
        },
        'coord119',
      );
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const r = await register(f.learners.zoe, start);
      expect(r['event_id']).toBe(eventId);
      await expectRefusal(
        'registration_limit_reached',
        cmd(randomUUID(), 'register-lax'),
        registerBody(f, f.learners.jean, start),
      );
      // a freed seat can be taken again
      expect(
        (await api().post(cmd(r['registration_id'] as string, 'cancel'), { reason: 'ill' }, 'coord119'))
          .status,
      ).toBe(200);
      const again = await register(f.learners.jean, start);
      expect(again['event_id']).toBe(eventId);
      expect((await api().get<Body>(paths.event(eventId))).body['registered_count']).toBe(1);
    });

    it('transfer-lax moves the registration, keeps the form, and answers its errors', async () => {
      const from = freshStart();
      const to = freshStart();
      const r = await register(f.learners.zoe, from);
      const id = r['registration_id'] as string;
      const transfer = (extra: Body) => ({
        event_venue: f.la,
        event_start: to,
        event_exam_type: 'CPA',
        learner: f.learners.zoe,
        reason: 'moved',
        ...extra,
      });
      await expectRefusal('registration_not_found', cmd(randomUUID(), 'transfer-lax'), transfer({}));
      await expectRefusal('learner_not_found', cmd(id, 'transfer-lax'), transfer({ learner: randomUUID() }));
      await expectRefusal(
        'learner_not_in_registration',
        cmd(id, 'transfer-lax'),
        transfer({ learner: f.learners.jean }),
      );
      await expectRefusal(
        'registration_already_in_event',
        cmd(id, 'transfer-lax'),
        transfer({ event_venue: f.paris, event_start: from }),
      );
      await expectRefusal(
        'event_exam_type_invalid',
        cmd(id, 'transfer-lax'),
        transfer({ event_exam_type: 'CMA' }),
      );
      const moved = await api().post<Body>(cmd(id, 'transfer-lax'), transfer({}), 'coord119');
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body['event_id']).not.toBe(r['event_id']);
      expect(moved.body['assessment_form_id']).toBe(f.forms.cpa1);
      expect((moved.body['history'] as Body[]).map((h) => [h['command'], h['reason']])).toEqual([
        ['register-lax', null],
        ['transfer-lax', 'moved'],
      ]);
      const target = await api().get<Body>(paths.event(moved.body['event_id'] as string));
      expect(target.body).toMatchObject({
        event_venue: f.la,
        event_exam_format: 'paper',
        event_billing_code: 'B1',
        registered_count: 1,
      });
      expect((await api().get<Body>(paths.event(r['event_id'] as string))).body['registered_count']).toBe(0);
      // without a form the registration cannot be transferred
      const noForm = await register(f.learners.jean, freshStart(), { assessment: undefined });
      await expectRefusal(
        'registration_has_no_assessment_form',
        cmd(noForm['registration_id'] as string, 'transfer-lax'),
        transfer({ learner: undefined }),
      );
    });

    it('cancel, change-assessment, grant and revoke accommodations, with history; commands on a cancelled one are 409', async () => {
      const r = await register();
      const id = r['registration_id'] as string;
      await expectRefusal('assessment_already_assigned', cmd(id, 'change-assessment'), {
        assessment: f.codes.cpa1,
      });
      await expectRefusal('assessment_form_not_found', cmd(id, 'change-assessment'), {
        assessment: f.codes.draft,
      });
      await expectRefusal('registration_not_found', cmd(randomUUID(), 'change-assessment'), {
        assessment: f.codes.cpa2,
      });
      const changed = await api().post<Body>(
        cmd(id, 'change-assessment'),
        { assessment: f.codes.cpa2 },
        'coord119',
      );
      expect(changed.body).toMatchObject({ assessment: f.codes.cpa2, assessment_form_id: f.forms.cpa2 });
      await expectRefusal('accommodation_type_empty', cmd(id, 'grant-accommodation'), { type: '' });
      const grant = { type: 'extra_time', name: 'Extra time', time_extension: 15 };
      await api().post(cmd(id, 'grant-accommodation'), grant, 'coord119');
      const replaced = await api().post<Body>(
        cmd(id, 'grant-accommodation'),
        { ...grant, time_extension: 20 },
        'coord119',
      );
      expect(replaced.body['accommodations']).toEqual([
        { type: 'extra_time', name: 'Extra time', time_extension: 20 },
      ]);
      const noop = await api().post<Body>(cmd(id, 'revoke-accommodation'), { type: 'reader' }, 'coord119');
      expect(noop.status).toBe(200);
      expect(noop.body['updated_at']).toBe(replaced.body['updated_at']);
      const revoked = await api().post<Body>(
        cmd(id, 'revoke-accommodation'),
        { type: 'extra_time' },
        'coord119',
      );
      expect(revoked.body['accommodations']).toEqual([]);
      const cancelled = await api().post<Body>(
        cmd(id, 'cancel'),
        { reason: 'No longer attending' },
        'coord119',
      );
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancellation_reason: 'No longer attending',
      });
      expect((cancelled.body['history'] as Body[]).map((h) => h['command'])).toEqual([
        'register-lax',
        'change-assessment',
        'grant-accommodation',
        'grant-accommodation',
        'revoke-accommodation',
        'cancel',
      ]);
      for (const [name, body] of [
        ['cancel', {}],
        ['change-assessment', { assessment: f.codes.cpa1 }],
        ['grant-accommodation', grant],
        ['revoke-accommodation', { type: 'x' }],
      ] as const) {
        await expectRefusal('registration_cancelled', cmd(id, name), body);
      }
      await expectRefusal('registration_not_found', cmd(randomUUID(), 'cancel'), {});
      await expectRefusal('registration_not_found', cmd(randomUUID(), 'grant-accommodation'), grant);
      await expectRefusal('registration_not_found', cmd(randomUUID(), 'revoke-accommodation'), { type: 'x' });
    });

    it('GET and DELETE; another coordinator sees 404; admin sees all', async () => {
      const r = await register();
      const id = r['registration_id'] as string;
      const other = await api().get<ErrorBody>(paths.registration(id), 'other');
      expect([other.status, other.body.error.message]).toEqual([404, 'Registration not found.']);
      await expectRefusal('registration_not_found', cmd(id, 'cancel'), {}, 'other');
      expect((await api().get(paths.registration(id), 'admin')).status).toBe(200);
      expect((await api().delete(paths.registration(id), 'other')).status).toBe(404);
      const deleted = await api().delete<Body>(paths.registration(id), 'coord119');
      expect([deleted.status, deleted.body]).toEqual([200, { deleted: true, registration_id: id }]);
      expect((await api().get(paths.registration(id), 'coord119')).status).toBe(404);
      expect((await api().get<Body>(paths.event(r['event_id'] as string))).body['registered_count']).toBe(0);
    });

    it('search ignores case and accents, matches email substrings and codes, filters change time', async () => {
      const tag = randomUUID();
      const who = randomUUID();
      const ok = await api().post(
        paths.learner(who),
        {
          first_name: 'Éloïse',
          last_name: `Ångström${tag.slice(0, 4)}`,
          email: `E.Angstrom.${tag}@Example.ORG`,
        },
        'coord119',
      );
      expect(ok.status).toBe(200);
      const before = new Date().toISOString();
      const r = await register(who);
      const after = new Date(Date.parse(r['updated_at'] as string) + 1).toISOString();
      const search = async (filters: Body, token: 'coord119' | 'other' | 'admin' = 'coord119') => {
        const res = await api().post<{ data: Body[]; pagination: Body }>(
          paths.registrationSearch,
          filters,
          token,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.data.map((x) => x['registration_id']);
      };
      const id = r['registration_id'];
      expect(await search({ name: `angstrom${tag.slice(0, 4)}` })).toEqual([id]);
      expect(await search({ name: `ELOISE ÅNGSTRÖM${tag.slice(0, 4)}` })).toEqual([id]);
      expect(await search({ name: `ström${tag.slice(0, 4)}` })).toEqual([id]);
      expect(await search({ email: `angstrom.${tag}@example` })).toEqual([id]);
      expect(await search({ code: (r['code'] as string).toLowerCase() })).toEqual([id]);
      expect(await search({ email: tag, last_change_time_since: r['updated_at'] })).toEqual([id]);
      expect(await search({ email: tag, last_change_time_before: r['updated_at'] })).toEqual([]);
      expect(await search({ email: tag, last_change_time_since: after })).toEqual([]);
      expect(
        await search({ email: tag, last_change_time_since: before, last_change_time_before: after }),
      ).toEqual([id]);
      expect(await search({ email: tag }, 'other')).toEqual([]);
      expect(await search({ email: tag }, 'admin')).toEqual([id]);
      expect(await search({ email: '%' })).not.toContain(undefined);
      const count = await api().post<Body>(
        paths.registrationCount,
        { name: `angstrom${tag.slice(0, 4)}` },
        'coord119',
      );
      expect([count.status, count.body]).toEqual([200, { count: 1 }]);
      // a renamed learner is found by the new name
      await api().post(
        paths.learner(who),
        { first_name: 'Eloise', last_name: `Renamed${tag.slice(0, 4)}`, email: `e.${tag}@example.org` },
        'coord119',
      );
      expect(await search({ name: `renamed${tag.slice(0, 4)}` })).toEqual([id]);
      // the feed
      const feed = await api().get<{ data: Body[] }>(
        `${paths.registrations}?updated_since=${encodeURIComponent(before)}&limit=100`,
        'coord119',
      );
      expect(feed.body.data.map((x) => x['registration_id'])).toContain(id);
    });

    it('answers 400 validation_failed with fields for malformed requests', async () => {
      const id = randomUUID();
      const cases: [string, string, unknown][] = [
        ['POST', cmd('not-a-uuid', 'register-lax'), {}],
        ['POST', cmd(id, 'no-such-command'), {}],
        ['POST', cmd(id, 'register-lax'), { unknown_field: 1 }],
        ['POST', cmd(id, 'register-lax'), { learner: 42 }],
        ['POST', cmd(id, 'register-lax'), { accommodations: [{ type: 'x', time_extension: 1.5 }] }],
        ['POST', cmd(id, 'register-lax'), { accommodations: 'none' }],
        ['POST', cmd(id, 'register-lax'), { event_venue: 'x'.repeat(201) }],
        ['POST', cmd(id, 'transfer-lax'), { reason: 'x'.repeat(501) }],
        ['POST', cmd(id, 'cancel'), { reason: 7 }],
        ['POST', cmd(id, 'grant-accommodation'), { name: 'no type' }],
        ['POST', cmd(id, 'grant-accommodation'), { type: 'x', time_extension: -1 }],
        ['POST', cmd(id, 'revoke-accommodation'), {}],
        ['POST', cmd(id, 'change-assessment'), { assessment: ['a'] }],
        ['POST', paths.registrationSearch, { limit: 101 }],
        ['POST', paths.registrationSearch, { last_change_time_since: 'yesterday' }],
        ['POST', paths.registrationSearch, { status: 'gone' }],
        ['POST', paths.registrationCount, { page: 1 }],
        ['GET', paths.registration('nope'), undefined],
        ['DELETE', paths.registration('nope'), undefined],
        ['GET', `${paths.registrations}?updated_since=soon`, undefined],
      ];
      for (const [method, url, body] of cases) {
        const res = await api().request<ErrorBody>(method as 'GET', url, { body, token: 'coord119' });
        expect([res.status, res.body.error?.code], `${method} ${url} ${JSON.stringify(body)}`).toEqual([
          400,
          'validation_failed',
        ]);
        expect(res.body.error.fields?.length, url).toBeGreaterThan(0);
      }
    });

    it('a replayed command with the same Idempotency-Key answers the first answer', async () => {
      const key = randomUUID();
      const id = randomUUID();
      const body = registerBody(f, f.learners.jean, freshStart());
      const first = await api().post<Body>(cmd(id, 'register-lax'), body, 'coord119', {
        'idempotency-key': key,
      });
      const again = await api().post<Body>(cmd(id, 'register-lax'), body, 'coord119', {
        'idempotency-key': key,
      });
      expect(first.status).toBe(200);
      expect([again.status, again.headers['idempotent-replayed'], again.body]).toEqual([
        200,
        'true',
        first.body,
      ]);
    });

    it('50 parallel register-lax calls on a 10-seat event register exactly 10', async () => {
      const start = freshStart();
      const eventId = randomUUID();
      const body = {
        event_venue: f.paris,
        event_start: start,
        event_exam_type: 'CPA',
        event_exam_format: 'paper',
        event_billing_code: 'B1',
        registration_limit: 10,
      };
      expect((await api().post(paths.event(eventId), body, 'coord119')).status).toBe(200);
      const learners = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const id = randomUUID();
          await api().post(
            paths.learner(id),
            { first_name: `Seat${i}`, last_name: 'Racer', email: `seat${i}.${id}@example.org` },
            'coord119',
          );
          return id;
        }),
      );
      const answers = await Promise.all(
        learners.map((l) =>
          api().post<ErrorBody>(cmd(randomUUID(), 'register-lax'), registerBody(f, l, start), 'coord119'),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
      const refused = answers.filter((a) => a.status !== 200);
      expect(new Set(refused.map((a) => `${a.status} ${a.body.error.message}`))).toEqual(
        new Set(['409 Event registration limit reached.']),
      );
      const count = await api().post<Body>(
        paths.registrationCount,
        { event_id: eventId, status: 'active' },
        'admin',
      );
      expect(count.body['count']).toBe(10);
      expect((await api().get<Body>(paths.event(eventId))).body['registered_count']).toBe(10);
    });
  });
}
