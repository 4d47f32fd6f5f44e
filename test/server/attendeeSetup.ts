import { randomUUID } from 'node:crypto';
import type { Principal } from '../../server/auth';
import type { Database } from '../../server/db/database';
import { EventStore } from '../../server/events';
import { ReferenceStore } from '../../server/reference';

/** People, bulk bodies and the events (with their venue, exam class and form) attendee jobs run on. */

export const person = (n: number, prefix = 'p') => ({
  first_name: `First${n}`,
  last_name: `Last${n}`,
  email: `${prefix}-${n}@example.org`,
});

export const people = (count: number, prefix = 'p') =>
  Array.from({ length: count }, (_, i) => person(i + 1, prefix));

export const bulkBody = (attributes: unknown[]) => ({
  type: 'jobs',
  data: { attributes: { tasks: attributes.map((a) => ({ attributes: a })) } },
});

export const coordinator = (id: string): Principal => ({ id, isAdmin: id === 'admin', tokenHash: '' });

export const FORM_CODE = 'IELTS-AC';

/** One venue with one exam class and a published form; events at successive starts there. */
export async function eventFactory(db: Database) {
  const reference = new ReferenceStore(db);
  const events = new EventStore(db, reference);
  const organization = randomUUID();
  const venue = randomUUID();
  await reference.putVenue(venue, {
    organization_id: organization,
    name: 'Hall A',
    address: '1 High Street',
    time_zone: 'Europe/London',
  });
  await reference.putExamClasses(organization, {
    data: [{ exam_type: 'ielts', exam_formats: ['paper'], billing_codes: ['B1'] }],
  });
  await reference.putForm(randomUUID(), {
    code: FORM_CODE,
    title: 'IELTS Academic',
    exam_type: 'ielts',
    published: true,
    bilingual: false,
  });
  let minutes = 0;
  return {
    events,
    async make(options: { limit?: number; owner?: string } = {}): Promise<string> {
      const eventId = randomUUID();
      const start = new Date(Date.UTC(2026, 5, 1, 9) + minutes++ * 60_000).toISOString();
      await events.upsert(
        eventId,
        {
          event_venue: venue,
          event_start: start,
          event_exam_type: 'ielts',
          event_exam_format: 'paper',
          event_billing_code: 'B1',
          ...(options.limit !== undefined ? { registration_limit: options.limit } : {}),
        },
        coordinator(options.owner ?? 'coord-119'),
      );
      return eventId;
    },
    cancel: (eventId: string) => events.cancel(eventId, 'Venue flooded', coordinator('admin')),
  };
}
