import type { PersonAttributes, TaskError } from '../src/contract';
import type { Queryable } from './db/database';

/**
 * What attendee jobs need of the registrations (C3): whether an event exists, and registering one
 * person on it for a principal, inside the caller's transaction, as a registration or a task error.
 * The job machinery (store, worker, routes) is written against this and nothing else.
 */
export type RegistrationJson = Record<string, unknown>;

export type RegisterOutcome = { ok: true; registration: RegistrationJson } | { ok: false; error: TaskError };

export interface AttendeeRegistrar {
  /** False when no event has this id (a job for it answers 404). */
  eventExists(q: Queryable, eventId: string): Promise<boolean>;
  /**
   * Registers `person` on the event; `person.registration_id` is always set. Runs in `tx`, so the
   * task's outcome and the registration it made commit together. A thrown error is not an outcome:
   * the caller's transaction is rolled back and the task is tried again later.
   */
  registerPerson(
    tx: Queryable,
    eventId: string,
    person: PersonAttributes & { registration_id: string },
    principalId: string,
  ): Promise<RegisterOutcome>;
}
