import { PersonAttributes, TASK_ERROR_MESSAGES, fieldErrorsFromZod, type TaskError } from '../contract';

/**
 * Checks one person of a seed 001 job, turning the schema's complaints into the task error codes the
 * 207 shows: a required field absent or blank is `missing_field` (naming it), a malformed email
 * `invalid_email`, anything else `invalid_field` (naming it). The desktop checks rows offline with it too.
 */
export type PersonCheck = { ok: true; person: PersonAttributes } | { ok: false; errors: TaskError[] };

const REQUIRED = ['first_name', 'last_name', 'email'] as const;

export function checkPerson(attributes: Record<string, unknown>): PersonCheck {
  const parsed = PersonAttributes.safeParse(attributes);
  if (parsed.success) return { ok: true, person: parsed.data };
  const errors: TaskError[] = [];
  const seen = new Set<string>();
  const add = (error: TaskError) => {
    const key = `${error.code}:${error.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push(error);
  };
  const fields = fieldErrorsFromZod(parsed.error);
  parsed.error.issues.forEach((issue, i) => {
    const field = fields[i]?.field ?? '(person)';
    const top = String(issue.path[0] ?? '');
    const raw = attributes[top];
    const blank = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add({ code: 'invalid_field', message: `Unknown field: ${key}.` });
    } else if ((REQUIRED as readonly string[]).includes(top) && blank) {
      add({ code: 'missing_field', message: `Missing required field: ${top}.` });
    } else if (top === 'email' && typeof raw === 'string') {
      add({ code: 'invalid_email', message: TASK_ERROR_MESSAGES.invalid_email });
    } else {
      add({ code: 'invalid_field', message: `Invalid ${field}: ${issue.message.replace(/\.$/, '')}.` });
    }
  });
  return { ok: false, errors };
}
