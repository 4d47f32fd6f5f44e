import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { paths } from '../../src/contract';
import type { Api } from './helpers';

/**
 * Reference data for the part C tests, made through the API with fresh ids each time (servers of
 * one test file share a PGlite): one organisation, a venue in Paris and one in Los Angeles, two
 * exam classes, forms of every kind, and learners of two coordinators.
 */
export interface FieldFixture {
  org: string;
  paris: string;
  la: string;
  forms: { cpa1: string; cpa2: string; cma1: string; bilingual: string; draft: string };
  /** codes are unique per fixture, since forms of every fixture share one table */
  codes: { cpa1: string; cpa2: string; cma1: string; bilingual: string; draft: string };
  learners: { zoe: string; jean: string; otherCoordinators: string };
}

export async function makeFixture(api: Api): Promise<FieldFixture> {
  const org = randomUUID();
  const paris = randomUUID();
  const la = randomUUID();
  const ok = async (p: Promise<{ status: number; body: unknown }>) => {
    const res = await p;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await ok(
    api.put(paths.venue(paris), {
      organization_id: org,
      name: 'Paris centre',
      address: '1 rue de Rivoli',
      time_zone: 'Europe/Paris',
    }),
  );
  await ok(
    api.put(paths.venue(la), {
      organization_id: org,
      name: 'LA centre',
      address: '1 Main St',
      time_zone: 'America/Los_Angeles',
    }),
  );
  await ok(
    api.put(paths.examClasses(org), {
      data: [
        { exam_type: 'CPA', exam_formats: ['paper', 'online'], billing_codes: ['B1', 'B2'] },
        { exam_type: 'CMA', exam_formats: ['paper'], billing_codes: ['B3'] },
      ],
    }),
  );
  const tag = randomUUID().slice(0, 6);
  const codes = {
    cpa1: `CPA1-${tag}`,
    cpa2: `CPA2-${tag}`,
    cma1: `CMA1-${tag}`,
    bilingual: `BIL-${tag}`,
    draft: `DRAFT-${tag}`,
  };
  const forms = {
    cpa1: randomUUID(),
    cpa2: randomUUID(),
    cma1: randomUUID(),
    bilingual: randomUUID(),
    draft: randomUUID(),
  };
  const form = (id: string, code: string, exam_type: string, published: boolean, bilingual: boolean) =>
    ok(api.put(paths.assessmentForm(id), { code, title: `Form ${code}`, exam_type, published, bilingual }));
  await form(forms.cpa1, codes.cpa1, 'CPA', true, false);
  await form(forms.cpa2, codes.cpa2, 'CPA', true, false);
  await form(forms.cma1, codes.cma1, 'CMA', true, false);
  await form(forms.bilingual, codes.bilingual, 'CPA', true, true);
  await form(forms.draft, codes.draft, 'CPA', false, false);
  const learners = { zoe: randomUUID(), jean: randomUUID(), otherCoordinators: randomUUID() };
  await ok(
    api.post(
      paths.learner(learners.zoe),
      { first_name: 'Zoë', last_name: 'Müller', email: `Zoe.Muller+${tag}@Example.org` },
      'coord119',
    ),
  );
  await ok(
    api.post(
      paths.learner(learners.jean),
      { first_name: 'Jean', last_name: 'Dupont', email: `jean.dupont+${tag}@example.org`, phone: '+33 1 23' },
      'coord119',
    ),
  );
  await ok(
    api.post(
      paths.learner(learners.otherCoordinators),
      { first_name: 'Olga', last_name: 'Other', email: `olga+${tag}@example.org` },
      'other',
    ),
  );
  return { org, paris, la, forms, codes, learners };
}

/** A register-lax body at the Paris venue, for `learner`, at `start`. */
export function registerBody(
  f: FieldFixture,
  learner: string,
  start: string,
  extra: Record<string, unknown> = {},
) {
  return {
    event_venue: f.paris,
    event_start: start,
    event_exam_type: 'CPA',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    learner,
    learner_registrant_type: 'candidate',
    assessment: f.codes.cpa1,
    accommodations: [],
    ...extra,
  };
}

let minute = 0;
/** A start no other test of this process uses (events are unique per venue and start). */
export function freshStart(): string {
  minute += 1;
  const base = Date.parse('2027-01-04T08:00:00Z') + Math.floor(Math.random() * 100_000) * 3_600_000;
  return new Date(base + minute * 60_000).toISOString().replace('.000Z', 'Z');
}
