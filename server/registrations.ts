import { randomUUID } from 'node:crypto';
import type {
  AssessmentForm,
  AttendeeAttributes,
  CancelRegistration,
  ChangeAssessment,
  Event,
  FeedQuery,
  GrantAccommodation,
  RegisterLax,
  Registration,
  RegistrationFilters,
  RegistrationSearch,
  RevokeAccommodation,
  TransferLax,
} from '../src/contract';
import { normalizeCode } from '../src/domain/confirmationCode';
import { type CommandContext, laxEventKey, parseEventStart } from '../src/domain/events';
import { learnerSearchText, normalizeForSearch } from '../src/domain/nameSearch';
import {
  type CommandOutcome,
  cancelRegistration,
  changeAssessment,
  checkAttendee,
  grantAccommodation,
  registerAttendee,
  registerLax,
  revokeAccommodation,
  transferLax,
} from '../src/domain/registrationCommands';
import { RegistrationError } from '../src/domain/registrationErrors';
import type { Principal } from './auth';
import type { Database, Queryable } from './db/database';
import { uniqueViolation } from './db/uniqueViolation';
import { ApiError, notFound } from './errors';
import { iso } from './batches';
import { type EventRow, type EventStore, eventOf } from './events';
import { type LearnerRow, type LearnerStore, learnerOf } from './learners';
import {
  type ClassRow,
  type FormRow,
  type ReferenceStore,
  type VenueRow,
  classOf,
  formOf,
  isUuid,
  venueOf,
} from './reference';

/**
 * Part C3: registrations. Each command runs the pure rule of `src/domain/registrationCommands`
 * inside a transaction that holds the rows it changes: the registration, and the event rows whose
 * seats it takes or frees (locked in event_id order), so the seat limit holds however many
 * requests and instances race.
 */

interface RegistrationRow {
  registration_id: string;
  code: string;
  event_id: string;
  learner_id: string;
  first_name: string;
  last_name: string;
  email: string;
  learner_registrant_type: string | null;
  assessment: string | null;
  assessment_form_id: string | null;
  accommodations: Registration['accommodations'];
  status: Registration['status'];
  cancellation_reason: string | null;
  history: Registration['history'];
  coordinator_id: string;
  created_at: Date;
  updated_at: Date;
}

const registrationOf = (row: RegistrationRow): Registration => ({
  registration_id: row.registration_id,
  code: row.code,
  event_id: row.event_id,
  learner: {
    learner_id: row.learner_id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
  },
  learner_registrant_type: row.learner_registrant_type,
  assessment: row.assessment,
  assessment_form_id: row.assessment_form_id,
  accommodations: row.accommodations,
  status: row.status,
  cancellation_reason: row.cancellation_reason,
  history: row.history,
  coordinator_id: row.coordinator_id,
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});

const scope = (principal: Principal) => (principal.isAdmin ? null : principal.id);

/** A coordinator sees the registrations it made and those on the events it created. */
const registrationVisible = (alias: string, n: number) =>
  `($${n}::text IS NULL OR ${alias}.coordinator_id = $${n} OR EXISTS (
     SELECT 1 FROM events ve WHERE ve.event_id = ${alias}.event_id AND ve.coordinator_id = $${n}))`;

/** An event the lax lookup made lost the race to another transaction's: look again, at most this often. */
const LAX_ATTEMPTS = 3;
class LostEventRace extends Error {}

/**
 * Several attendees registered on one event in one transaction: the event as it stands in that
 * transaction (locked; null when the principal cannot see it) and the forms looked up so far.
 */
export interface AttendeeChunk {
  event: Event | null;
  /**
   * The registration stored under a task's registration id, read for all the chunk's ids in one
   * statement when it opened (null: none); each answer is handed out once, so a retry or a second
   * task with the same id reads the row as it stands then. Undefined: the id was not read ahead.
   */
  takeExisting(registrationId: string): Registration | null | undefined;
  /** Writes the event's seat count as the chunk left it; call it once, after the last person. */
  flush(): Promise<void>;
  form(code: string | null | undefined): Promise<AssessmentForm | null>;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class RegistrationStore {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceStore,
    private readonly events: EventStore,
    private readonly learners: LearnerStore,
  ) {}

