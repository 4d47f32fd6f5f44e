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
import { checkTask, taskErrorOf } from '../../../src/domain/attendeeTask';
import { RegistrationError } from '../../../src/domain/registrationErrors';

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

describe('a task of a job, checked into task errors', () => {
  const good = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org' };
  it.each([
    { person: { ...good, email: undefined }, errors: [['missing_field', 'email is required.']] },
    { person: { ...good, first_name: '  ' }, errors: [['missing_field', 'first_name is required.']] },
    { person: { email: 'a@b.org' }, errors: [['missing_field', 'first_name is required.']] },
    {
      person: { ...good, email: 'not-an-address' },
      errors: [['invalid_email', 'not-an-address is not an email address.']],
    },
    {
      person: { ...good, email: 42 },
      errors: [['invalid_field', 'Invalid email: Invalid input: expected string, received number.']],
    },
    {
      person: { ...good, shoe_size: 9, hat: 1 },
      errors: [
        ['invalid_field', 'Unknown field: shoe_size.'],
        ['invalid_field', 'Unknown field: hat.'],
      ],
    },
    {
      person: { ...good, registration_id: 'r-1' },
      errors: [['invalid_field', 'Invalid registration_id: Invalid UUID.']],
    },
  ])('$person', ({ person, errors }) => {
    const check = checkTask(person as Record<string, unknown>);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.map((e) => [e.code, e.message])).toEqual(errors);
  });

  it('passes a complete person', () => {
    expect(checkTask({ ...good, phone: '+44 20' })).toEqual({
      ok: true,
      person: { ...good, phone: '+44 20' },
    });
  });
});

describe('a refused registration as a task error', () => {
  it.each([
    ['learner_already_registered', 'already_registered', 'User already registered for this session.'],
    ['registration_limit_reached', 'registration_limit_reached', 'Event registration limit reached.'],
    ['event_cancelled', 'event_cancelled', 'Event is cancelled.'],
    ['assessment_form_not_found', 'assessment_form_not_found', 'Assessment form not found.'],
    [
      'registration_exists',
      'registration_exists',
      'Registration already exists. You cannot add a new registration with the same identifier.',
    ],
  ] as const)('%s -> %s', (rule, code, message) => {
    expect(taskErrorOf(new RegistrationError(rule))).toEqual({ code, message });
  });

  it('has no task error for a refusal no attendee can meet', () => {
    expect(taskErrorOf(new RegistrationError('registration_not_found'))).toBeNull();
  });
});
