import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { writeWorkbook } from '../../src/import';
import { describeLoad, loadReferenceFile } from '../../server/referenceLoad';
import { backends, startTestServer, type TestServer } from './helpers';

type Body = Record<string, unknown>;

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`reference load on ${backend.name}`, () => {
    let t: TestServer;
    let dir: string;
    beforeAll(async () => {
      t = await startTestServer(backend);
      dir = await mkdtemp(path.join(tmpdir(), 'ro-reference-'));
    });
    afterAll(async () => {
      await t?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('loads a spreadsheet, one sheet per resource, and reports each bad row by sheet and row', async () => {
      const org = randomUUID();
      const venue = randomUUID();
      const form = randomUUID();
      const code = `XL-${randomUUID().slice(0, 6)}`;
      const file = path.join(dir, 'reference.xlsx');
      await writeFile(
        file,
        writeWorkbook([
          {
            name: 'venues',
            rows: [
              ['venue_id', 'organization_id', 'name', 'address', 'time_zone'],
              [venue, org, 'Lyon centre', '1 quai', 'Europe/Paris'],
              [randomUUID(), org, 'Nowhere', '', 'Mars/Olympus'],
              ['not-a-uuid', org, 'Bad id', '', 'UTC'],
            ],
          },
          {
            name: 'exam_classes',
            rows: [
              ['organization_id', 'exam_type', 'exam_formats', 'billing_codes'],
              [org, 'CPA', 'paper, online', 'B1,B2'],
              [org, 'CMA', 'paper', 'B3'],
            ],
          },
          {
            name: 'assessment_forms',
            rows: [
              ['assessment_form_id', 'code', 'title', 'exam_type', 'published', 'bilingual'],
              [form, code, 'Form', 'CPA', 'yes', 'no'],
              [randomUUID(), 'X', 'Form', 'CPA', 'maybe', 'no'],
            ],
          },
          { name: 'notes', rows: [['anything']] },
        ]),
      );
      const report = await loadReferenceFile(t.server.db, file);
      expect(report.loaded).toEqual({ venues: 1, exam_classes: 2, assessment_forms: 1, sections: 0 });
      expect(report.problems.map((p) => [p.sheet, p.row])).toEqual([
        ['notes', 0],
        ['venues', 3],
        ['venues', 4],
        ['assessment_forms', 3],
      ]);
      expect(report.problems[1]!.message).toContain('time_zone');
      expect(report.problems[3]!.message).toContain('published');
      expect(describeLoad(report)[0]).toBe(
        'Loaded 1 venues, 2 exam classes, 1 assessment forms, 0 sections.',
      );

      const classes = await t.api.get<{ data: Body[] }>(
        `${paths.eventClasses}?organization=${org}`,
        'coord119',
      );
      expect(classes.body.data).toEqual([
        {
          organization_id: org,
          exam_type: 'CPA',
          exam_formats: ['paper', 'online'],
          billing_codes: ['B1', 'B2'],
        },
        { organization_id: org, exam_type: 'CMA', exam_formats: ['paper'], billing_codes: ['B3'] },
      ]);
      const venues = await t.api.get<{ data: Body[] }>(`${paths.venues}?organization_id=${org}`);
      expect(venues.body.data.map((v) => v['name'])).toEqual(['Lyon centre']);
    });

    it('loads JSON; an organisation given again has its classes replaced', async () => {
      const org = randomUUID();
      const file = path.join(dir, 'reference.json');
      const write = (classes: unknown[]) => writeFile(file, JSON.stringify({ exam_classes: classes }));
      await write([{ organization_id: org, exam_type: 'A', exam_formats: ['x'], billing_codes: ['y'] }]);
      expect((await loadReferenceFile(t.server.db, file)).problems).toEqual([]);
      await write([
        { organization_id: org, exam_type: 'B', exam_formats: ['x'], billing_codes: ['y'] },
        { organization_id: org, exam_type: 'C', exam_formats: 5, billing_codes: ['y'] },
      ]);
      const report = await loadReferenceFile(t.server.db, file);
      expect(report.problems.map((p) => [p.sheet, p.row])).toEqual([['exam_classes', 2]]);
      const classes = await t.api.get<{ data: Body[] }>(`${paths.eventClasses}?organization=${org}`);
      expect(classes.body.data.map((c) => c['exam_type'])).toEqual(['B']);
    });
    it('loads sections from a sheet named sections, with yes/no cells, and reports a bad amount', async () => {
      const term = `T${randomUUID().slice(0, 4)}`;
      const good = randomUUID();
      const file = path.join(dir, 'sections.xlsx');
      await writeFile(
        file,
        writeWorkbook([
          {
            name: 'sections',
            rows: [
              [
                'section_uuid',
                'reporting_term',
                'course_name',
                'section_code',
                'course_title',
                'amount',
                'credit_hours',
                'is_oncampus',
              ],
              [good, term, 'THEO 101', 'A', 'Foundations', 450.5, 3, 'yes'],
              [randomUUID(), term, 'THEO 102', 'B', 'Ethics', 'lots', 3, 'no'],
            ],
          },
        ]),
      );
      const report = await loadReferenceFile(t.server.db, file);
      expect(report.loaded).toEqual({ venues: 0, exam_classes: 0, assessment_forms: 0, sections: 1 });
      expect(report.problems.map((p) => [p.sheet, p.row])).toEqual([['sections', 3]]);
      const listed = await t.api.get<{ data: Body[] }>(
        `${paths.sections}?reporting_term=${term}`,
        'coord119',
      );
      expect(listed.body.data.map((s) => [s['section_uuid'], s['amount'], s['is_oncampus']])).toEqual([
        [good, 450.5, true],
      ]);
    });
  });
}