  private context(principal: Principal): CommandContext {
    return { coordinatorId: principal.id, now: new Date().toISOString(), newEventId: randomUUID() };
  }

  /**
   * Usually two round trips, no transaction: the lookup reads what the rule needs unlocked
   * (`laxLookup`), and one statement writes the seat count and the registration only if the event
   * row is still the version the rule saw (its `xmin`). The UPDATE takes the row lock and
   * re-checks that condition on the newest version, so a seat another request took meanwhile
   * makes it write nothing, and the call goes the locked way instead: BEGIN, the lookup with the
   * event locked, the write, COMMIT. That way also serves a taken id and an event still to be
   * made. Either way the seat limit holds however many requests and instances race.
   */
  async registerLax(registrationId: string, body: RegisterLax, principal: Principal): Promise<Registration> {
    const unlocked = await seedErrors(() => this.registerLaxUnlocked(registrationId, body, principal));
    if (unlocked) return unlocked;
    return this.write(async (tx) => {
      const { existing, venue, classes, learner, form, found, alreadyRegistered } = await this.laxLookup(
        tx,
        registrationId,
        body,
        principal,
        true,
      );
      const current = existing ? await this.findAny(tx, registrationId) : null;
      // the event locked is the one at the body's venue id and start; the rule's key is the same
      const key = tryKey(body, venue);
      const outcome = registerLax(
        current,
        registrationId,
        body,
        {
          venue,
          classes,
          learner,
          form,
          found: key ? found : null,
          alreadyRegistered: key ? alreadyRegistered : false,
        },
        this.context(principal),
      );
      return this.apply(tx, outcome, true);
    });
  }

  /**
   * register-lax on an event that exists, the seat count written only if the event did not change
   * since it was read; null when it did, or when the call needs the locked way (see `registerLax`).
   * A refusal stands: it follows from a committed state, as it would have after waiting for a lock.
   */
  private async registerLaxUnlocked(
    registrationId: string,
    body: RegisterLax,
    principal: Principal,
  ): Promise<Registration | null> {
    const looked = await this.laxLookup(this.db, registrationId, body, principal, false);
    const key = tryKey(body, looked.venue);
    if (looked.existing || !key || !looked.found || looked.version === null) return null;
    const outcome = registerLax(null, registrationId, body, looked, this.context(principal));
    const [only] = outcome.events;
    if (outcome.events.length !== 1 || only!.created || only!.event.event_id !== looked.found.event_id) {
      return null;
    }
    const r = outcome.registration;
    const written = await this.db.query(
      `WITH counted AS (UPDATE events SET registered_count = $20, updated_at = $21
           WHERE event_id = $22 AND xmin = $23::xid RETURNING 1)
       INSERT INTO registrations (${REGISTRATION_COLUMNS})
       SELECT $1::uuid, $2::text, $3::uuid, $4::uuid, $5::text, $6::text, $7::text, $8::text, $9::text, $10::uuid,
         $11::jsonb, $12::text, $13::text, $14::jsonb, $15::text, $16::text, $17::text, $18::timestamptz,
         $19::timestamptz
       WHERE EXISTS (SELECT 1 FROM counted)
       RETURNING 1`,
      [
        ...registrationValues(r),
        only!.event.registered_count,
        only!.event.updated_at,
        only!.event.event_id,
        looked.version,
      ],
      'reg_insert_if_unchanged',
    );
    return written.length === 1 ? r : null;
  }

