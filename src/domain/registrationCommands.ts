import type { Event } from '../contract/events';
import type { AssessmentForm, Learner } from '../contract/reference';
import type {
  Accommodation,
  AccommodationInput,
  AttendeeAttributes,
  CancelRegistration,
  ChangeAssessment,
  RegisterLax,
  Registration,
  RegistrationCommandName,
  RevokeAccommodation,
  TransferLax,
} from '../contract/registrations';
import { confirmationCode } from './confirmationCode';
import { type CommandContext, type EventReference, checkSeat, laxEvent, withRegistered } from './events';
import { RegistrationError, refuse } from './registrationErrors';

/**
 * Seed 002's six registration commands as pure functions: the current registration (or null),
 * the command's body and the reference data the caller looked up go in; the new registration and
 * the events whose seats changed (or that the lax lookup made) come out, or a RegistrationError
 * with the seed's sentence. The server runs them inside a transaction that holds the event's row;
 * the desktop runs them against its local copy.
 */

export interface EventChange {
  event: Event;
  /** true for an event the lax lookup made: the caller stores it */
  created: boolean;
}

export interface CommandOutcome {
  registration: Registration;
  /** false when the command changed nothing (revoking a type not granted): nothing to store */
  changed: boolean;
  events: EventChange[];
}

/** What register-lax needs besides the body. */
export interface RegisterReference extends EventReference {
  /** the non-cancelled event at the body's venue and start, or null */
  found: Event | null;
  /** the learner the body names, or null when there is none (or not visible to the caller) */
  learner: Learner | null;
  /** the published, non-bilingual form with the body's assessment code, or null */
  form: AssessmentForm | null;
  /** the learner already has an active registration on `found` */
  alreadyRegistered: boolean;
}

const history = (
  r: Registration | null,
  command: RegistrationCommandName,
  now: string,
  reason?: string | null,
) => [...(r?.history ?? []), { at: now, command, reason: reason?.trim() ? reason.trim() : null }];

function accommodationsOf(inputs: readonly AccommodationInput[]): Accommodation[] {
  const byType = new Map<string, Accommodation>();
  for (const a of inputs) byType.set(checkAccommodationType(a.type), accommodation(a));
  return [...byType.values()];
}

function checkAccommodationType(type: string | undefined): string {
  const trimmed = type?.trim();
  if (!trimmed) return refuse('accommodation_type_empty');
  return trimmed;
}

const accommodation = (a: AccommodationInput): Accommodation => ({
  type: a.type.trim(),
  name: a.name?.trim() ? a.name.trim() : null,
  time_extension: a.time_extension ?? null,
});

/** The form for an assessment code, when one was asked for: a published, non-bilingual form with that code. */
function formFor(code: string | null | undefined, form: AssessmentForm | null): AssessmentForm | null {
  if (code === undefined || code === null || code.trim() === '') return null;
  if (!form || form.code !== code.trim() || !form.published || form.bilingual) {
    return refuse('assessment_form_not_found');
  }
  return form;
}

function learnerOf(id: string | undefined, learner: Learner | null): Learner {
  if (!id || !learner || learner.learner_id.toLowerCase() !== id.trim().toLowerCase()) {
    return refuse('learner_not_found');
  }
  return learner;
}

