import { z } from 'zod';
import { IsoTimestamp, PaginationQuery, Pagination, Uuid, listOf } from './common';
import { Registration } from './registrations';

/**
 * Part C4 of contract.md (seed 001): registering many people on one event as an asynchronous job.
 * Field names and nesting follow the seed's examples; (ext) marks additions.
 */

export const MAX_JOB_TASKS = 50;

/**
 * The bulk body. The envelope is checked here; each task's `attributes` only as an object: a person
 * who fails `AttendeeAttributes` (registrations.ts, the one-person POST's body) becomes a failed task.
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
 * Why a task failed: seed 001's `already_registered`, the contract's codes, and `invalid_field` (a
 * field of the wrong type or length, or one the person has no such field) and `not_found` (a learner
 * id of another coordinator's). The message is seed 002's sentence where it has one.
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
  'accommodation_type_empty',
  'not_found',
]);
export type TaskErrorCode = z.infer<typeof TaskErrorCode>;

/** Seed 001's sentence for a person already registered on the event. */
export const ALREADY_REGISTERED_MESSAGE = 'User already registered for this session.';

export const TaskError = z.object({ code: TaskErrorCode, message: z.string() });
export type TaskError = z.infer<typeof TaskError>;

/** `pending` (ext): not processed yet, while the job is `processing`. */
export const TaskStatus = z.enum(['pending', 'succeeded', 'failed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * One entry of the 207. `data` is the registration the task made, as it was made (a later change to the
 * registration shows on `GET /registrations/:id`, not here).
 */
export const JobTask = z.object({
  status: TaskStatus,
  errors: z.array(TaskError),
  data: Registration.optional(),
  /** (ext) the task's place in the submitted `tasks`, from 0 */
  index: z.number().int().min(0),
});
export type JobTask = z.infer<typeof JobTask>;

export const JobTaskList = z.object({ data: z.array(JobTask), meta: Pagination });
export type JobTaskList = z.infer<typeof JobTaskList>;

export const JobIdParams = z.object({ job_id: Uuid });
export const JobEventParams = z.object({ event_id: Uuid });
