import { paths } from '../../../src/contract';
import type { ReferenceServer } from './server';

/**
 * Reference data (contract C1) put on the reference server with an admin token, for the field
 * registration e2e tests: one organisation with a venue in Paris and one in Los Angeles, two
 * exam classes, and published forms (one bilingual, one draft, which the desk must not offer).
 * Fresh ids and codes each time, so tests sharing a server never meet.
 */
export interface FieldReference {
  org: string;
  paris: string;
  la: string;
  /** published, non-bilingual form codes */
  codes: { cpa1: string; cpa2: string; cma1: string; bilingual: string; draft: string };
}

/** The register-lax fields of an event of the CPA class on paper at `venue` and `start`. */
export function cpaEventFields(venue: string, start: string) {
  return {
    event_venue: venue,
    event_start: start,
    event_exam_type: 'CPA',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
  };
}

async function put(target: Pick<ReferenceServer, 'url'>, token: string, path: string, body: unknown) {
  const response = await fetch(`${target.url}${path}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${path} answered ${response.status}: ${await response.text()}`);
}

export async function putFieldReference(
  target: Pick<ReferenceServer, 'url'>,
  adminToken: string,
): Promise<FieldReference> {
  const org = crypto.randomUUID();
  const paris = crypto.randomUUID();
  const la = crypto.randomUUID();
  const venue = (id: string, name: string, time_zone: string) =>
    put(target, adminToken, paths.venue(id), { organization_id: org, name, address: `${name} 1`, time_zone });
  await venue(paris, 'Paris centre', 'Europe/Paris');
  await venue(la, 'LA centre', 'America/Los_Angeles');
  await put(target, adminToken, paths.examClasses(org), {
    data: [
      { exam_type: 'CPA', exam_formats: ['paper', 'online'], billing_codes: ['B1', 'B2'] },
      { exam_type: 'CMA', exam_formats: ['paper'], billing_codes: ['B3'] },
    ],
  });
  const tag = crypto.randomUUID().slice(0, 6).toUpperCase();
  const codes = {
    cpa1: `CPA1-${tag}`,
    cpa2: `CPA2-${tag}`,
    cma1: `CMA1-${tag}`,
    bilingual: `BIL-${tag}`,
    draft: `DRAFT-${tag}`,
  };
  const form = (code: string, exam_type: string, published: boolean, bilingual: boolean) =>
    put(target, adminToken, paths.assessmentForm(crypto.randomUUID()), {
      code,
      title: `Form ${code}`,
      exam_type,
      published,
      bilingual,
    });
  await form(codes.cpa1, 'CPA', true, false);
  await form(codes.cpa2, 'CPA', true, false);
  await form(codes.cma1, 'CMA', true, false);
  await form(codes.bilingual, 'CPA', true, true);
  await form(codes.draft, 'CPA', false, false);
  return { org, paris, la, codes };
}
