import { describe, expect, it } from 'vitest';
import {
  NO_TASKS,
  countTasks,
  deriveJobStatus,
  jobJustEnded,
  jobProgress,
  settleTasks,
  type JobTaskCounts,
} from '../../../src/domain/attendeeJob';
import { checkPerson } from '../../../src/domain/attendeePerson';

const counts = (c: Partial<JobTaskCounts>): JobTaskCounts => ({ ...NO_TASKS, ...c });

describe('seed 001 job status from its tasks', () => {
  it.each([
    { tasks: { pending: 50 }, status: 'processing' },
    { tasks: { pending: 1, succeeded: 49 }, status: 'processing' },
    { tasks: { pending: 1, failed: 3 }, status: 'processing' },
    { tasks: { succeeded: 50 }, status: 'ended' },
    { tasks: { succeeded: 49, failed: 1 }, status: 'failed' },
    { tasks: { failed: 1 }, status: 'failed' },
  ] as const)('$tasks -> $status', ({ tasks, status }) => {
    expect(deriveJobStatus(counts(tasks))).toBe(status);
  });

  it('reports the seed counters', () => {
    expect(jobProgress(counts({ pending: 2, succeeded: 3, failed: 1 }))).toEqual({
      status: 'processing',
      total_items: 6,
      total_processed_items: 4,
      total_fail: 1,
      total_success: 3,
    });
    expect(jobProgress(countTasks(['succeeded', 'failed', 'succeeded']))).toMatchObject({
      status: 'failed',
      total_items: 3,
      total_processed_items: 3,
    });
  });

  it('settles pending tasks only, and says when the job leaves processing', () => {
    const start = counts({ pending: 3 });
    const mid = settleTasks(start, 2, 0);
    expect(jobJustEnded(start, mid)).toBe(false);
    const end = settleTasks(mid, 0, 1);
    expect(end).toEqual({ pending: 0, succeeded: 2, failed: 1 });
    expect(jobJustEnded(mid, end)).toBe(true);
    expect(jobJustEnded(end, end)).toBe(false);
    expect(() => settleTasks(end, 1, 0)).toThrow(RangeError);
  });
});

describe('a person of a job, checked into task errors', () => {
  const good = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org' };
  it.each([
    { person: { ...good, email: undefined }, errors: [['missing_field', 'Missing required field: email.']] },
    {
      person: { ...good, first_name: '  ' },
      errors: [['missing_field', 'Missing required field: first_name.']],
    },
    {
      person: { email: 'a@b.org' },
      errors: [
        ['missing_field', 'Missing required field: first_name.'],
        ['missing_field', 'Missing required field: last_name.'],
      ],
    },
    {
      person: { ...good, email: 'not-an-address' },
      errors: [['invalid_email', 'Email is not a valid email address.']],
    },
    {
      person: { ...good, email: 42 },
      errors: [['invalid_field', 'Invalid email: Invalid input: expected string, received number.']],
    },
    { person: { ...good, shoe_size: 9 }, errors: [['invalid_field', 'Unknown field: shoe_size.']] },
    {
      person: { ...good, accommodations: [{ type: '' }] },
      errors: [['invalid_field', 'Invalid accommodations[0].type: Accommodation type cannot be empty.']],
    },
    {
      person: { ...good, registration_id: 'r-1' },
      errors: [['invalid_field', 'Invalid registration_id: Invalid UUID.']],
    },
  ])('$person', ({ person, errors }) => {
    const check = checkPerson(person as Record<string, unknown>);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.map((e) => [e.code, e.message])).toEqual(errors);
  });

  it('passes a complete person, trimmed', () => {
    expect(checkPerson({ ...good, email: ' ada@example.org ', phone: '+44 20' })).toEqual({
      ok: true,
      person: { ...good, phone: '+44 20' },
    });
  });
});
