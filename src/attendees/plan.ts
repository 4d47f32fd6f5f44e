import { MAX_JOB_TASKS } from '../contract';
import type { AssessmentForm, Event, Learner, Registration, TaskError } from '../contract';
import type { AttendeeTaskRecord } from '../db';
import type { CommandContext } from '../domain/events';
import { registerAttendee } from '../domain/registrationCommands';
import { RegistrationError } from '../domain/registrationErrors';
import { taskErrorOf } from '../domain/attendeeTask';
import type { AttendeeRow } from '../import/attendeeRow';

/**
 * The offline half of an attendee import, as pure functions: the rows cut into seed 001 jobs of at
 * most 50, and each person registered on the event with the desk's rules (`registerAttendee`, the
 * function the server runs), seat by seat, so the local outcomes are what the server would say
 * given what this laptop knows.
 */

/** `items` in groups of at most `size` (seed 001: 50 tasks a job), in order. */
export function groupsOf<T>(items: readonly T[], size: number = MAX_JOB_TASKS): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('A group holds at least one item');
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

export interface PersonToRegister {
  row: AttendeeRow;
  /** the file's row number, or null for a retried task without one */
  rowNumber: number | null;
  /** client ids kept from an earlier try (a retry), else made here */
  registrationId?: string;
  learnerId?: string;
}

export interface PlanInput {
  event: Event;
  people: readonly PersonToRegister[];
  /** the laptop's learners by email in lower case (the server matches emails ignoring case) */
  learnersByEmail: ReadonlyMap<string, Learner>;
  /** learners with an active registration on the event */
  registeredLearners: ReadonlySet<string>;
  /** published, non-bilingual forms by code */
  formsByCode: ReadonlyMap<string, AssessmentForm>;
  ctx: CommandContext;
  newId: () => string;
}

export interface PlannedPerson {
  task: Omit<AttendeeTaskRecord, 'index'>;
  /** the registration made locally, when the rules admitted the person */
  registration: Registration | null;
  /** a learner this laptop did not know, to store with the registration */
  newLearner: Learner | null;
}

export interface Plan {
  people: PlannedPerson[];
  /** the event with its seat count after the admitted people */
  event: Event;
  registered: number;
  failed: number;
}

export function planAttendees(input: PlanInput): Plan {
  const { ctx } = input;
  let event = input.event;
  const registered = new Set(input.registeredLearners);
  const made = new Map<string, Learner>();
  const people: PlannedPerson[] = [];
  let admitted = 0;
  for (const person of input.people) {
    const email = person.row.email.toLowerCase();
    const known = input.learnersByEmail.get(email) ?? made.get(email);
    const learner: Learner = known ?? {
      learner_id: person.learnerId ?? input.newId(),
      first_name: person.row.first_name,
      last_name: person.row.last_name,
      email: person.row.email,
      phone: person.row.phone ?? null,
      coordinator_id: ctx.coordinatorId,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    const attributes = {
      first_name: person.row.first_name,
      last_name: person.row.last_name,
      email: person.row.email,
      ...(person.row.phone ? { phone: person.row.phone } : {}),
      ...(person.row.assessment ? { assessment: person.row.assessment } : {}),
      ...(person.row.accommodations.length > 0 ? { accommodations: person.row.accommodations } : {}),
      registration_id: person.registrationId ?? input.newId(),
      learner_id: learner.learner_id,
    };
    const form = person.row.assessment ? (input.formsByCode.get(person.row.assessment) ?? null) : null;
    let registration: Registration | null = null;
    let errors: TaskError[] = [];
    try {
      const outcome = registerAttendee(
        null,
        attributes.registration_id,
        attributes,
        { event, learner, form, alreadyRegistered: registered.has(learner.learner_id) },
        ctx,
      );
      registration = outcome.registration;
      event = outcome.events[0]!.event;
      registered.add(learner.learner_id);
      admitted += 1;
    } catch (error) {
      const taskError = error instanceof RegistrationError ? taskErrorOf(error) : null;
      if (!taskError) throw error;
      errors = [taskError];
    }
    if (!known && registration) made.set(email, learner);
    people.push({
      task: {
        row_number: person.rowNumber,
        person: attributes,
        local: { status: registration ? 'succeeded' : 'failed', errors },
      },
      registration,
      newLearner: !known && registration ? learner : null,
    });
  }
  return { people, event, registered: admitted, failed: people.length - admitted };
}