  async transferLax(registrationId: string, body: TransferLax, principal: Principal): Promise<Registration> {
    const [{ venue, classes }, learner] = await Promise.all([
      this.reference.venueWithClasses(body.event_venue),
      body.learner === undefined ? Promise.resolve(null) : this.learners.visible(body.learner, principal),
    ]);
    const key = tryKey(body, venue);
    return this.write(async (tx) => {
      const current = await this.lockVisible(tx, registrationId, principal);
      const form = current ? await this.reference.form(current.assessment_form_id, tx) : null;
      const rows = current
        ? await tx.query<EventRow & { already: boolean }>(
            `SELECT e.*, EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.event_id
                 AND r.learner_id = $4 AND r.status = 'active') AS already
             FROM events e
             WHERE e.event_id = $1 OR (e.venue_id = $2 AND e.event_start = $3 AND e.status <> 'cancelled')
             ORDER BY e.event_id FOR UPDATE OF e`,
            [current.event_id, key?.venue.venue_id ?? null, key?.start ?? null, current.learner.learner_id],
          )
        : [];
      const from = rows.find((r) => r.event_id === current?.event_id);
      const target =
        key &&
        rows.find(
          (r) =>
            r.venue_id === key.venue.venue_id && iso(r.event_start) === key.start && r.status !== 'cancelled',
        );
      const outcome = transferLax(
        current,
        body,
        {
          venue,
          classes,
          learner,
          form,
          from: from ? eventOf(from) : placeholderEvent(current),
          found: target ? eventOf(target) : null,
          alreadyRegistered: target?.already ?? false,
        },
        this.context(principal),
      );
      return this.apply(tx, outcome, false);
    });
  }

  async cancel(
    registrationId: string,
    body: CancelRegistration,
    principal: Principal,
  ): Promise<Registration> {
    return this.write(async (tx) => {
      const current = await this.lockVisible(tx, registrationId, principal);
      const event = current?.status === 'active' ? await this.events.lock(tx, current.event_id) : null;
      const outcome = cancelRegistration(
        current,
        body,
        event ?? placeholderEvent(current),
        new Date().toISOString(),
      );
      return this.apply(tx, outcome, false);
    });
  }

  async changeAssessment(registrationId: string, body: ChangeAssessment, principal: Principal) {
    const form = await this.reference.usableFormByCode(body.assessment);
    return this.write(async (tx) => {
      const current = await this.lockVisible(tx, registrationId, principal);
      return this.apply(tx, changeAssessment(current, body, form, new Date().toISOString()), false);
    });
  }

  async grantAccommodation(registrationId: string, body: GrantAccommodation, principal: Principal) {
    return this.write(async (tx) => {
      const current = await this.lockVisible(tx, registrationId, principal);
      return this.apply(tx, grantAccommodation(current, body, new Date().toISOString()), false);
    });
  }

  async revokeAccommodation(registrationId: string, body: RevokeAccommodation, principal: Principal) {
    return this.write(async (tx) => {
      const current = await this.lockVisible(tx, registrationId, principal);
      return this.apply(tx, revokeAccommodation(current, body, new Date().toISOString()), false);
    });
  }

  /**
   * Registers one attendee (contract C4) on the event with that id: the learner is this
   * principal's learner with the same email (case-insensitively), else made under `learner_id`.
   * Throws a RegistrationError (its `taskCode` is the job task's error code) or a 404 ApiError
   * for an event the principal cannot see. Everything it wrote is undone when it throws.
   */
  async registerPersonForEvent(
    eventId: string,
    person: AttendeeAttributes,
    principal: Principal,
  ): Promise<Registration> {
    return this.write((tx) => this.registerPersonForEventIn(tx, eventId, person, principal));
  }