/** A new active registration of `learner` on `event`, after the seat and duplicate checks. */
function admit(
  registrationId: string,
  event: Event,
  learner: Learner,
  form: AssessmentForm | null,
  details: { learner_registrant_type?: string | null | undefined; accommodations: Accommodation[] },
  alreadyRegistered: boolean,
  command: RegistrationCommandName,
  ctx: CommandContext,
): Registration {
  if (event.status === 'cancelled') return refuse('event_cancelled');
  if (alreadyRegistered) return refuse('learner_already_registered');
  checkSeat(event);
  return {
    registration_id: registrationId,
    code: confirmationCode(registrationId),
    event_id: event.event_id,
    learner: {
      learner_id: learner.learner_id,
      first_name: learner.first_name,
      last_name: learner.last_name,
      email: learner.email,
    },
    learner_registrant_type: details.learner_registrant_type?.trim()
      ? details.learner_registrant_type.trim()
      : null,
    assessment: form?.code ?? null,
    assessment_form_id: form?.assessment_form_id ?? null,
    accommodations: details.accommodations,
    status: 'active',
    cancellation_reason: null,
    history: history(null, command, ctx.now),
    coordinator_id: ctx.coordinatorId,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
}

export function registerLax(
  current: Registration | null,
  registrationId: string,
  body: RegisterLax,
  ref: RegisterReference,
  ctx: CommandContext,
): CommandOutcome {
  if (current) return refuse('registration_exists');
  const accommodations = accommodationsOf(body.accommodations ?? []);
  const learner = learnerOf(body.learner, ref.learner);
  const { event, created } = laxEvent(body, ref, ctx);
  const form = formFor(body.assessment, ref.form);
  const registration = admit(
    registrationId,
    event,
    learner,
    form,
    { learner_registrant_type: body.learner_registrant_type, accommodations },
    ref.alreadyRegistered && !created,
    'register-lax',
    ctx,
  );
  return { registration, changed: true, events: [{ event: withRegistered(event, 1, ctx.now), created }] };
}

export interface TransferReference extends EventReference {
  /** the event the registration is on now */
  from: Event;
  /** the non-cancelled event at the body's venue and start, or null */
  found: Event | null;
  /** the learner the body names (null when the body names none, or an unknown one) */
  learner: Learner | null;
  /** the registration's assessment form */
  form: AssessmentForm | null;
  /** the learner already has an active registration on `found` */
  alreadyRegistered: boolean;
}

/**
 * transfer-lax: to the event at another venue or start, found or made the same way; a made event
 * takes the exam type of the body and the format and billing code of the event left. The
 * assessment form never changes, so the target must be of the form's exam type.
 */
export function transferLax(
  current: Registration | null,
  body: TransferLax,
  ref: TransferReference,
  ctx: CommandContext,
): CommandOutcome {
  const r = live(current);
  if (body.learner !== undefined) {
    const learner = learnerOf(body.learner, ref.learner);
    if (learner.learner_id !== r.learner.learner_id) refuse('learner_not_in_registration');
  }
  if (r.assessment_form_id === null || !ref.form || ref.form.assessment_form_id !== r.assessment_form_id) {
    return refuse('registration_has_no_assessment_form');
  }
  const { event: target, created } = laxEvent(
    {
      event_venue: body.event_venue,
      event_start: body.event_start,
      event_exam_type: body.event_exam_type,
      event_exam_format: ref.from.event_exam_format,
      event_billing_code: ref.from.event_billing_code,
    },
    ref,
    ctx,
  );
  if (target.event_id === r.event_id) return refuse('registration_already_in_event');
  if (target.event_exam_type !== ref.form.exam_type) return refuse('event_exam_type_invalid');
  if (ref.alreadyRegistered && !created) return refuse('learner_already_registered');
  checkSeat(target);
  return {
    registration: {
      ...r,
      event_id: target.event_id,
      history: history(r, 'transfer-lax', ctx.now, body.reason),
      updated_at: ctx.now,
    },
    changed: true,
    events: [
      { event: withRegistered(ref.from, -1, ctx.now), created: false },
      { event: withRegistered(target, 1, ctx.now), created },
    ],
  };
}

/** Registration not found, or Registration is cancelled: every command but delete needs a live one. */
function live(current: Registration | null): Registration {
  if (!current) return refuse('registration_not_found');
  if (current.status === 'cancelled') return refuse('registration_cancelled');
  return current;
}

export function cancelRegistration(
  current: Registration | null,
  body: CancelRegistration,
  event: Event,
  now: string,
): CommandOutcome {
  const r = live(current);
  const reason = body.reason?.trim() ? body.reason.trim() : null;
  return {
    registration: {
      ...r,
      status: 'cancelled',
      cancellation_reason: reason,
      history: history(r, 'cancel', now, reason),
      updated_at: now,
    },
    changed: true,
    events: [{ event: withRegistered(event, -1, now), created: false }],
  };
}

export function changeAssessment(
  current: Registration | null,
  body: ChangeAssessment,
  form: AssessmentForm | null,
  now: string,
): CommandOutcome {
  const r = live(current);
  const next = formFor(body.assessment, form) ?? refuse('assessment_form_not_found');
  if (next.assessment_form_id === r.assessment_form_id) return refuse('assessment_already_assigned');
  return {
    registration: {
      ...r,
      assessment: next.code,
      assessment_form_id: next.assessment_form_id,
      history: history(r, 'change-assessment', now),
      updated_at: now,
    },
    changed: true,
    events: [],
  };
}

/** Granting a type already granted replaces it, so a replayed grant changes nothing more. */
export function grantAccommodation(
  current: Registration | null,
  body: AccommodationInput,
  now: string,
): CommandOutcome {
  const r = live(current);
  const type = checkAccommodationType(body.type);
  const granted = accommodation(body);
  const accommodations = r.accommodations.some((a) => a.type === type)
    ? r.accommodations.map((a) => (a.type === type ? granted : a))
    : [...r.accommodations, granted];
  return {
    registration: {
      ...r,
      accommodations,
      history: history(r, 'grant-accommodation', now),
      updated_at: now,
    },
    changed: true,
    events: [],
  };
}

/** Revoking a type not granted changes nothing (and answers the registration as it is). */
export function revokeAccommodation(
  current: Registration | null,
  body: RevokeAccommodation,
  now: string,
): CommandOutcome {
  const r = live(current);
  const type = checkAccommodationType(body.type);
  if (!r.accommodations.some((a) => a.type === type)) return { registration: r, changed: false, events: [] };
  return {
    registration: {
      ...r,
      accommodations: r.accommodations.filter((a) => a.type !== type),
      history: history(r, 'revoke-accommodation', now),
      updated_at: now,
    },
    changed: true,
    events: [],
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An attendee's required fields (contract C4): each missing one is `missing_field` naming it. */
export function checkAttendee(person: AttendeeAttributes): {
  first_name: string;
  last_name: string;
  email: string;
} {
  for (const field of ['first_name', 'last_name', 'email'] as const) {
    if (!person[field]?.trim()) throw new RegistrationError('missing_field', `${field} is required.`);
  }
  const email = person.email!.trim();
  if (!EMAIL.test(email)) throw new RegistrationError('invalid_email', `${email} is not an email address.`);
  return { first_name: person.first_name!.trim(), last_name: person.last_name!.trim(), email };
}

export interface AttendeeReference {
  /** the event by id */
  event: Event;
  /** the learner matched by email (or just made for this attendee) */
  learner: Learner;
  /** the published, non-bilingual form with the attendee's assessment code, or null */
  form: AssessmentForm | null;
  alreadyRegistered: boolean;
}

/** One attendee of contract C4 registered on an event given by id: the same seat and duplicate rules. */
export function registerAttendee(
  current: Registration | null,
  registrationId: string,
  person: AttendeeAttributes,
  ref: AttendeeReference,
  ctx: CommandContext,
): CommandOutcome {
  checkAttendee(person);
  if (current) return refuse('registration_exists');
  const accommodations = accommodationsOf(person.accommodations ?? []);
  const form = formFor(person.assessment, ref.form);
  const registration = admit(
    registrationId,
    ref.event,
    ref.learner,
    form,
    { learner_registrant_type: person.learner_registrant_type, accommodations },
    ref.alreadyRegistered,
    'register-lax',
    ctx,
  );
  return {
    registration,
    changed: true,
    events: [{ event: withRegistered(ref.event, 1, ctx.now), created: false }],
  };
}
