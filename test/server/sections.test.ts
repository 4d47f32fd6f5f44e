import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { validationFailed } from '../../server/errors';
import { SECTIONS_RESOURCE } from '../../server/referenceSections';
import { FORMATS, backends, startTestServer, type TestServer } from './helpers';

type Body = Record<string, unknown>;
type SectionList = { data: Body[]; pagination: Body };

const section = (over: Body = {}) => ({
  reporting_term: '2026FA',
  course_name: 'THEO 501',
  section_code: 'A',
  course_title: 'Foundations of Theology',
  amount: 1250.5,
  credit_hours: 3,
  is_oncampus: true,
  ...over,
});

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`sections (C1) on ${backend.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterAll(async () => {
      await t?.close();
    });
    const api = () => t.api;

    it('an admin PUT creates and replaces a section; decimals come back exactly', async () => {
      const uuid = randomUUID();
      const created = await api().put(paths.section(uuid), section({ amount: 0.1, credit_hours: 1.5 }));
      expect(created.status, created.raw).toBe(200);
      expect(created.body).toEqual({
        section_uuid: uuid,
        ...section({ amount: 0.1, credit_hours: 1.5 }),
        updated_at: expect.stringMatching(FORMATS.timestamp),
      });
      expect(created.raw).toContain('"amount":0.1,"credit_hours":1.5');
      const replaced = await api().put(
        paths.section(uuid),
        section({ course_title: 'Theology I', amount: 9999999999.99 }),
      );
      expect(replaced.body).toMatchObject({
        course_title: 'Theology I',
        amount: 9999999999.99,
        credit_hours: 3,
      });
    });

    it('a PUT that changes nothing keeps updated_at, so a reload does not flood the feed', async () => {
      const uuid = randomUUID();
      const first = await api().put(paths.section(uuid), section());
      const same = await api().put(paths.section(uuid), section());
      expect(same.body['updated_at']).toBe(first.body['updated_at']);
      const changed = await api().put(paths.section(uuid), section({ is_oncampus: false }));
      expect(changed.body['updated_at']).not.toBe(first.body['updated_at']);
    });

    it('every token reads; only an admin token writes (403 in the envelope)', async () => {
      const uuid = randomUUID();
      const refused = await api().put(paths.section(uuid), section(), 'coord119');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: {
          code: 'forbidden',
          message: 'Sections are reference data: only an admin token may change them',
        },
      });
      await api().put(paths.section(uuid), section({ reporting_term: 'READ1' }));
      const read = await api().get<SectionList>(`${paths.sections}?reporting_term=READ1`, 'coord119');
      expect(read.body.data.map((s) => s['section_uuid'])).toEqual([uuid]);
    });

    it("lists a term's catalogue in course order, and changes since a time oldest first", async () => {
      const term = `L${Date.now() % 100000}`;
      const b = randomUUID();
      const a = randomUUID();
      await api().put(paths.section(b), section({ reporting_term: term, course_name: 'BIBL 510' }));
      await api().put(paths.section(a), section({ reporting_term: term, course_name: 'APOL 101' }));
      const list = await api().get<SectionList>(`${paths.sections}?reporting_term=${term}`);
      expect(list.body.data.map((s) => s['course_name'])).toEqual(['APOL 101', 'BIBL 510']);
      expect(list.body.pagination).toEqual({ page: 1, limit: 20, total: 2 });
      const since = list.body.data.find((s) => s['section_uuid'] === a)!['updated_at'] as string;
      await api().put(paths.section(b), section({ reporting_term: term, course_name: 'BIBL 511' }));
      const feed = await api().get<SectionList>(
        `${paths.sections}?reporting_term=${term}&updated_since=${since}`,
      );
      expect(feed.body.data.map((s) => s['section_uuid'])).toEqual([a, b]);
    });

    it('the reference loader descriptor checks rows with the contract and loads the good ones', async () => {
      const uuid = randomUUID();
      const good = { section_uuid: uuid, ...section({ reporting_term: 'LOAD1', amount: 12.5 }) };
      expect(SECTIONS_RESOURCE.schema.safeParse(good).success).toBe(true);
      expect(SECTIONS_RESOURCE.schema.safeParse({ ...good, credit_hours: 1.005 }).success).toBe(false);
      expect(SECTIONS_RESOURCE.schema.safeParse({ ...good, section_uuid: 'x' }).success).toBe(false);
      await t.server.db.transaction((tx) => SECTIONS_RESOURCE.load(null, [good], tx));
      const read = await api().get<SectionList>(`${paths.sections}?reporting_term=LOAD1`);
      expect(read.body.data).toEqual([{ ...good, updated_at: expect.stringMatching(FORMATS.timestamp) }]);
    });

    const status = validationFailed([]).statusCode;
    it.each([
      {
        name: 'three decimal places',
        body: section({ amount: 1.005 }),
        field: 'amount',
        code: 'invalid_decimal',
      },
      { name: 'a negative amount', body: section({ amount: -5 }), field: 'amount', code: 'invalid_decimal' },
      {
        name: 'credit hours too large',
        body: section({ credit_hours: 10000 }),
        field: 'credit_hours',
        code: 'invalid_decimal',
      },
      {
        name: 'an amount as text',
        body: section({ amount: '12.50' }),
        field: 'amount',
        code: 'invalid_type',
      },
      {
        name: 'no course name',
        body: section({ course_name: '  ' }),
        field: 'course_name',
        code: 'out_of_range',
      },
      {
        name: 'an unknown field',
        body: { ...section(), credits: 3 },
        field: '(body)',
        code: 'unknown_field',
      },
      {
        name: 'a bad term',
        body: section({ reporting_term: '2026 FA' }),
        field: 'reporting_term',
        code: 'invalid_format',
      },
    ])('refuses $name with validation_failed on $field', async ({ body, field, code }) => {
      const uuid = randomUUID();
      const res = await api().put(paths.section(uuid), body);
      expect(res.status, res.raw).toBe(status);
      const error = res.body['error'] as { code: string; fields: Body[] };
      expect(error.code).toBe('validation_failed');
      expect(error.fields).toContainEqual(expect.objectContaining({ field, code }));
      const after = await api().get<SectionList>(
        `${paths.sections}?updated_since=2000-01-01T00:00:00Z&limit=100`,
      );
      expect(after.body.data.map((s) => s['section_uuid'])).not.toContain(uuid);
    });

    it('refuses a section_uuid that is not a UUID', async () => {
      const res = await api().put(paths.section('THEO-501-A'), section());
      expect(res.status).toBe(status);
      expect((res.body['error'] as { fields: Body[] }).fields[0]).toMatchObject({ field: 'section_uuid' });
    });
  });
}