  /**
   * The same inside the caller's transaction (an attendee job settles its task in the transaction
   * that registers the person); the caller undoes a failed statement and retries it. A caller that
   * registers several people on one event passes the `chunk` it opened (`openAttendeeChunk`): the
   * event is then locked and checked once, not once a person, and its count written once.
   */
  async registerPersonForEventIn(
    tx: Queryable,
    eventId: string,
    person: AttendeeAttributes,
    principal: Principal,
    chunk?: AttendeeChunk,
  ): Promise<Registration> {
    const required = checkAttendee(person);
    const registrationId = person.registration_id ?? randomUUID();
    const on = chunk ?? (await this.openAttendeeChunk(tx, eventId, principal));
    const event = on.event;
    if (!event) throw notFound('event', eventId);
    const ahead = person.registration_id ? on.takeExisting(registrationId) : null;
    const current = ahead === undefined ? await this.findAny(tx, registrationId) : ahead;
    const { learner, made } = await this.learners.matchOrCreate(
      tx,
      { ...required, phone: person.phone },
      person.learner_id,
      principal,
    );
    const form = await on.form(person.assessment);
    const already =
      !made &&
      (
        await tx.query(
          `SELECT 1 FROM registrations WHERE event_id = $1 AND learner_id = $2 AND status = 'active'`,
          [eventId, learner.learner_id],
          'reg_active_on_event',
        )
      ).length > 0;
    const outcome = registerAttendee(
      current,
      registrationId,
      person,
      { event, learner, form, alreadyRegistered: already },
      this.context(principal),
    );
    if (!chunk) return this.apply(tx, outcome, true);
    // the chunk's seats are counted in memory and written once, by `flush`
    const registration = await this.apply(tx, { ...outcome, events: [] }, true);
    const counted = outcome.events.find((e) => e.event.event_id === eventId);
    if (counted) chunk.event = counted.event;
    return registration;
  }

  /**
   * Locks the event for the rest of `tx` and checks this principal sees it (a null event: it does
   * not, or there is none); its forms are looked up once each. Open it outside any savepoint the
   * caller may roll back, since rolling back a savepoint releases the row locks taken inside it.
   */
  async openAttendeeChunk(
    tx: Queryable,
    eventId: string,
    principal: Principal,
    registrationIds: readonly string[] = [],
  ): Promise<AttendeeChunk> {
    const locked = await this.events.lock(tx, eventId);
    const visible = locked && (await this.events.get(eventId, principal, tx).then(() => true, notVisible));
    // one statement for the chunk instead of one round trip a task; ids that are no UUID are read one by one
    const ids = visible ? [...new Set(registrationIds.filter(isUuid))] : [];
    const ahead = new Map<string, Registration | null>(ids.map((id) => [id, null]));
    if (ids.length > 0) {
      const rows = await tx.query<RegistrationRow>(
        'SELECT * FROM registrations WHERE registration_id = ANY($1::uuid[])',
        [ids],
        'reg_by_ids',
      );
      for (const row of rows) ahead.set(row.registration_id, registrationOf(row));
    }
    const forms = new Map<string, Promise<AssessmentForm | null>>();
    const events = this.events;
    const opened = visible ? locked : null;
    const chunk: AttendeeChunk = {
      event: opened,
      takeExisting(registrationId) {
        const found = ahead.get(registrationId);
        ahead.delete(registrationId);
        return found;
      },
      async flush() {
        if (chunk.event && chunk.event !== opened) await events.saveCount(tx, chunk.event);
      },
      form: (code) => {
        const key = code?.trim() ?? '';
        let found = forms.get(key);
        if (!found) {
          found = this.reference.usableFormByCode(code, tx);
          forms.set(key, found);
          found.catch(() => forms.delete(key)); // a failed lookup is asked again, not remembered
        }
        return found;
      },
    };
    return chunk;
  }

  async get(registrationId: string, principal: Principal): Promise<Registration> {
    const [row] = await this.db.query<RegistrationRow>(
      `SELECT r.* FROM registrations r WHERE r.registration_id = $1 AND ${registrationVisible('r', 2)}`,
      [registrationId, scope(principal)],
    );
    if (!row) throw new RegistrationError('registration_not_found');
    return registrationOf(row);
  }

  async remove(registrationId: string, principal: Principal) {
    return this.db.transaction(async (tx) => {
      const current = await this.lockVisible(tx, registrationId, principal);
      if (!current) throw new RegistrationError('registration_not_found');
      if (current.status === 'active') {
        const event = await this.events.lock(tx, current.event_id);
        if (event) {
          await this.events.saveCount(tx, {
            ...event,
            registered_count: Math.max(0, event.registered_count - 1),
            updated_at: new Date().toISOString(),
          });
        }
      }
      await tx.query('DELETE FROM registrations WHERE registration_id = $1', [registrationId]);
      return { deleted: true as const, registration_id: current.registration_id };
    });
  }

