import { z } from 'zod';
import { IsoDate, IsoTimestamp, PaginationQuery, Uuid, fieldErrorsFromZod, listOf } from './common';
import { ReportingTerm } from './sections';

/**
 * Contract part C5 (seed 004): a walk-in person and the sections they register for, one
 * transaction made on a laptop under a client-made `transaction_uuid` within a reporting term.
 */

/** Text the form may leave empty: trimmed, and "" is the same as absent (null). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));

/**
 * The person fields a coordinator fills in. A draft may be incomplete (the laptop saves it on
 * every change) but not wrong; the rules that need a complete person apply on submit
 * (`src/domain/walkinTransaction.ts`). Fields the server keeps (who changed what when, the
 * integer ids, `deceased_date`) are not accepted here.
 */
export const WalkinPersonInput = z.strictObject({
  /** the person's id; made by the server on the first PUT when absent */
  uuid: Uuid.optional(),
  regent_id: z
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .nullish()
    .transform((v) => v ?? null),
  regent_login: text(100),
  survey: text(2000),
  friend_referral: text(200),
  other_referral: text(200),
  is_returning: z.boolean().default(false),
  is_applying: z.boolean().default(false),
  is_landlord: z.boolean().default(false),
  /** seed 004 types it `int`, not `int?`: 0 when not given, as its service answers */
  postsecondary_education_level: z
    .number()
    .int()
    .min(0)
    .max(99)
    .nullish()
    .transform((v) => v ?? 0),
  prefix: text(20),
  first_name: text(100),
  middle_name: text(100),
  last_name: text(100),
  preferred_name: text(100),
  birth_name: text(100),
  spouse_name: text(100),
  addr1: text(200),
  addr2: text(200),
  country: text(100),
  state: text(100),
  city: text(100),
  code: text(20),
  phone_home: text(32),
  phone_cell: text(32),
  phone_bus: text(32),
  email: text(254),
  dob: IsoDate.nullish().transform((v) => v ?? null),
  citizenship: text(100),
  citizenship_other: text(100),
  permanent_resident: text(100),
  denomination: text(100),
  occupation: text(100),
  ethnicity: text(100),
  gender: text(50),
  marital_status: text(50),
});
export type WalkinPersonInput = z.infer<typeof WalkinPersonInput>;

/** The address fields: a change to any of them moves `addr_last_changed_*`. */
export const ADDRESS_FIELDS = ['addr1', 'addr2', 'country', 'state', 'city', 'code'] as const;

export const MAX_WALKIN_REGISTRATIONS = 50;

export const WalkinRegistrationInput = z.strictObject({
  section_uuid: Uuid,
  is_audit: z.boolean().default(false),
});
export type WalkinRegistrationInput = z.infer<typeof WalkinRegistrationInput>;

/** (ext) `PUT .../:reporting_term/:transaction_uuid`: creates or replaces the draft. */
export const WalkinDraftPut = z.strictObject({
  person: WalkinPersonInput.default(() => WalkinPersonInput.parse({})),
  registrations: z
    .array(WalkinRegistrationInput)
    .max(MAX_WALKIN_REGISTRATIONS)
    .default([])
    .superRefine((registrations, ctx) => {
      const seen = new Set<string>();
      registrations.forEach((r, i) => {
        if (seen.has(r.section_uuid)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'section_uuid'],
            message: `Section ${r.section_uuid} is listed twice; list each section once`,
            params: { code: 'duplicate' },
          });
        }
        seen.add(r.section_uuid);
      });
    }),
  /** free notes, as JSON text (the seed's `notes_json` is a string) */
  notes_json: z
    .string()
    .max(10_000)
    .refine(isJsonText, {
      message: 'notes_json must be JSON text, such as {"note":"..."}',
      params: { code: 'invalid_json' },
    })
    .nullish()
    .transform((v) => v ?? null),
});
export type WalkinDraftPut = z.infer<typeof WalkinDraftPut>;

