import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalkinPersonInput, paths } from '../../src/contract';
import { validationFailed } from '../../server/errors';
import { FORMATS, ROOT, backends, startTestServer, type ApiResponse, type TestServer } from './helpers';

/** Seed 004's field lists, copied from the seed text into the repository (see the file's `source`). */
const SEED = JSON.parse(
  readFileSync(path.join(ROOT, 'test/server/fixtures/seed004-fields.json'), 'utf8'),
) as {
  UnauthenticatedRegistrationTransactionResponse: { name: string; type: string }[];
  UnauthenticatedPersonResponse: { name: string; type: string }[];
  UnauthenticatedStudentSectionRegistrationResponse: { name: string; type: string }[];
};

type Body = Record<string, unknown>;
type Answer = Body & { person: Body; registrations: Body[] };
const TERM = '2026FA';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value of seed 004's type: `int?` may be null, `string` is null where unknown (and `dob` a date). */
function expectSeedType(value: unknown, type: string, where: string) {
  const nullable = type.endsWith('?') || type === 'string';
  if (value === null) {
    expect(nullable, `${where} (${type}) may be null`).toBe(true);
    return;
  }
  const base = type.replace('?', '');
  if (base === 'int') expect(Number.isInteger(value), `${where} is an int`).toBe(true);
  else if (base === 'decimal') expect(typeof value, `${where} is a decimal`).toBe('number');
  else if (base === 'bool') expect(typeof value, `${where} is a bool`).toBe('boolean');
  else if (base === 'DateTime') {
    expect(value, `${where} is a DateTime`).toMatch(where.endsWith('.dob') ? DATE : FORMATS.timestamp);
  } else if (base === 'string') expect(typeof value, `${where} is a string`).toBe('string');
  else if (base === 'UnauthenticatedPersonResponse') expect(typeof value, where).toBe('object');
  else if (base.startsWith('List<')) expect(Array.isArray(value), where).toBe(true);
  else throw new Error(`seed type ${type} not handled`);
}

/** Every field of seed 004's three response types present, of its type, and nothing else. */
function expectSeedShape(answer: Answer) {
  const check = (obj: Body, fields: { name: string; type: string }[], where: string) => {
    expect(Object.keys(obj).sort(), `${where} has exactly the seed's fields`).toEqual(
      fields.map((f) => f.name).sort(),
    );
    for (const f of fields) expectSeedType(obj[f.name], f.type, `${where}.${f.name}`);
  };
  check(answer, SEED.UnauthenticatedRegistrationTransactionResponse, '$');
  check(answer.person, SEED.UnauthenticatedPersonResponse, '$.person');
  expect(answer.registrations.length).toBeGreaterThan(0);
  answer.registrations.forEach((r, i) =>
    check(r, SEED.UnauthenticatedStudentSectionRegistrationResponse, `$.registrations[${i}]`),
  );
}

/** A 4xx in seed 004's shape: `responseStatus` only, no `error` envelope, no stack trace. */
function expectResponseStatus(res: ApiResponse, status: number, errorCode: string) {
  expect(res.status, res.raw).toBe(status);
  expect(Object.keys(res.body)).toEqual(['responseStatus']);
  const rs = res.body['responseStatus'] as Body;
  expect(rs['errorCode']).toBe(errorCode);
  expect(typeof rs['message']).toBe('string');
  expect((rs['message'] as string).length).toBeGreaterThan(0);
  expect(Array.isArray(rs['errors'])).toBe(true);
  expect(res.raw).not.toMatch(/stackTrace|\bat .*\.ts:\d+/);
  return rs as { errorCode: string; message: string; errors: Body[] };
}

const sectionBody = (over: Body = {}) => ({
  reporting_term: TERM,
  course_name: 'THEO 501',
  section_code: 'A',
  course_title: 'Foundations of Theology',
  amount: 1250.5,
  credit_hours: 3,
  is_oncampus: true,
  ...over,
});