  async search(query: RegistrationSearch, principal: Principal) {
    const { filter, params } = this.filters(query, principal);
    const [rows, count] = await Promise.all([
      this.db.query<RegistrationRow>(
        `SELECT r.* FROM registrations r WHERE ${filter} ORDER BY r.updated_at, r.registration_id
         LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`,
        params,
      ),
      this.count(query, principal),
    ]);
    return {
      data: rows.map(registrationOf),
      pagination: { page: query.page, limit: query.limit, total: count.count },
    };
  }

  async count(query: RegistrationFilters, principal: Principal): Promise<{ count: number }> {
    const { filter, params } = this.filters(query, principal);
    const [row] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registrations r WHERE ${filter}`,
      params,
    );
    return { count: row!.n };
  }

  /** `GET /registrations?updated_since=`: the change feed. */
  async feed(query: FeedQuery, principal: Principal) {
    return this.search(
      {
        page: query.page,
        limit: query.limit,
        ...(query.updated_since ? { last_change_time_since: query.updated_since } : {}),
      },
      principal,
    );
  }

  private filters(query: RegistrationFilters, principal: Principal) {
    const params: unknown[] = [scope(principal)];
    const where = [registrationVisible('r', 1)];
    const name = query.name === undefined ? '' : normalizeForSearch(query.name);
    if (name) where.push(`r.search_text LIKE $${params.push(`%${escapeLike(name)}%`)}`);
    const email = query.email?.trim().toLowerCase() ?? '';
    if (email) where.push(`r.email_lower LIKE $${params.push(`%${escapeLike(email)}%`)}`);
    if (query.code?.trim()) where.push(`r.code = $${params.push(normalizeCode(query.code))}`);
    if (query.last_change_time_since) {
      where.push(`r.updated_at >= $${params.push(query.last_change_time_since)}::timestamptz`);
    }
    if (query.last_change_time_before) {
      where.push(`r.updated_at < $${params.push(query.last_change_time_before)}::timestamptz`);
    }
    if (query.event_id) where.push(`r.event_id = $${params.push(query.event_id)}`);
    if (query.status) where.push(`r.status = $${params.push(query.status)}`);
    return { filter: where.join(' AND '), params };
  }

  /**
   * What register-lax reads, in one statement inside its transaction: whether the id is taken, the
   * venue with its organisation's classes, the learner if this principal may register it, the
   * usable form (the same rules as `venueWithClasses`, `LearnerStore.visible`, `usableFormByCode`),
   * and the non-cancelled event at the body's venue and start, locked for the rest of the
   * transaction, with whether the learner the body names already has an active registration on it.
   */
  private async laxLookup(
    tx: Queryable,
    registrationId: string,
    body: RegisterLax,
    principal: Principal,
    lock: boolean,
  ) {
    const uuidOrNull = (id: string | undefined) => (id !== undefined && isUuid(id) ? id.trim() : null);
    const learnerId = uuidOrNull(body.learner);
    // json, not jsonb: PostgreSQL writes it out as built, where jsonb is built as a tree and then printed
    const [row] = await tx.query<{
      taken: boolean;
      venue: Dated<VenueRow> | null;
      classes: ClassRow[] | null;
      learner: Dated<LearnerRow> | null;
      form: Dated<FormRow> | null;
      event: (Dated<EventRow> & { row_version: string }) | null;
      already: boolean | null;
    }>(
      `WITH e AS MATERIALIZED (
         SELECT *, xmin::text AS row_version FROM events
         WHERE venue_id = $2 AND event_start = $6 AND status <> 'cancelled' ${lock ? 'FOR UPDATE' : ''})
       SELECT EXISTS (SELECT 1 FROM registrations WHERE registration_id = $1) AS taken,
         row_to_json(v) AS venue,
         (SELECT json_agg(c ORDER BY c.position) FROM exam_classes c
            WHERE c.organization_id = v.organization_id) AS classes,
         (SELECT row_to_json(l) FROM learners l
            WHERE l.learner_id = $3 AND ($4::text IS NULL OR l.coordinator_id = $4)) AS learner,
         (SELECT row_to_json(f) FROM assessment_forms f WHERE f.code = $5 AND f.published AND NOT f.bilingual
            ORDER BY f.assessment_form_id LIMIT 1) AS form,
         (SELECT row_to_json(e) FROM e LIMIT 1) AS event,
         (SELECT $3::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM registrations r
            WHERE r.event_id = e.event_id AND r.learner_id = $3::uuid AND r.status = 'active') FROM e LIMIT 1) AS already
       FROM (SELECT) AS one LEFT JOIN venues v ON v.venue_id = $2`,
      [
        registrationId,
        uuidOrNull(body.event_venue),
        learnerId,
        scope(principal),
        body.assessment?.trim() || null,
        startOrNull(body.event_start),
      ],
      lock ? 'lax_lookup_lock' : 'lax_lookup',
    );
    const r = row!;
    const venue = r.venue ? venueOf(undated(r.venue)) : null;
    const learner = r.learner ? learnerOf(undated(r.learner)) : null;
    return {
      existing: r.taken,
      venue,
      classes: venue ? (r.classes ?? []).map(classOf) : [],
      learner,
      form: r.form ? formOf(undated(r.form)) : null,
      found: r.event
        ? eventOf({ ...undated<EventRow>(r.event), event_start: new Date(r.event.event_start) })
        : null,
      /** the found event's row version (xmin), which any change of the row moves */
      version: r.event?.row_version ?? null,
      // only the learner the body names, and only when this principal may register it
      alreadyRegistered: learner !== null && r.already === true,
    };
  }

  private async findAny(q: Queryable, registrationId: string): Promise<Registration | null> {
    const [row] = await q.query<RegistrationRow>(
      'SELECT * FROM registrations WHERE registration_id = $1',
      [registrationId],
      'reg_by_id',
    );
    return row ? registrationOf(row) : null;
  }

  private async lockVisible(q: Queryable, registrationId: string, principal: Principal) {
    const [row] = await q.query<RegistrationRow>(
      `SELECT r.* FROM registrations r WHERE r.registration_id = $1 AND ${registrationVisible('r', 2)}
       FOR UPDATE OF r`,
      [registrationId, scope(principal)],
      'reg_lock',
    );
    return row ? registrationOf(row) : null;
  }

  /** Stores what a command decided: events made or recounted, then the registration. */
  private async apply(tx: Queryable, outcome: CommandOutcome, isNew: boolean): Promise<Registration> {
    if (!outcome.changed) return outcome.registration;
    const r = outcome.registration;
    const [only] = outcome.events;
    if (isNew && outcome.events.length === 1 && !only!.created) {
      // the usual register: the seat count and the new registration in one statement
      await tx.query(
        `WITH counted AS (UPDATE events SET registered_count = $20, updated_at = $21 WHERE event_id = $22)
         ${INSERT_REGISTRATION}`,
        [
          ...registrationValues(r),
          only!.event.registered_count,
          only!.event.updated_at,
          only!.event.event_id,
        ],
        'reg_insert_counted',
      );
      return r;
    }
    for (const change of outcome.events) {
      if (change.created) {
        if (!(await this.events.insert(tx, change.event))) throw new LostEventRace();
      } else {
        await this.events.saveCount(tx, change.event);
      }
    }
    const values = registrationValues(r);
    if (isNew) {
      await tx.query(INSERT_REGISTRATION, values, 'reg_insert');
    } else {
      await tx.query(
        `UPDATE registrations SET code = $2, event_id = $3, learner_id = $4, first_name = $5, last_name = $6,
           email = $7, learner_registrant_type = $8, assessment = $9, assessment_form_id = $10,
           accommodations = $11::jsonb, status = $12, cancellation_reason = $13, history = $14::jsonb,
           coordinator_id = $15, search_text = $16, email_lower = $17, created_at = $18, updated_at = $19
         WHERE registration_id = $1`,
        values,
        'reg_update',
      );
    }
    return r;
  }

  /**
   * One transaction, again when a lax lookup's new event lost the race for its venue and start
   * (the next attempt finds the winner's). Unique violations become the seed's sentences.
   */
  private async write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await seedErrors(() => this.db.transaction(fn));
      } catch (error) {
        if (error instanceof LostEventRace && attempt < LAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}

/** Runs `fn`, its unique violations as seed 002's sentences. */
async function seedErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === 'registrations_pkey') throw new RegistrationError('registration_exists');
    if (constraint === 'registrations_one_active_per_learner') {
      throw new RegistrationError('learner_already_registered');
    }
    throw error;
  }
}

const REGISTRATION_COLUMNS = `registration_id, code, event_id, learner_id, first_name, last_name, email,
    learner_registrant_type, assessment, assessment_form_id, accommodations, status, cancellation_reason, history,
    coordinator_id, search_text, email_lower, created_at, updated_at`;

const INSERT_REGISTRATION = `INSERT INTO registrations (${REGISTRATION_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14::jsonb, $15, $16, $17, $18, $19)`;

/** A registration's columns as $1..$19 of `INSERT_REGISTRATION` and of the update. */
function registrationValues(r: Registration): unknown[] {
  return [
    r.registration_id,
    r.code,
    r.event_id,
    r.learner.learner_id,
    r.learner.first_name,
    r.learner.last_name,
    r.learner.email,
    r.learner_registrant_type,
    r.assessment,
    r.assessment_form_id,
    JSON.stringify(r.accommodations),
    r.status,
    r.cancellation_reason,
    JSON.stringify(r.history),
    r.coordinator_id,
    learnerSearchText(r.learner),
    r.learner.email.toLowerCase(),
    r.created_at,
    r.updated_at,
  ];
}

/** The body's start as stored, or null when it is not a valid start (the rule then says so). */
function startOrNull(start: string | undefined): string | null {
  try {
    return parseEventStart(start);
  } catch (error) {
    if (error instanceof RegistrationError) return null;
    throw error;
  }
}

/** A row as `to_jsonb` gives it: its timestamps are strings. */
type Dated<Row> = { [K in keyof Row]: Row[K] extends Date ? string : Row[K] };

function undated<Row extends { updated_at: Date }>(row: Dated<Row>): Row {
  const out: Record<string, unknown> = { ...row, updated_at: new Date(row.updated_at as string) };
  if ('created_at' in row) out['created_at'] = new Date(row['created_at'] as string);
  return out as Row;
}

/** An event this principal may not see reads as none (the 404 the caller reports); anything else is thrown. */
function notVisible(error: unknown): false {
  if (error instanceof ApiError && error.statusCode === 404) return false;
  throw error;
}

/** The lax lookup's key when venue and start are good; otherwise the rule reports the first problem. */
function tryKey(
  body: { event_venue?: string | undefined; event_start?: string | undefined },
  venue: Parameters<typeof laxEventKey>[1],
) {
  try {
    return laxEventKey(body, venue);
  } catch (error) {
    if (error instanceof RegistrationError) return null;
    throw error;
  }
}

/** Stands in for the event of a registration the rule is about to refuse (none found, or cancelled). */
function placeholderEvent(current: Registration | null): Event {
  const now = new Date(0).toISOString();
  return {
    event_id: current?.event_id ?? '00000000-0000-0000-0000-000000000000',
    event_venue: '00000000-0000-0000-0000-000000000000',
    event_start: now,
    event_exam_type: '',
    event_exam_format: '',
    event_billing_code: '',
    registration_limit: null,
    status: 'scheduled',
    cancellation_reason: null,
    registered_count: 0,
    coordinator_id: '',
    created_at: now,
    updated_at: now,
  };
}
