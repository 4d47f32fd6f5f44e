import { AppError } from '../errors/appError';
import { RegistrationError, type RegistrationErrorCode } from '../domain/registrationErrors';

/**
 * The fields a refusal concerns, so a page can show the sentence next to that field. Seed 002's
 * errors come from `src/domain/registrationErrors` (`RegistrationError`, its sentence word for
 * word); the field each concerns is looked up here, by code, for both the desk and the Sync page.
 */
export const REGISTRATION_ERROR_FIELDS: Record<RegistrationErrorCode, string | undefined> = {
  accommodation_type_empty: 'accommodations',
  learner_not_found: 'learner',
  assessment_form_not_found: 'assessment',
  registration_exists: 'registration_id',
  event_exam_type_missing: 'event_exam_type',
  event_exam_type_invalid: 'event_exam_type',
  event_billing_code_missing: 'event_billing_code',
  event_billing_code_invalid: 'event_billing_code',
  event_exam_format_missing: 'event_exam_format',
  event_exam_format_invalid: 'event_exam_format',
  event_start_invalid: 'event_start',
  venue_not_found: 'event_venue',
  registration_not_found: 'registration_id',
  registration_has_no_assessment_form: 'assessment',
  learner_not_in_registration: 'learner',
  registration_already_in_event: 'event_start',
  assessment_already_assigned: 'assessment',
  registration_limit_reached: 'event_start',
  learner_already_registered: 'learner',
  event_cancelled: 'event_start',
  registration_cancelled: 'registration_id',
  missing_field: undefined,
  invalid_email: 'email',
};

/** A local input the contract refuses before any rule runs (a learner without a last name). */
export class FieldInputError extends AppError<'invalid_input'> {
  constructor(
    /** the input field at fault (`last_name`, `registration_limit`) */
    readonly field: string,
    message: string,
  ) {
    super('invalid_input', message);
  }
}

/** Something the command names is not on this computer (an event id, a registration id). */
export class LocalNotFoundError extends AppError<'not_found'> {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('not_found', message);
  }
}

/** The field an error of a local command concerns, or undefined when it concerns none. */
export function errorField(error: unknown): string | undefined {
  if (error instanceof RegistrationError) return REGISTRATION_ERROR_FIELDS[error.code];
  if (error instanceof FieldInputError || error instanceof LocalNotFoundError) return error.field;
  return undefined;
}