const person = (over: Body = {}) => ({
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.org',
  city: 'Vancouver',
  dob: '1990-12-10',
  ...over,
});

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`walk-in transactions (C5) on ${backend.name}`, () => {
    let t: TestServer;
    const S = {
      three: randomUUID(),
      oneHalf: randomUUID(),
      tenth: randomUUID(),
      oneTenth: randomUUID(),
      twoTenths: randomUUID(),
      spring: randomUUID(),
    };
    beforeAll(async () => {
      t = await startTestServer(backend);
      const put = async (uuid: string, body: Body) => {
        const res = await t.api.put(paths.section(uuid), body);
        expect(res.status, res.raw).toBe(200);
      };
      await put(S.three, sectionBody());
      await put(
        S.oneHalf,
        sectionBody({ course_name: 'BIBL 510', credit_hours: 1.5, amount: 600, is_oncampus: false }),
      );
      await put(S.tenth, sectionBody({ course_name: 'SPIR 100', credit_hours: 0.1, amount: 0.1 }));
      await put(S.oneTenth, sectionBody({ course_name: 'INTS 110', credit_hours: 1.1, amount: 0.2 }));
      await put(S.twoTenths, sectionBody({ course_name: 'INTS 220', credit_hours: 2.2, amount: 0.5 }));
      await put(S.spring, sectionBody({ reporting_term: '2027SP' }));
    });
    afterAll(async () => {
      await t?.close();
    });
    const api = () => t.api;
    const url = (uuid: string, term = TERM) => paths.walkin(term, uuid);

    it('lives started -> submitted -> authorized -> archived, every answer in the seed shape', async () => {
      const uuid = randomUUID();
      const draft = await api().put<Answer>(
        url(uuid),
        {
          person: { first_name: 'Ada' },
          registrations: [{ section_uuid: S.three }],
          notes_json: '{"desk":"B"}',
        },
        'coord119',
      );
      expect(draft.status, draft.raw).toBe(200);
      expectSeedShape(draft.body);
      expect(draft.body).toMatchObject({
        transaction_uuid: uuid,
        notes_json: '{"desk":"B"}',
        credit_hours: 3,
        audit_hours: 0,
        submitted_datetime: null,
        authorized_datetime: null,
        archived_datetime: null,
      });
      expect(draft.body.person).toMatchObject({
        reporting_term: TERM,
        first_name: 'Ada',
        last_name: null,
        added_by: 'coord-119',
        added_date: draft.body['started_datetime'],
        deceased_date: null,
      });
      expect(draft.body.person['uuid']).toMatch(FORMATS.run_id);
      const firstReg = draft.body.registrations[0]!;
      expect(firstReg).toMatchObject({
        section_uuid: S.three,
        course_name: 'THEO 501',
        amount: 1250.5,
        is_oncampus: true,
        is_audit: false,
        is_provisional: true,
        is_missing_requisites: false,
        is_other_restriction: false,
      });
      expect(firstReg['student_section_uuid']).toMatch(FORMATS.run_id);

      // Replacing the draft keeps the start, the person's uuid and each kept section's id.
      const replaced = await api().put<Answer>(
        url(uuid),
        {
          person: person(),
          registrations: [{ section_uuid: S.three }, { section_uuid: S.oneHalf, is_audit: true }],
        },
        'coord119',
      );
      expect(replaced.status).toBe(200);
      expect(replaced.body['started_datetime']).toBe(draft.body['started_datetime']);
      expect(replaced.body.person['uuid']).toBe(draft.body.person['uuid']);
      expect(replaced.body.registrations[0]!['student_section_uuid']).toBe(firstReg['student_section_uuid']);
      expect([replaced.body['credit_hours'], replaced.body['audit_hours']]).toEqual([3, 1.5]);
      expect(replaced.body['notes_json']).toBeNull();

      const submitted = await api().post<Answer>(url(uuid), {}, 'coord119');
      expect(submitted.status, submitted.raw).toBe(200);
      expectSeedShape(submitted.body);
      expect(submitted.body['submitted_datetime']).toMatch(FORMATS.timestamp);
      expect(submitted.body.person['submitted_datetime']).toBe(submitted.body['submitted_datetime']);
      expect(Number.isInteger(submitted.body.person['submitted_by_unauthenticated_person_id'])).toBe(true);
      expect(submitted.body['authorized_datetime']).toBeNull();
      expect(submitted.body.registrations.every((r) => r['is_provisional'] === true)).toBe(true);

      const again = await api().post<Answer>(url(uuid), undefined, 'coord119');
      expect(again.body, 'a repeated submit changes nothing').toEqual(submitted.body);
      const edit = await api().put(url(uuid), { person: person() }, 'coord119');
      const rs = expectResponseStatus(edit, 409, 'Conflict');
      expect(rs.message).toContain('a submitted transaction can no longer be edited');

      const staff = randomUUID();
      const authorized = await api().post<Answer>(url(uuid), { authorizing_uuid: staff }, 'coord119');
      expect(authorized.status).toBe(200);
      expectSeedShape(authorized.body);
      expect(authorized.body['authorized_datetime']).toMatch(FORMATS.timestamp);
      expect(authorized.body['submitted_datetime']).toBe(submitted.body['submitted_datetime']);
      const staffId = authorized.body.person['authorized_by_person_id'] as number;
      expect(Number.isInteger(staffId)).toBe(true);
      expect(
        authorized.body.registrations.map((r) => [r['is_provisional'], r['changed_by_person_id']]),
      ).toEqual([
        [false, staffId],
        [false, staffId],
      ]);
      const replay = await api().post<Answer>(url(uuid), { authorizing_uuid: randomUUID() }, 'coord119');
      expect(replay.body, 'posting to an authorized one replays the same answer').toEqual(authorized.body);
      expect((await api().get(url(uuid), 'coord119')).body).toEqual(authorized.body);

      // The same staff UUID is the same integer; another is another.
      const second = randomUUID();
      await api().put(
        url(second),
        { person: person(), registrations: [{ section_uuid: S.tenth }] },
        'coord119',
      );
      const direct = await api().post<Answer>(url(second), { authorizing_uuid: staff }, 'coord119');
      expect(direct.status).toBe(200);
      expect(direct.body['submitted_datetime']).toBe(direct.body['authorized_datetime']);
      expect(direct.body.person['authorized_by_person_id']).toBe(staffId);
      const third = randomUUID();
      await api().put(
        url(third),
        { person: person(), registrations: [{ section_uuid: S.tenth }] },
        'coord119',
      );
      const other = await api().post<Answer>(url(third), { authorizing_uuid: randomUUID() }, 'coord119');
      expect(other.body.person['authorized_by_person_id']).not.toBe(staffId);

      const archived = await api().post<Answer>(
        paths.walkinArchive(TERM, uuid),
        { archiving_uuid: staff },
        'coord119',
      );
      expect(archived.status).toBe(200);
      expectSeedShape(archived.body);
      expect(archived.body['archived_datetime']).toMatch(FORMATS.timestamp);
      expect(archived.body.person['archived_by_person_id']).toBe(staffId);
      expectResponseStatus(
        await api().post(paths.walkinArchive(TERM, uuid), {}, 'coord119'),
        409,
        'Conflict',
      );
      expectResponseStatus(await api().post(url(uuid), {}, 'coord119'), 409, 'Conflict');
      expectResponseStatus(await api().put(url(uuid), {}, 'coord119'), 409, 'Conflict');
    });

    it('a draft can be archived (an abandoned walk-in) and submitting an archived one is refused', async () => {
      const uuid = randomUUID();
      await api().put(url(uuid), { person: { first_name: 'Abandoned' } }, 'coord119');
      const archived = await api().post<Answer>(paths.walkinArchive(TERM, uuid), undefined, 'coord119');
      expect(archived.status).toBe(200);
      expect([archived.body['submitted_datetime'], archived.body.person['archived_by_person_id']]).toEqual([
        null,
        null,
      ]);
      expectResponseStatus(await api().post(url(uuid), {}, 'coord119'), 409, 'Conflict');
    });

    it.each([
      { regs: ['three', 'oneHalf', 'tenth'], audit: [], credit: 4.6, auditHours: 0 },
      { regs: ['three', 'oneHalf', 'tenth'], audit: ['oneHalf'], credit: 3.1, auditHours: 1.5 },
      { regs: ['oneTenth', 'twoTenths', 'tenth'], audit: [], credit: 3.4, auditHours: 0 },
      {
        regs: ['oneTenth', 'twoTenths', 'tenth'],
        audit: ['oneTenth', 'twoTenths', 'tenth'],
        credit: 0,
        auditHours: 3.4,
      },
    ])(
      'hours of $regs with $audit audited: $credit credit, $auditHours audit',
      async ({ regs, audit, credit, auditHours }) => {
        const res = await api().put<Answer>(
          url(randomUUID()),
          {
            person: person(),
            registrations: regs.map((k) => ({
              section_uuid: S[k as keyof typeof S],
              is_audit: audit.includes(k),
            })),
          },
          'coord119',
        );
        expect(res.status, res.raw).toBe(200);
        expect([res.body['credit_hours'], res.body['audit_hours']]).toEqual([credit, auditHours]);
        expect(res.raw).toContain(`"credit_hours":${credit}`);
      },
    );

    it("documents the answer in OpenAPI with exactly the seed's fields, all required", async () => {
      const doc = (await api().get<Body>(paths.openapi, null)).body as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content: Record<string, { schema: Body }> }> }>
        >;
      };
      const schema = doc.paths['/api/v1/registration/unauthenticated/{reporting_term}/{transaction_uuid}']![
        'post'
      ]!.responses['200']!.content['application/json']!.schema as {
        required: string[];
        properties: Record<string, { required: string[]; items?: { required: string[] } }>;
      };
      const names = (fields: { name: string }[]) => fields.map((f) => f.name).sort();
      expect([...schema.required].sort()).toEqual(names(SEED.UnauthenticatedRegistrationTransactionResponse));
      expect([...schema.properties['person']!.required].sort()).toEqual(
        names(SEED.UnauthenticatedPersonResponse),
      );
      expect([...schema.properties['registrations']!.items!.required].sort()).toEqual(
        names(SEED.UnauthenticatedStudentSectionRegistrationResponse),
      );
    });

    describe('bad requests answer in responseStatus, naming the field', () => {
      const existing = randomUUID();
      beforeAll(async () => {
        const res = await api().put(
          url(existing),
          { person: person(), registrations: [{ section_uuid: S.three }] },
          'coord119',
        );
        expect(res.status).toBe(200);
      });
      const unknownSection = randomUUID();
      const badKeyStatus = validationFailed([]).statusCode;
      const cases: {
        name: string;
        method: 'GET' | 'PUT' | 'POST';
        at?: 'existing' | 'fresh';
        url?: string;
        body?: unknown;
        rawBody?: string;
        headers?: Record<string, string>;
        token?: null;
        status: number;
        errorCode: string;
        field?: string;
        fieldCode?: string;
      }[] = [
        {
          name: 'a PUT with no body',
          method: 'PUT',
          status: 400,
          errorCode: 'ValidationException',
          field: '(body)',
          fieldCode: 'InvalidType',
        },
        {
          name: 'malformed JSON',
          method: 'PUT',
          rawBody: '{"person":',
          status: 400,
          errorCode: 'SerializationException',
        },
        {
          name: 'a body that is not JSON',
          method: 'PUT',
          rawBody: 'x',
          headers: { 'content-type': 'text/plain' },
          status: 415,
          errorCode: 'UnsupportedMediaType',
        },
        {
          name: 'email not an address',
          method: 'PUT',
          body: { person: { email: 'jo@' } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person.email',
          fieldCode: 'Email',
        },
        {
          name: 'dob in the future',
          method: 'PUT',
          body: { person: { dob: '2999-01-01' } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person.dob',
          fieldCode: 'LessThanOrEqual',
        },
        {
          name: 'dob not a date',
          method: 'PUT',
          body: { person: { dob: '1990-02-30' } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person.dob',
          fieldCode: 'InvalidDate',
        },
        {
          name: 'an unknown person field',
          method: 'PUT',
          body: { person: { shoe_size: 9 } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person',
          fieldCode: 'UnknownField',
        },
        {
          name: 'a server-kept field',
          method: 'PUT',
          body: { person: { authorized_by_person_id: 1 } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person',
          fieldCode: 'UnknownField',
        },
        {
          name: 'a first name too long',
          method: 'PUT',
          body: { person: { first_name: 'A'.repeat(101) } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person.first_name',
          fieldCode: 'OutOfRange',
        },
        {
          name: 'a wrong type',
          method: 'PUT',
          body: { person: { is_returning: 'yes' } },
          status: 400,
          errorCode: 'ValidationException',
          field: 'person.is_returning',
          fieldCode: 'InvalidType',
        },
        {
          name: 'a section_uuid not a UUID',
          method: 'PUT',
          body: { registrations: [{ section_uuid: 'THEO-501' }] },
          status: 400,
          errorCode: 'ValidationException',
          field: 'registrations[0].section_uuid',
          fieldCode: 'InvalidFormat',
        },
        {
          name: 'a section listed twice',
          method: 'PUT',
          body: { registrations: [{ section_uuid: unknownSection }, { section_uuid: unknownSection }] },
          status: 400,
          errorCode: 'ValidationException',
          field: 'registrations[1].section_uuid',
          fieldCode: 'Duplicate',
        },
        {
          name: 'an unknown section',
          method: 'PUT',
          body: { registrations: [{ section_uuid: unknownSection }] },
          status: 400,
          errorCode: 'NotFound',
          field: 'registrations[0].section_uuid',
          fieldCode: 'NotFound',
        },
        {
          name: "another term's section",
          method: 'PUT',
          body: { registrations: [{ section_uuid: 'spring' }] },
          status: 400,
          errorCode: 'NotFound',
          field: 'registrations[0].section_uuid',
          fieldCode: 'NotFound',
        },
        {
          name: 'notes_json not JSON',
          method: 'PUT',
          body: { notes_json: 'call back' },
          status: 400,
          errorCode: 'ValidationException',
          field: 'notes_json',
          fieldCode: 'InvalidJson',
        },
        {
          name: 'a bad reporting term',
          method: 'PUT',
          url: paths.walkin('20 26', randomUUID()),
          body: {},
          status: 400,
          errorCode: 'ValidationException',
          field: 'reporting_term',
        },
        {
          name: 'a transaction_uuid not a UUID',
          method: 'PUT',
          url: paths.walkin(TERM, 'walkin-1'),
          body: {},
          status: 400,
          errorCode: 'ValidationException',
          field: 'transaction_uuid',
          fieldCode: 'InvalidFormat',
        },
        {
          name: 'submit with no last name, email or phone',
          method: 'POST',
          at: 'fresh',
          body: {},
          status: 400,
          errorCode: 'ValidationException',
          field: 'person.last_name',
          fieldCode: 'NotEmpty',
        },
        {
          name: 'authorizing_uuid not a UUID',
          method: 'POST',
          at: 'existing',
          body: { authorizing_uuid: 'staff-7' },
          status: 400,
          errorCode: 'ValidationException',
          field: 'authorizing_uuid',
          fieldCode: 'InvalidFormat',
        },
        {
          name: 'submit an unknown transaction',
          method: 'POST',
          url: paths.walkin(TERM, randomUUID()),
          body: {},
          status: 404,
          errorCode: 'NotFound',
        },
        {
          name: 'read it under another term',
          method: 'GET',
          url: paths.walkin('2027SP', existing),
          status: 404,
          errorCode: 'NotFound',
        },
        {
          name: 'an unknown route under the prefix',
          method: 'GET',
          url: `${paths.walkin(TERM, existing)}/receipt`,
          status: 404,
          errorCode: 'NotFound',
        },
        {
          name: 'a list limit over 100',
          method: 'GET',
          url: `${paths.walkins(TERM)}?limit=1000`,
          status: 400,
          errorCode: 'ValidationException',
          field: 'limit',
          fieldCode: 'OutOfRange',
        },
        {
          name: 'no token',
          method: 'GET',
          at: 'existing',
          token: null,
          status: 401,
          errorCode: 'Unauthorized',
        },
        {
          name: 'an Idempotency-Key not a UUID',
          method: 'PUT',
          at: 'existing',
          body: {},
          headers: { 'idempotency-key': 'abc' },
          status: badKeyStatus,
          errorCode: 'ValidationException',
          field: 'Idempotency-Key',
        },
      ];
      it.each(cases)('$name: $status $errorCode', async (c) => {
        const before = await api().get(url(existing), 'coord119');
        const fresh = randomUUID();
        if (c.at === 'fresh') await api().put(url(fresh), { person: { first_name: 'Ada' } }, 'coord119');
        const target = c.url ?? url(c.at === 'fresh' ? fresh : existing);
        const body = JSON.parse(
          JSON.stringify(c.body ?? null).replace('"spring"', `"${S.spring}"`),
        ) as unknown;
        const res = await api().request(c.method, target, {
          token: c.token === null ? null : 'coord119',
          ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : c.body !== undefined ? { body } : {}),
          ...(c.headers ? { headers: c.headers } : {}),
        });
        const rs = expectResponseStatus(res, c.status, c.errorCode);
        if (c.field) {
          const entry = rs.errors.find((e) => e['fieldName'] === c.field);
          expect(entry, `an error names ${c.field}: ${res.raw}`).toBeDefined();
          if (c.fieldCode) expect(entry!['errorCode']).toBe(c.fieldCode);
          if (c.fieldCode === 'NotFound')
            expect(entry!['message']).toMatch(/^Section [0-9a-f-]{36} not found in term 2026FA\.$/);
        }
        // Nothing half-written: the stored transaction is as it was.
        expect((await api().get(url(existing), 'coord119')).body).toEqual(before.body);
      });

      it('submit lists every missing field and the empty section list', async () => {
        const uuid = randomUUID();
        await api().put(url(uuid), {}, 'coord119');
        const rs = expectResponseStatus(
          await api().post(url(uuid), {}, 'coord119'),
          400,
          'ValidationException',
        );
        expect(rs.errors.map((e) => `${e['errorCode']} ${e['fieldName']}`)).toEqual([
          'NotEmpty person.first_name',
          'NotEmpty person.last_name',
          'NotEmpty person.email',
          'NotEmpty registrations',
        ]);
        expect(rs.message).toBe('First name must not be empty. (and 3 more; see errors)');
        expect((await api().get<Answer>(url(uuid), 'coord119')).body['submitted_datetime']).toBeNull();
      });

      it('the rest of the API keeps its error envelope', async () => {
        const other = await api().get(paths.batch('batch-9999'));
        expect(other.status).toBe(404);
        expect(Object.keys(other.body)).toEqual(['error']);
        const unknown = await api().get('/api/v1/nothing-here');
        expect(Object.keys(unknown.body)).toEqual(['error']);
      });
    });

    it('random person fields and registrations never give a 500: 200, or 400 in responseStatus', async () => {
      const fields = Object.keys(WalkinPersonInput.shape);
      const value = fc.oneof(
        fc.string({ maxLength: 120 }),
        fc.constantFrom('', '  ', 'a@b.co', 'jo@', '1990-02-30', '2999-01-01', '1990-12-10', S.three),
        fc.integer({ min: -5, max: 3_000_000_000 }),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.jsonValue({ maxDepth: 2 }),
      );
      const body = fc.record(
        {
          person: fc.dictionary(fc.constantFrom(...fields, 'nope'), value, { maxKeys: 8 }),
          registrations: fc.array(
            fc.record(
              {
                section_uuid: fc.oneof(fc.constantFrom(S.three, S.oneHalf, S.spring), fc.uuid(), value),
                is_audit: value,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 4 },
          ),
          notes_json: value,
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const uuid = randomUUID();
          const res = await api().put(url(uuid), b, 'coord119');
          if (res.status !== 200)
            expectResponseStatus(
              res,
              400,
              res.body['responseStatus']
                ? ((res.body['responseStatus'] as Body)['errorCode'] as string)
                : '?',
            );
          const submitted = await api().post(url(uuid), {}, 'coord119');
          expect([200, 400, 404]).toContain(submitted.status);
          if (submitted.status !== 200) expect(Object.keys(submitted.body)).toEqual(['responseStatus']);
        }),
        { numRuns: 60, seed: 20261203 },
      );
    });

    it("isolates coordinators: another's transaction answers 404 to every call", async () => {
      const uuid = randomUUID();
      await api().put(
        url(uuid),
        { person: person(), registrations: [{ section_uuid: S.three }] },
        'coord119',
      );
      expectResponseStatus(await api().get(url(uuid), 'other'), 404, 'NotFound');
      expectResponseStatus(await api().put(url(uuid), { person: person() }, 'other'), 404, 'NotFound');
      expectResponseStatus(await api().post(url(uuid), {}, 'other'), 404, 'NotFound');
      expectResponseStatus(await api().post(paths.walkinArchive(TERM, uuid), {}, 'other'), 404, 'NotFound');
      const theirs = await api().get<{ data: Answer[] }>(paths.walkins(TERM), 'other');
      expect(theirs.body.data.map((a) => a['transaction_uuid'])).not.toContain(uuid);
      const mine = await api().get<{ data: Answer[]; pagination: Body }>(
        `${paths.walkins(TERM)}?limit=100`,
        'coord119',
      );
      expect(mine.body.data.map((a) => a['transaction_uuid'])).toContain(uuid);
      expect((await api().get(url(uuid), 'admin')).status).toBe(200);
      // The other coordinator's own draft is untouched by all this.
      expect((await api().get<Answer>(url(uuid), 'coord119')).body.person['last_changed_by']).toBe(
        'coord-119',
      );
    });

    it('the same transaction_uuid in another term is a 409 for its owner', async () => {
      const uuid = randomUUID();
      await api().put(url(uuid), {}, 'coord119');
      const rs = expectResponseStatus(await api().put(url(uuid, '2027SP'), {}, 'coord119'), 409, 'Conflict');
      expect(rs.message).toContain('belongs to term 2026FA');
    });

    it('lists a term newest first, and as a change feed with updated_since', async () => {
      const term = `T${Date.now() % 100000}`;
      const a = randomUUID();
      const b = randomUUID();
      await api().put(paths.walkin(term, a), { person: { first_name: 'A' } }, 'maya');
      await api().put(paths.walkin(term, b), { person: { first_name: 'B' } }, 'maya');
      const list = await api().get<{ data: Answer[]; pagination: Body }>(paths.walkins(term), 'maya');
      expect(list.body.data.map((x) => x['transaction_uuid'])).toEqual([b, a]);
      expect(list.body.pagination).toEqual({ page: 1, limit: 20, total: 2 });
      const since = list.body.data[0]!.person['timestamp'] as string;
      await api().put(paths.walkin(term, a), { person: { first_name: 'A2' } }, 'maya');
      const feed = await api().get<{ data: Answer[] }>(
        `${paths.walkins(term)}?updated_since=${since}`,
        'maya',
      );
      expect(feed.body.data.map((x) => x['transaction_uuid'])).toEqual([b, a]);
      const paged = await api().get<{ data: Answer[]; pagination: Body }>(
        `${paths.walkins(term)}?limit=1&page=2`,
        'maya',
      );
      expect(paged.body.data.map((x) => x['transaction_uuid'])).toEqual([a]);
    });

    it('racing calls on one transaction: parallel first PUTs make one draft, parallel authorizations one authorizer', async () => {
      const uuid = randomUUID();
      const puts = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          api().put<Answer>(
            url(uuid),
            { person: person({ first_name: `Ada${i}` }), registrations: [{ section_uuid: S.three }] },
            'coord119',
          ),
        ),
      );
      expect(puts.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(new Set(puts.map((r) => r.body['started_datetime'])).size).toBe(1);
      const list = await api().get<{ data: Answer[] }>(`${paths.walkins(TERM)}?limit=100`, 'coord119');
      expect(list.body.data.filter((a) => a['transaction_uuid'] === uuid)).toHaveLength(1);
      const posts = await Promise.all(
        Array.from({ length: 6 }, () =>
          api().post<Answer>(url(uuid), { authorizing_uuid: randomUUID() }, 'coord119'),
        ),
      );
      expect(posts.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(new Set(posts.map((r) => r.raw)).size, 'every racer answers the one authorization').toBe(1);
    });

    it('replays a write with the same Idempotency-Key, and refuses the key with another body', async () => {
      const uuid = randomUUID();
      const key = randomUUID();
      const body = { person: person(), registrations: [{ section_uuid: S.three }] };
      const first = await api().put(url(uuid), body, 'coord119', { 'idempotency-key': key });
      expect(first.status).toBe(200);
      const again = await api().put(url(uuid), body, 'coord119', { 'idempotency-key': key });
      expect(again.raw).toBe(first.raw);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const submitKey = randomUUID();
      const submitted = await api().post(url(uuid), { authorizing_uuid: key }, 'coord119', {
        'idempotency-key': submitKey,
      });
      const replayed = await api().post(url(uuid), { authorizing_uuid: key }, 'coord119', {
        'idempotency-key': submitKey,
      });
      expect(replayed.raw).toBe(submitted.raw);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      const reused = await api().put(url(uuid), { person: person({ city: 'York' }) }, 'coord119', {
        'idempotency-key': key,
      });
      expectResponseStatus(reused, 422, 'IdempotencyKeyReused');
    });
  });
}
