import type { AttendeeAttributes, Registration, TaskError } from '../src/contract';
import { RegistrationError } from '../src/domain/registrationErrors';
import { taskErrorOf } from '../src/domain/attendeeTask';
import type { Principal } from './auth';
import type { Queryable } from './db/database';
import { ApiError } from './errors';
import type { EventStore } from './events';
import type { AttendeeChunk, RegistrationStore } from './registrations';

/**
 * What attendee jobs need of the registrations (C3): whether the principal can see an event, and
 * registering one person on it inside the caller's transaction, as a registration or a task error.
 * The job machinery (store, worker) is written against this and nothing else.
 */
export type RegisterOutcome = { ok: true; registration: Registration } | { ok: false; error: TaskError };

export interface AttendeeRegistrar {
  /** False when the principal sees no event with this id (a job for it answers 404). */
  eventVisible(q: Queryable, eventId: string, principal: Principal): Promise<boolean>;
  /**
   * Registers `person` on the event in `tx`, so the task's outcome and the registration it made
   * commit together. A thrown error is not an outcome: the caller undoes and retries.
   */
  registerPerson(
    tx: Queryable,
    eventId: string,
    person: AttendeeAttributes & { registration_id: string },
    principal: Principal,
    chunk?: AttendeeChunk,
  ): Promise<RegisterOutcome>;
  /**
   * Locks the event in `tx` once for several `registerPerson` calls that pass the chunk back; open
   * it before any savepoint those calls run in.
   */
  openChunk(
    tx: Queryable,
    eventId: string,
    principal: Principal,
    registrationIds?: readonly string[],
  ): Promise<AttendeeChunk>;
}

/** The registrar over part C2's events and C3's registrations. */
export function registrarOver(events: EventStore, registrations: RegistrationStore): AttendeeRegistrar {
  return {
    async eventVisible(q, eventId, principal) {
      try {
        await events.get(eventId, principal, q);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 404) return false;
        throw error;
      }
    },
    openChunk: (tx, eventId, principal, registrationIds) =>
      registrations.openAttendeeChunk(tx, eventId, principal, registrationIds),
    async registerPerson(tx, eventId, person, principal, chunk) {
      try {
        return {
          ok: true,
          registration: await registrations.registerPersonForEventIn(tx, eventId, person, principal, chunk),
        };
      } catch (error) {
        const refused = refusalOf(error);
        if (refused) return { ok: false, error: refused };
        throw error;
      }
    },
  };
}

/** A rule's refusal (or a learner id of another coordinator's, a 404) as a task error; null for anything else. */
export function refusalOf(error: unknown): TaskError | null {
  if (error instanceof RegistrationError) return taskErrorOf(error);
  if (error instanceof ApiError && error.statusCode === 404)
    return { code: 'not_found', message: error.message };
  return null;
}