function isJsonText(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/** Seed 004's `POST .../:reporting_term/:transaction_uuid`: submit, and with `authorizing_uuid` authorize. */
export const WalkinSubmit = z.strictObject({
  authorizing_uuid: Uuid.optional(),
});
export type WalkinSubmit = z.infer<typeof WalkinSubmit>;

/** (ext) `POST .../archive`: `archiving_uuid`, the staff member archiving it, gives `archived_by_person_id`. */
export const WalkinArchive = z.strictObject({
  archiving_uuid: Uuid.optional(),
});
export type WalkinArchive = z.infer<typeof WalkinArchive>;

export const WalkinTermParams = z.object({ reporting_term: ReportingTerm });
export const WalkinParams = z.object({ reporting_term: ReportingTerm, transaction_uuid: Uuid });

export const WalkinListQuery = PaginationQuery.extend({
  updated_since: IsoTimestamp.optional(),
});
export type WalkinListQuery = z.infer<typeof WalkinListQuery>;

const nullableText = z.string().nullable();
const nullableInt = z.number().int().nullable();
const nullableTimestamp = IsoTimestamp.nullable();

/** Seed 004's `UnauthenticatedPersonResponse`: every field, null where unknown, `dob` a date. */
export const WalkinPerson = z.strictObject({
  regent_id: nullableInt,
  reporting_term: z.string(),
  survey: nullableText,
  friend_referral: nullableText,
  other_referral: nullableText,
  is_returning: z.boolean(),
  is_applying: z.boolean(),
  is_landlord: z.boolean(),
  postsecondary_education_level: z.number().int(),
  uuid: z.string(),
  regent_login: nullableText,
  first_name: nullableText,
  middle_name: nullableText,
  last_name: nullableText,
  preferred_name: nullableText,
  birth_name: nullableText,
  spouse_name: nullableText,
  addr1: nullableText,
  addr2: nullableText,
  country: nullableText,
  state: nullableText,
  city: nullableText,
  code: nullableText,
  phone_home: nullableText,
  phone_cell: nullableText,
  phone_bus: nullableText,
  email: nullableText,
  prefix: nullableText,
  dob: IsoDate.nullable(),
  citizenship: nullableText,
  citizenship_other: nullableText,
  permanent_resident: nullableText,
  denomination: nullableText,
  occupation: nullableText,
  ethnicity: nullableText,
  gender: nullableText,
  marital_status: nullableText,
  deceased_date: nullableTimestamp,
  added_by: nullableText,
  added_date: nullableTimestamp,
  last_changed_by: nullableText,
  last_changed_date: nullableTimestamp,
  addr_last_changed_by: nullableText,
  addr_last_changed_date: nullableTimestamp,
  timestamp: IsoTimestamp,
  submitted_datetime: nullableTimestamp,
  submitted_by_unauthenticated_person_id: nullableInt,
  authorized_datetime: nullableTimestamp,
  authorized_by_person_id: nullableInt,
  archived_datetime: nullableTimestamp,
  archived_by_person_id: nullableInt,
});
export type WalkinPerson = z.infer<typeof WalkinPerson>;

/** Seed 004's `UnauthenticatedStudentSectionRegistrationResponse`: the section's catalogue fields copied in. */
export const WalkinRegistration = z.strictObject({
  section_uuid: z.string(),
  student_section_uuid: z.string(),
  course_name: z.string(),
  section_code: z.string(),
  course_title: z.string(),
  amount: z.number(),
  is_oncampus: z.boolean(),
  is_audit: z.boolean(),
  is_provisional: z.boolean(),
  is_missing_requisites: z.boolean(),
  is_other_restriction: z.boolean(),
  added_date: nullableTimestamp,
  added_by_person_id: nullableInt,
  changed_date: nullableTimestamp,
  changed_by_person_id: nullableInt,
});
export type WalkinRegistration = z.infer<typeof WalkinRegistration>;

/** Seed 004's `UnauthenticatedRegistrationTransactionResponse` on success (`responseStatus` omitted). */
export const WalkinTransaction = z.strictObject({
  transaction_uuid: z.string(),
  notes_json: nullableText,
  credit_hours: z.number(),
  audit_hours: z.number(),
  started_datetime: IsoTimestamp,
  archived_datetime: nullableTimestamp,
  submitted_datetime: nullableTimestamp,
  authorized_datetime: nullableTimestamp,
  person: WalkinPerson,
  registrations: z.array(WalkinRegistration),
});
export type WalkinTransaction = z.infer<typeof WalkinTransaction>;

export const WalkinTransactionList = listOf(WalkinTransaction);
export type WalkinTransactionList = z.infer<typeof WalkinTransactionList>;

/** One problem in seed 004's `responseStatus.errors`: `NotEmpty` on `person.last_name`, and so on. */
export const ResponseError = z.object({
  errorCode: z.string(),
  fieldName: z.string(),
  message: z.string(),
  meta: z.record(z.string(), z.string()).optional(),
});
export type ResponseError = z.infer<typeof ResponseError>;

/** Seed 004's `ResponseStatus`. `stackTrace` is never filled, so it is not part of the answer. */
export const ResponseStatus = z.strictObject({
  errorCode: z.string(),
  message: z.string(),
  errors: z.array(ResponseError),
  meta: z.record(z.string(), z.string()).optional(),
});
export type ResponseStatus = z.infer<typeof ResponseStatus>;

/** Every 4xx/5xx body on the walk-in paths, in place of the `error` envelope. */
export const WalkinErrorResponse = z.strictObject({ responseStatus: ResponseStatus });
export type WalkinErrorResponse = z.infer<typeof WalkinErrorResponse>;

/**
 * The top-level `errorCode` of each envelope code (ServiceStack's names, as seed 004's service);
 * a code not listed is written in PascalCase.
 */
export const RESPONSE_ERROR_CODES = {
  validation_failed: 'ValidationException',
  invalid_json: 'SerializationException',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'NotFound',
  conflict: 'Conflict',
  payload_too_large: 'PayloadTooLarge',
  unsupported_media_type: 'UnsupportedMediaType',
  rate_limited: 'TooManyRequests',
  idempotency_key_reused: 'IdempotencyKeyReused',
  idempotency_key_in_use: 'IdempotencyKeyInUse',
  internal: 'InternalServerError',
} as const;

/** `invalid_type` -> `InvalidType`: a field code of the envelope in seed 004's spelling. */
export const pascalCode = (code: string) =>
  code
    .split(/[_\s-]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

/** zod issues as `responseStatus.errors` (`person.email`, `registrations[1].section_uuid`). */
export function responseErrorsFromZod(error: z.ZodError, where = 'body'): ResponseError[] {
  return fieldErrorsFromZod(error).map((f) => ({
    errorCode: pascalCode(f.code),
    fieldName: f.field === '(body)' ? `(${where})` : f.field,
    message: f.message,
  }));
}
