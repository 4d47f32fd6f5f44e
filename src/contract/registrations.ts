import { z } from 'zod';
import { IsoTimestamp, Uuid, listOf } from './common';
import { EventFields } from './events';

/**
 * Part C3 of contract.md (seed 002's registrations). As for events, the fields that seed 002 gives
 * its own error sentence for (learner, assessment, accommodation type, the event fields) are loose
 * here and judged by `src/domain/registrationCommands`.
 */

const Loose = z.string().max(200);
const Reason = z.string().trim().max(500);

export const AccommodationInput = z.strictObject({
  type: z.string().trim().max(64),
  name: z.string().trim().max(200).nullable().optional(),
  time_extension: z.number().int().min(0).max(2_147_483_647).nullable().optional(),
});
export type AccommodationInput = z.infer<typeof AccommodationInput>;

export const RegisterLax = z.strictObject({
  ...EventFields,
  learner: Loose.optional(),
  learner_registrant_type: z.string().trim().max(64).nullable().optional(),
  assessment: Loose.nullable().optional(),
  accommodations: z.array(AccommodationInput).max(50).optional(),
});
export type RegisterLax = z.infer<typeof RegisterLax>;

export const TransferLax = z.strictObject({
  event_venue: EventFields.event_venue,
  event_start: EventFields.event_start,
  event_exam_type: EventFields.event_exam_type,
  learner: Loose.optional(),
  reason: Reason.nullable().optional(),
});
export type TransferLax = z.infer<typeof TransferLax>;

export const CancelRegistration = z.strictObject({ reason: Reason.nullable().optional() });
export type CancelRegistration = z.infer<typeof CancelRegistration>;

export const ChangeAssessment = z.strictObject({ assessment: Loose.optional() });
export type ChangeAssessment = z.infer<typeof ChangeAssessment>;

export const GrantAccommodation = AccommodationInput;
export type GrantAccommodation = AccommodationInput;

export const RevokeAccommodation = z.strictObject({ type: z.string().trim().max(64) });
export type RevokeAccommodation = z.infer<typeof RevokeAccommodation>;

/** The six commands, by the last part of their path. */
export const REGISTRATION_COMMANDS = {
  'register-lax': RegisterLax,
  'transfer-lax': TransferLax,
  cancel: CancelRegistration,
  'change-assessment': ChangeAssessment,
  'grant-accommodation': GrantAccommodation,
  'revoke-accommodation': RevokeAccommodation,
} as const;
export type RegistrationCommandName = keyof typeof REGISTRATION_COMMANDS;
export const RegistrationCommandName = z.enum(
  Object.keys(REGISTRATION_COMMANDS) as [RegistrationCommandName, ...RegistrationCommandName[]],
);
export type RegistrationCommand = {
  [K in RegistrationCommandName]: { command: K; body: z.infer<(typeof REGISTRATION_COMMANDS)[K]> };
}[RegistrationCommandName];

export const RegistrationStatus = z.enum(['active', 'cancelled']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

export const Accommodation = z.object({
  type: z.string(),
  name: z.string().nullable(),
  time_extension: z.number().int().nullable(),
});
export type Accommodation = z.infer<typeof Accommodation>;

export const HistoryEntry = z.object({
  at: IsoTimestamp,
  command: RegistrationCommandName,
  reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const RegistrationLearner = z.object({
  learner_id: Uuid,
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
});
export type RegistrationLearner = z.infer<typeof RegistrationLearner>;

export const Registration = z.object({
  registration_id: Uuid,
  code: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{8}$/),
  event_id: Uuid,
  learner: RegistrationLearner,
  learner_registrant_type: z.string().nullable(),
  assessment: z.string().nullable(),
  assessment_form_id: Uuid.nullable(),
  accommodations: z.array(Accommodation),
  status: RegistrationStatus,
  cancellation_reason: z.string().nullable(),
  history: z.array(HistoryEntry),
  /** (ext) the coordinator who registered the learner */
  coordinator_id: z.string(),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
});
export type Registration = z.infer<typeof Registration>;
export const RegistrationList = listOf(Registration);
export const RegistrationIdParams = z.object({ registration_id: Uuid });
export const RegistrationCommandParams = RegistrationIdParams.extend({ command: RegistrationCommandName });

export const RegistrationDeleted = z.object({ deleted: z.literal(true), registration_id: Uuid });

/** Seed 002 writes `2002-09-01T23:10:50+00:00`: offsets are accepted. */
const Instant = z.iso.datetime({ offset: true });

export const RegistrationFilters = z.strictObject({
  name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
  code: z.string().max(16).optional(),
  last_change_time_since: Instant.optional(),
  last_change_time_before: Instant.optional(),
  event_id: Uuid.optional(),
  status: RegistrationStatus.optional(),
});
export type RegistrationFilters = z.infer<typeof RegistrationFilters>;

export const RegistrationSearch = RegistrationFilters.extend({
  page: z.number().int().min(1).default(1),
  limit: z.number().int().min(1).max(100).default(20),
});
export type RegistrationSearch = z.infer<typeof RegistrationSearch>;

export const RegistrationCount = z.object({ count: z.number().int().min(0) });

/** `GET /registrations?updated_since=`: (ext) the change feed. */
export { FeedQuery as RegistrationFeedQuery } from './reference';

/**
 * One attendee of contract C4 (`POST /events/:event_id/people`, and each task of a bulk job). The
 * required fields are checked by `checkAttendee`, so a task fails with `missing_field` or
 * `invalid_email` rather than the whole request.
 */
export const AttendeeAttributes = z.strictObject({
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(32).nullable().optional(),
  learner_registrant_type: z.string().trim().max(64).nullable().optional(),
  assessment: Loose.nullable().optional(),
  accommodations: z.array(AccommodationInput).max(50).optional(),
  registration_id: Uuid.optional(),
  learner_id: Uuid.optional(),
});
export type AttendeeAttributes = z.infer<typeof AttendeeAttributes>;
