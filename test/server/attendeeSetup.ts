import { randomUUID } from 'node:crypto';
import type { AttendeeRegistrar } from '../../server/attendeeRegistrar';
import type { Database } from '../../server/db/database';

/** People, bulk bodies and the events attendee jobs are tested on. */

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

/**
 * Interim registrar over a table of its own, until part C3's registrations are merged: one
 * registration per event and email (case-insensitive), the id the task carries.
 */
export const interimRegistrar: AttendeeRegistrar = {
  eventExists: async (q, eventId) =>
    (await q.query('SELECT 1 FROM interim_events WHERE event_id = $1', [eventId])).length > 0,
  async registerPerson(tx, eventId, p, principalId) {
    const rows = await tx.query(
      `INSERT INTO interim_registrations VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [p.registration_id, eventId, p.email, principalId],
    );
    if (rows.length === 0)
      return {
        ok: false,
        error: { code: 'already_registered', message: 'User already registered for this session.' },
      };
    return {
      ok: true,
      registration: { registration_id: p.registration_id, event_id: eventId, email: p.email },
    };
  },
};

export async function interimEvent(db: Database): Promise<string> {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS interim_events (event_id text PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS interim_registrations (
      registration_id text PRIMARY KEY, event_id text NOT NULL, email text NOT NULL, principal text NOT NULL);
    CREATE UNIQUE INDEX IF NOT EXISTS interim_one ON interim_registrations (event_id, lower(email));`);
  const id = randomUUID();
  await db.query('INSERT INTO interim_events VALUES ($1)', [id]);
  return id;
}
