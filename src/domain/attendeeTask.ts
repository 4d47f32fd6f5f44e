import {
  ALREADY_REGISTERED_MESSAGE,
  AttendeeAttributes,
  TaskErrorCode,
  fieldErrorsFromZod,
} from '../contract';
import type { TaskError } from '../contract';
import { checkAttendee } from './registrationCommands';
import { RegistrationError } from './registrationErrors';

/**
 * One task of a seed 001 job, checked before anything is stored: its attributes must be an attendee
 * (`invalid_field` naming what is wrong) with the required fields (`missing_field`, `invalid_email`,
 * from `checkAttendee`). The server checks each task with it and the desktop checks rows offline.
 */
export type TaskCheck = { ok: true; person: AttendeeAttributes } | { ok: false; errors: TaskError[] };

export function checkTask(attributes: Record<string, unknown>): TaskCheck {
  const parsed = AttendeeAttributes.safeParse(attributes);
  if (!parsed.success) {
    const fields = fieldErrorsFromZod(parsed.error);
    const errors = parsed.error.issues.flatMap((issue, i): TaskError[] =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ code: 'invalid_field', message: `Unknown field: ${key}.` }))
        : [
            {
              code: 'invalid_field',
              message: `Invalid ${fields[i]?.field}: ${issue.message.replace(/\.$/, '')}.`,
            },
          ],
    );
    return { ok: false, errors };
  }
  try {
    checkAttendee(parsed.data);
  } catch (error) {
    const task = error instanceof RegistrationError ? taskErrorOf(error) : null;
    if (!task) throw error;
    return { ok: false, errors: [task] };
  }
  return { ok: true, person: parsed.data };
}

/**
 * The task error a refused registration becomes: the rule's task code where the error table names
 * one (seed 001's sentence for `already_registered`), else its own code when a task can meet it;
 * null for an error no attendee can cause.
 */
export function taskErrorOf(error: RegistrationError): TaskError | null {
  const code = TaskErrorCode.safeParse(error.taskCode ?? error.code);
  if (!code.success) return null;
  return {
    code: code.data,
    message: code.data === 'already_registered' ? ALREADY_REGISTERED_MESSAGE : error.message,
  };
}
