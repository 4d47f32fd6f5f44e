import { AppError } from '../errors/appError';

/**
 * Every error of seed 002 (word for word, as contract.md C3 lists them) and the contract's (ext)
 * additions, each with its own `error.code` and HTTP status. The server answers with these; the
 * desktop shows the same sentence offline. `task` is the attendee-job task code (contract C4) the
 * error becomes when it fails one task of a job.
 */
export const REGISTRATION_ERRORS = {
  accommodation_type_empty: { status: 400, message: 'Accommodation type cannot be empty.' },
  learner_not_found: { status: 400, message: 'Learner not found.' },
  assessment_form_not_found: {
    status: 400,
    message: 'Assessment form not found.',
    task: 'assessment_form_not_found',
  },
  registration_exists: {
    status: 409,
    message: 'Registration already exists. You cannot add a new registration with the same identifier.',
  },
  event_exam_type_missing: { status: 400, message: 'EventExamType not specified.' },
  event_exam_type_invalid: { status: 400, message: 'Invalid EventExamType value.' },
  event_billing_code_missing: { status: 400, message: 'EventBillingCode not specified.' },
  event_billing_code_invalid: { status: 400, message: 'Invalid EventBillingCode value.' },
  event_exam_format_missing: { status: 400, message: 'EventExamFormat not specified.' },
  event_exam_format_invalid: { status: 400, message: 'Invalid EventExamFormat value.' },
  event_start_invalid: { status: 400, message: 'Invalid EventStartTime value.' },
  venue_not_found: { status: 400, message: 'Venue not found.' },
  registration_not_found: { status: 404, message: 'Registration not found.' },
  registration_has_no_assessment_form: { status: 409, message: 'Registration has no assessment form.' },
  learner_not_in_registration: { status: 400, message: 'Learner does not belong to registration.' },
  registration_already_in_event: { status: 409, message: 'Registration already assigned to event.' },
  assessment_already_assigned: { status: 409, message: 'Assessment already assigned to registration.' },
  // (ext)
  registration_limit_reached: {
    status: 409,
    message: 'Event registration limit reached.',
    task: 'registration_limit_reached',
  },
  learner_already_registered: {
    status: 409,
    message: 'Learner already registered for this event.',
    task: 'already_registered',
  },
  event_cancelled: { status: 409, message: 'Event is cancelled.', task: 'event_cancelled' },
  registration_cancelled: { status: 409, message: 'Registration is cancelled.' },
  /** not seed 002's: an attendee (contract C4) without a required field, or a bad address */
  missing_field: { status: 400, message: 'A required field is missing.', task: 'missing_field' },
  invalid_email: { status: 400, message: 'The email is not an email address.', task: 'invalid_email' },
} as const satisfies Record<string, { status: number; message: string; task?: string }>;

export type RegistrationErrorCode = keyof typeof REGISTRATION_ERRORS;
export const REGISTRATION_ERROR_CODES = Object.keys(REGISTRATION_ERRORS) as [
  RegistrationErrorCode,
  ...RegistrationErrorCode[],
];

/** A command refused by one of the rules: the table's code, status and sentence. */
export class RegistrationError extends AppError<RegistrationErrorCode> {
  readonly status: number;
  /** the attendee-job task code (contract C4) when the table names one */
  readonly taskCode: string | undefined;

  /** `message` overrides the table's sentence where it must name something (the missing field). */
  constructor(code: RegistrationErrorCode, message?: string) {
    const entry: { status: number; message: string; task?: string } = REGISTRATION_ERRORS[code];
    super(code, message ?? entry.message);
    this.status = entry.status;
    this.taskCode = entry.task;
  }
}

export const refuse = (code: RegistrationErrorCode, message?: string): never => {
  throw new RegistrationError(code, message);
};

export function isRegistrationError(error: unknown): error is RegistrationError {
  return error instanceof RegistrationError;
}
