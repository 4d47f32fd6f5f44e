import { z } from 'zod';
import { REGISTRATION_ERROR_CODES } from '../domain/registrationErrors';

/** ISO 8601 UTC instant with a `Z`, as every timestamp on the wire (`2026-03-25T08:00:00Z`). */
export const IsoTimestamp = z.iso.datetime({ offset: false, precision: undefined });
export type IsoTimestamp = z.infer<typeof IsoTimestamp>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The number written by `length` ASCII digits of `text` from `at`, or -1. */
function digitsAt(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * True when `value` is a real calendar date in `YYYY-MM-DD` form (2026-02-30 is not), in the
 * proleptic Gregorian calendar. Read digit by digit: every imported row and every request
 * checks its dates here.
 */
export function isCalendarDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** A calendar date `YYYY-MM-DD`. */
export const IsoDate = z.string().refine(isCalendarDate, {
  message: 'Must be a real calendar date in YYYY-MM-DD form',
  params: { code: 'invalid_date' },
});
export type IsoDate = z.infer<typeof IsoDate>;

export const Uuid = z.uuid();

/** `?page=1&limit=20`, limit 1..100. Query strings arrive as text, hence the coercion. */
export const PaginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

export const Pagination = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1).max(100),
  total: z.number().int().min(0),
});
export type Pagination = z.infer<typeof Pagination>;

/** `{ data: [...], pagination: { page, limit, total } }` */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), pagination: Pagination });
}

export const ErrorCode = z.enum([
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'internal',
  'forbidden',
  // part C: seed 002's errors, each its own code (src/domain/registrationErrors.ts)
  ...REGISTRATION_ERROR_CODES,
  // C4: seed 001's code for a person already on the event (POST /events/:event_id/people)
  'already_registered',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** Every 4xx/5xx body. */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    fields: z.array(FieldError).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Turns zod issues into the envelope's field list (`items[3].activity_date`). */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: formatPath(issue.path),
    code: issueCode(issue),
    message: issue.message,
  }));
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.['code'] === 'string') {
    return issue.params['code'];
  }
  if (issue.code === 'unrecognized_keys') return 'unknown_field';
  if (issue.code === 'invalid_type') return 'invalid_type';
  if (issue.code === 'too_small' || issue.code === 'too_big') return 'out_of_range';
  if (issue.code === 'invalid_format') return 'invalid_format';
  return issue.code;
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
