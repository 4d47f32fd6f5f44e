import type { z } from 'zod';
import { fieldErrorsFromZod, type ErrorCode, type ErrorEnvelope, type FieldError } from '../src/contract';

/** An answer with the contract's error envelope; thrown by handlers, rendered by the error handler. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }

  toEnvelope(): ErrorEnvelope {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError(404, 'not_found', `No ${what} with id "${id}"`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

/** 400, as seed 002 answers a request that fails validation; 422 is kept for a reused Idempotency-Key. */
export function validationFailed(fields: FieldError[], message?: string): ApiError {
  const first = fields[0];
  return new ApiError(
    400,
    'validation_failed',
    message ??
      (fields.length === 1 && first
        ? `Invalid ${first.field}: ${first.message}`
        : `${fields.length} fields are invalid; see fields`),
    fields,
  );
}

/** Parses `value` with `schema`, or throws 400 validation_failed listing each field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldErrorsFromZod(result.error).map((f) =>
    where === 'body' ? f : { ...f, field: f.field === '(body)' ? `(${where})` : f.field },
  );
  throw validationFailed(fields);
}
