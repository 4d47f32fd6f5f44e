import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDatabase } from '../../../src/db';
import { saveLearner } from '../../../src/learners';

/** A laptop's copy of the reference data, as the reference pull would have stored it. */
export const REF = {
  org: '0b0b0b0b-0000-4000-8000-000000000001',
  paris: '0a0a0a0a-0000-4000-8000-000000000001',
  la: '0a0a0a0a-0000-4000-8000-000000000002',
  forms: {
    cpa1: '0f0f0f0f-0000-4000-8000-000000000001',
    cpa2: '0f0f0f0f-0000-4000-8000-000000000002',
    cma1: '0f0f0f0f-0000-4000-8000-000000000003',
    bilingual: '0f0f0f0f-0000-4000-8000-000000000004',
    draft: '0f0f0f0f-0000-4000-8000-000000000005',
  },
} as const;

export const NOW = Date.parse('2026-04-01T08:00:00Z');
export const START = '2026-04-02T09:00:00.000Z';

export function freshDatabase(): AppDatabase {
  return new AppDatabase(`field-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

export async function seedReference(db: AppDatabase): Promise<void> {
  const at = '2026-03-01T00:00:00.000Z';
  await db.venues.bulkPut([
    {
      venue_id: REF.paris,
      organization_id: REF.org,
      name: 'Paris centre',
      address: '1 rue de Rivoli',
      time_zone: 'Europe/Paris',
      updated_at: at,
      pulled_at: NOW,
    },
    {
      venue_id: REF.la,
      organization_id: REF.org,
      name: 'LA centre',
      address: '1 Main St',
      time_zone: 'America/Los_Angeles',
      updated_at: at,
      pulled_at: NOW,
    },
  ]);
  await db.examClasses.bulkPut([
    {
      organization_id: REF.org,
      exam_type: 'CPA',
      exam_formats: ['paper', 'online'],
      billing_codes: ['B1', 'B2'],
      pulled_at: NOW,
    },
    {
      organization_id: REF.org,
      exam_type: 'CMA',
      exam_formats: ['paper'],
      billing_codes: ['B3'],
      pulled_at: NOW,
    },
  ]);
  const form = (id: string, code: string, exam_type: string, published: boolean, bilingual: boolean) => ({
    assessment_form_id: id,
    code,
    title: `Form ${code}`,
    exam_type,
    published,
    bilingual,
    updated_at: at,
    pulled_at: NOW,
  });
  await db.assessmentForms.bulkPut([
    form(REF.forms.cpa1, 'CPA1', 'CPA', true, false),
    form(REF.forms.cpa2, 'CPA2', 'CPA', true, false),
    form(REF.forms.cma1, 'CMA1', 'CMA', true, false),
    form(REF.forms.bilingual, 'BIL', 'CPA', true, true),
    form(REF.forms.draft, 'DRAFT', 'CPA', false, false),
  ]);
}

export async function learner(db: AppDatabase, first: string, last: string, email?: string): Promise<string> {
  const saved = await saveLearner(
    db,
    { first_name: first, last_name: last, email: email ?? `${first}.${last}@example.org`.toLowerCase() },
    { now: NOW, coordinatorId: 'coord-119' },
  );
  return saved.learner_id;
}

/** A register-lax body at the Paris venue, CPA on paper, form CPA1. */
export function laxBody(learnerId: string, overrides: Record<string, unknown> = {}) {
  return {
    event_venue: REF.paris,
    event_start: START,
    event_exam_type: 'CPA',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    learner: learnerId,
    assessment: 'CPA1',
    ...overrides,
  };
}
