import type { Event, EventListQuery, EventUpsert, ScrapPaper } from '../src/contract';
import {
  cancelEvent,
  localDateIn,
  parseEventStart,
  upsertEvent,
  utcWindowOfDate,
} from '../src/domain/events';
import { RegistrationError } from '../src/domain/registrationErrors';
import type { Principal } from './auth';
import type { Database, Queryable } from './db/database';
import { uniqueViolation } from './db/uniqueViolation';
import { ApiError, notFound } from './errors';
import { iso } from './batches';
import type { ReferenceStore } from './reference';

/** Part C2: events, at most one non-cancelled per venue and start (the partial unique index). */

export interface EventRow {
  event_id: string;
  venue_id: string;
  event_start: Date;
  exam_type: string;
  exam_format: string;
  billing_code: string;
  registration_limit: number | null;
  status: Event['status'];
  cancellation_reason: string | null;
  registered_count: number;
  coordinator_id: string;
  created_at: Date;
  updated_at: Date;
}

export const eventOf = (row: EventRow): Event => ({
  event_id: row.event_id,
  event_venue: row.venue_id,
  event_start: iso(row.event_start),
  event_exam_type: row.exam_type,
  event_exam_format: row.exam_format,
  event_billing_code: row.billing_code,
  registration_limit: row.registration_limit,
  status: row.status,
  cancellation_reason: row.cancellation_reason,
  registered_count: row.registered_count,
  coordinator_id: row.coordinator_id,
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});

const scope = (principal: Principal) => (principal.isAdmin ? null : principal.id);

/**
 * A coordinator sees the events it created and those it registered people on (a lax lookup may
 * register onto another coordinator's event); admin sees all. `$n` is the principal's scope.
 */
export const eventVisible = (alias: string, n: number) =>
  `($${n}::text IS NULL OR ${alias}.coordinator_id = $${n} OR EXISTS (
     SELECT 1 FROM registrations vr WHERE vr.event_id = ${alias}.event_id AND vr.coordinator_id = $${n}))`;

/** The unique index's answer when two events would share venue and start. */
export function eventExists(existingId: string): ApiError {
  return new ApiError(
    409,
    'conflict',
    `Another event (${existingId}) is already scheduled at this venue and start; cancel it first or update that one.`,
  );
}

