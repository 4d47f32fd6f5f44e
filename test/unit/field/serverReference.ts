import { paths } from '../../../src/contract';
import type { TestServer } from '../sync/support';

/** A fresh venue, its organisation's CPA class on paper and a published form, on the real server. */
export async function referenceOnServer(server: TestServer): Promise<{ venue: string; code: string }> {
  const org = crypto.randomUUID();
  const venue = crypto.randomUUID();
  await server.call('PUT', paths.venue(venue), {
    organization_id: org,
    name: `Lyon ${venue.slice(0, 4)}`,
    address: '2 place Bellecour',
    time_zone: 'Europe/Paris',
  });
  await server.call('PUT', paths.examClasses(org), {
    data: [{ exam_type: 'CPA', exam_formats: ['paper'], billing_codes: ['B1'] }],
  });
  const code = `CPA-${venue.slice(0, 6)}`;
  await server.call('PUT', paths.assessmentForm(crypto.randomUUID()), {
    code,
    title: 'CPA paper',
    exam_type: 'CPA',
    published: true,
    bilingual: false,
  });
  return { venue, code };
}
