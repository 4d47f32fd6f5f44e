import { useCallback, useState } from 'react';
import { errorField } from '../../../src/registrations';
import { describeError } from '../../../src/errors';

/**
 * Where a refused command's sentence goes on a form: next to the field `errorField` names (the
 * wire field: `event_venue`, `learner`, `assessment`, `last_name`), or under the submit button
 * when the form has no such field (`registration_id`, or any other failure).
 */
export interface PlacedError {
  /** the wire field, or `form` */
  field: string;
  message: string;
}

export function placeError(error: unknown, fields: readonly string[]): PlacedError {
  const field = errorField(error);
  return { field: field && fields.includes(field) ? field : 'form', message: describeError(error) };
}

/**
 * A form's refusal by field. `fields` are the wire fields the form shows; `fail(error)` places
 * one, `errorOf(field)` reads it (`errorOf('form')` for the rest), `clear()` starts over.
 */
export function useFieldErrors(fields: readonly string[]) {
  const [error, setError] = useState<PlacedError | null>(null);
  const fail = useCallback((failure: unknown) => setError(placeError(failure, fields)), [fields]);
  const clear = useCallback(() => setError(null), []);
  const errorOf = useCallback((field: string) => (error?.field === field ? error.message : null), [error]);
  return { fail, clear, errorOf, error };
}

export type ErrorOf = (field: string) => string | null;