export class EventStore {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceStore,
  ) {}

  /** The event row locked for this transaction, or null. */
  async lock(q: Queryable, eventId: string): Promise<Event | null> {
    const [row] = await q.query<EventRow>(
      'SELECT * FROM events WHERE event_id = $1 FOR UPDATE',
      [eventId],
      'event_lock',
    );
    return row ? eventOf(row) : null;
  }

  /**
   * Inserts a new event; false when another transaction holds that venue and start already (the
   * partial unique index), so the caller looks again and finds that one.
   */
  async insert(q: Queryable, event: Event): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO events (event_id, venue_id, event_start, exam_type, exam_format, billing_code, registration_limit,
         status, cancellation_reason, registered_count, coordinator_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (venue_id, event_start) WHERE status <> 'cancelled' DO NOTHING
       RETURNING event_id`,
      [
        event.event_id,
        event.event_venue,
        event.event_start,
        event.event_exam_type,
        event.event_exam_format,
        event.event_billing_code,
        event.registration_limit,
        event.status,
        event.cancellation_reason,
        event.registered_count,
        event.coordinator_id,
        event.created_at,
        event.updated_at,
      ],
      'event_insert',
    );
    return rows.length === 1;
  }

  async saveCount(q: Queryable, event: Event): Promise<void> {
    await q.query(
      'UPDATE events SET registered_count = $2, updated_at = $3 WHERE event_id = $1',
      [event.event_id, event.registered_count, event.updated_at],
      'event_count',
    );
  }

  async upsert(eventId: string, input: EventUpsert, principal: Principal): Promise<Event> {
    try {
      return await this.write(eventId, input, principal);
    } catch (error) {
      // an update racing another instance onto the same venue and start: the index decides
      if (uniqueViolation(error) !== 'events_one_per_venue_start') throw error;
      const [winner] = await this.db.query<{ event_id: string }>(
        `SELECT w.event_id FROM events w, events e WHERE e.event_id = $1 AND w.status <> 'cancelled'
           AND w.event_id <> e.event_id AND w.venue_id = COALESCE($2::uuid, e.venue_id)
           AND w.event_start = COALESCE($3::timestamptz, e.event_start)`,
        [eventId, input.event_venue ?? null, input.event_start ? parseEventStart(input.event_start) : null],
      );
      throw eventExists(winner?.event_id ?? 'unknown');
    }
  }

  private async write(eventId: string, input: EventUpsert, principal: Principal): Promise<Event> {
    return this.db.transaction(async (tx) => {
      const current = await this.lock(tx, eventId);
      if (current && !(await this.isVisible(tx, current, principal))) throw notFound('event', eventId);
      const { venue, classes } = await this.reference.venueWithClasses(
        input.event_venue ?? current?.event_venue,
        tx,
      );
      const next = upsertEvent(
        current,
        eventId,
        input,
        { venue, classes },
        {
          coordinatorId: principal.id,
          now: new Date().toISOString(),
        },
      );
      const clash = await tx.query<{ event_id: string }>(
        `SELECT event_id FROM events WHERE venue_id = $1 AND event_start = $2 AND status <> 'cancelled'
           AND event_id <> $3`,
        [next.event_venue, next.event_start, eventId],
      );
      if (clash[0]) throw eventExists(clash[0].event_id);
      if (!current) {
        if (!(await this.insert(tx, next))) {
          const [winner] = await tx.query<{ event_id: string }>(
            `SELECT event_id FROM events WHERE venue_id = $1 AND event_start = $2 AND status <> 'cancelled'`,
            [next.event_venue, next.event_start],
          );
          throw eventExists(winner?.event_id ?? 'unknown');
        }
        return next;
      }
      await tx.query(
        `UPDATE events SET venue_id = $2, event_start = $3, exam_type = $4, exam_format = $5, billing_code = $6,
           registration_limit = $7, updated_at = $8 WHERE event_id = $1`,
        [
          eventId,
          next.event_venue,
          next.event_start,
          next.event_exam_type,
          next.event_exam_format,
          next.event_billing_code,
          next.registration_limit,
          next.updated_at,
        ],
      );
      return next;
    });
  }

  async get(eventId: string, principal: Principal, q: Queryable = this.db): Promise<Event> {
    const [row] = await q.query<EventRow>(
      `SELECT e.* FROM events e WHERE e.event_id = $1 AND ${eventVisible('e', 2)}`,
      [eventId, scope(principal)],
    );
    if (!row) throw notFound('event', eventId);
    return eventOf(row);
  }

  private async isVisible(q: Queryable, event: Event, principal: Principal): Promise<boolean> {
    if (principal.isAdmin || event.coordinator_id === principal.id) return true;
    const rows = await q.query(
      'SELECT 1 FROM registrations WHERE event_id = $1 AND coordinator_id = $2 LIMIT 1',
      [event.event_id, principal.id],
    );
    return rows.length > 0;
  }

  async cancel(eventId: string, reason: string, principal: Principal): Promise<Event> {
    return this.db.transaction(async (tx) => {
      const current = await this.lock(tx, eventId);
      if (!current || !(await this.isVisible(tx, current, principal))) throw notFound('event', eventId);
      const next = cancelEvent(current, reason, new Date().toISOString());
      await tx.query(
        'UPDATE events SET status = $2, cancellation_reason = $3, updated_at = $4 WHERE event_id = $1',
        [eventId, next.status, next.cancellation_reason, next.updated_at],
      );
      return next;
    });
  }

  /**
   * Events starting on `date` in their venue's time zone: the candidates of the widest UTC window
   * (zones span UTC−12..+14) are read, then kept by their local date; or the change feed.
   */
  async list(query: EventListQuery, principal: Principal) {
    const params: unknown[] = [scope(principal)];
    const where = [eventVisible('e', 1)];
    if (query.date) {
      const window = utcWindowOfDate(query.date);
      where.push(`e.event_start >= $${params.push(window.from)}::timestamptz`);
      where.push(`e.event_start < $${params.push(window.to)}::timestamptz`);
    }
    if (query.updated_since) where.push(`e.updated_at >= $${params.push(query.updated_since)}::timestamptz`);
    const order = query.updated_since ? 'e.updated_at, e.event_id' : 'e.event_start, e.event_id';
    const rows = await this.db.query<EventRow & { time_zone: string }>(
      `SELECT e.*, v.time_zone FROM events e JOIN venues v ON v.venue_id = e.venue_id
       WHERE ${where.join(' AND ')} ORDER BY ${order}`,
      params,
    );
    const kept = query.date
      ? rows.filter((r) => localDateIn(iso(r.event_start), r.time_zone) === query.date)
      : rows;
    const from = (query.page - 1) * query.limit;
    return {
      data: kept.slice(from, from + query.limit).map(eventOf),
      pagination: { page: query.page, limit: query.limit, total: kept.length },
    };
  }

  /** The invigilator's sheet: active registrations in seat order (the order they were made). */
  async scrapPaper(eventId: string, principal: Principal, sheetsPerCandidate: number): Promise<ScrapPaper> {
    const event = await this.get(eventId, principal);
    const venue = await this.reference.venue(event.event_venue);
    if (!venue) throw new RegistrationError('venue_not_found');
    const rows = await this.db.query<{
      registration_id: string;
      code: string;
      first_name: string;
      last_name: string;
      assessment: string | null;
      accommodations: { type: string; name: string | null; time_extension: number | null }[];
    }>(
      `SELECT registration_id, code, first_name, last_name, assessment, accommodations FROM registrations
       WHERE event_id = $1 AND status = 'active' ORDER BY created_at, registration_id`,
      [eventId],
    );
    return {
      event,
      venue,
      registrations: rows.map((r, i) => ({
        seat: i + 1,
        registration_id: r.registration_id,
        code: r.code,
        learner_name: `${r.first_name} ${r.last_name}`,
        assessment: r.assessment,
        accommodations: r.accommodations,
        time_extension: r.accommodations.reduce((sum, a) => sum + (a.time_extension ?? 0), 0),
      })),
      scrap_paper_sheets: rows.length * sheetsPerCandidate,
    };
  }
}
