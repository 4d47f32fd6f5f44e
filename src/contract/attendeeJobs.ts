import { z } from 'zod';
import { IsoTimestamp, PaginationQuery, Pagination, Uuid, listOf } from './common';

/**
 * Part C4 of contract.md (seed 001): registering many people on one event as an asynchronous job.
 * Field names and nesting follow the seed's examples; (ext) marks additions.
 */

export const MAX_JOB_TASKS = 50;

export const PersonAccommodation = z.strictObject({
  type: z.string().trim().min(1, 'Accommodation type cannot be empty.').max(64),
  name: z.string().max(200).optional(),
  time_extension: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
});

/**
 * One person, as `POST /events/:event_id/people` takes them and as each task of a bulk job carries them.
 * A bulk job checks each task with this schema on its own, so one bad person fails one task, not the job.
 */
export const PersonAttributes = z.strictObject({
  first_name: z.string().trim().min(1, 'first_name is required').max(100),
  last_name: z.string().trim().min(1, 'last_name is required').max(100),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'email is not a valid email address' })),
  phone: z.string().trim().max(32).optional(),
  learner_registrant_type: z.string().trim().max(64).optional(),
  /** an assessment form code */
  assessment: z.string().trim().min(1).max(64).optional(),
  accommodations: z.array(PersonAccommodation).max(20).optional(),
  /** (ext) client UUIDs, so a task made offline maps onto the records it made */
  registration_id: Uuid.optional(),
  learner_id: Uuid.optional(),
});
export type PersonAttributes = z.infer<typeof PersonAttributes>;

/**
 * The bulk body. The envelope is checked here; each task's `attributes` only as an object, since a
 * person who fails `PersonAttributes` becomes a failed task (`missing_field`, `invalid_email`, ...).
 */
export const BulkPeopleBody = z.strictObject({
  type: z.literal('jobs', { error: 'type must be "jobs"' }),
  data: z.strictObject({
    attributes: z.strictObject({
      tasks: z
        .array(z.strictObject({ attributes: z.record(z.string(), z.unknown()) }))
        .min(1, 'A job holds at least one task')
        .max(MAX_JOB_TASKS, `A job holds at most ${MAX_JOB_TASKS} tasks; split the people into several jobs`),
    }),
  }),
});
export type BulkPeopleBody = z.infer<typeof BulkPeopleBody>;

export const JobStatus = z.enum(['processing', 'ended', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobAttributes = z.object({
  status: JobStatus,
  total_items: z.number().int(),
  total_processed_items: z.number().int(),
  total_fail: z.number().int(),
  total_success: z.number().int(),
  /** (ext) */
  event_id: Uuid,
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
});
export type JobAttributes = z.infer<typeof JobAttributes>;

/** The 202 answer, `GET /jobs/:job_id`, each entry of the job feed, and the webhook's payload. */
export const Job = z.object({
  type: z.literal('jobs'),
  id: Uuid,
  attributes: JobAttributes,
});
export type Job = z.infer<typeof Job>;

export const JobListQuery = PaginationQuery.extend({
  /** change feed: order by updated_at ascending from this instant */
  updated_since: IsoTimestamp.optional(),
  status: JobStatus.optional(),
  event_id: Uuid.optional(),
});
export type JobListQuery = z.infer<typeof JobListQuery>;

export const JobList = listOf(Job);
export type JobList = z.infer<typeof JobList>;

/**
 * Why a task failed. The seed names `already_registered`; the others are the contract's. Each has one
 * sentence (`TASK_ERROR_MESSAGES`), except `missing_field` and `invalid_field`, whose sentence names the field.
 */
export const TaskErrorCode = z.enum([
  'already_registered',
  'invalid_email',
  'missing_field',
  'invalid_field',
  'registration_limit_reached',
  'event_cancelled',
  'assessment_form_not_found',
  'registration_exists',
  'learner_conflict',
]);
export type TaskErrorCode = z.infer<typeof TaskErrorCode>;

export const TASK_ERROR_MESSAGES = {
  already_registered: 'User already registered for this session.',
  invalid_email: 'Email is not a valid email address.',
  registration_limit_reached: 'Event registration limit reached.',
  event_cancelled: 'Event is cancelled.',
  assessment_form_not_found: 'Assessment form not found.',
  registration_exists:
    'Registration already exists. You cannot add a new registration with the same identifier.',
  learner_conflict: 'Learner id belongs to a learner with another email address.',
} as const satisfies Partial<Record<TaskErrorCode, string>>;

export const TaskError = z.object({ code: TaskErrorCode, message: z.string() });
export type TaskError = z.infer<typeof TaskError>;

/** `pending` (ext): not processed yet, while the job is `processing`. */
export const TaskStatus = z.enum(['pending', 'succeeded', 'failed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * One entry of the 207. `data` is the registration the task made, as it was made (a later change to the
 * registration shows on `GET /registrations/:id`, not here).
 */
export function taskResultOf<R extends z.ZodType>(registration: R) {
  return z.object({
    status: TaskStatus,
    errors: z.array(TaskError),
    data: registration.optional(),
    /** (ext) the task's place in the submitted `tasks`, from 0 */
    index: z.number().int().min(0),
  });
}

export function taskListOf<R extends z.ZodType>(registration: R) {
  return z.object({ data: z.array(taskResultOf(registration)), meta: Pagination });
}

export const JobIdParams = z.object({ job_id: Uuid });
export const JobEventParams = z.object({ event_id: Uuid });
