import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_BASE,
  BulkPeopleBody,
  ErrorCode,
  JobEventParams,
  JobIdParams,
  JobListQuery,
  MAX_JOB_TASKS,
  PaginationQuery,
  AttendeeAttributes,
  paths,
} from '../../src/contract';
import type { ServerDeps } from '../app';
import { RegistrationError } from '../../src/domain/registrationErrors';
import { refusalOf } from '../attendeeRegistrar';
import { ApiError, parseWith } from '../errors';

/**
 * The one-person POST answers a refusal with the code and sentence a bulk job's task would show
 * (seed 001's `already_registered`), at the status of the rule's error table.
 */
function refusal(error: unknown): unknown {
  const task = refusalOf(error);
  const code = ErrorCode.safeParse(task?.code);
  if (!task || !code.success || !(error instanceof RegistrationError)) return error;
  return new ApiError(error.status, code.data, task.message);
}

/** C4 (seed 001): one person, a bulk job of people, the job, its tasks and the job feed. */
export function registerAttendeeJobRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { attendeeJobs, attendeeWorker, registrations } = deps;
  const eventIdOf = (request: FastifyRequest) => parseWith(JobEventParams, request.params, 'path').event_id;
  const jobIdOf = (request: FastifyRequest) => parseWith(JobIdParams, request.params, 'path').job_id;

  app.post(`${API_BASE}/events/:event_id/people`, async (request) => {
    const eventId = eventIdOf(request);
    const person = parseWith(AttendeeAttributes, request.body);
    try {
      return await registrations.registerPersonForEvent(eventId, person, request.principal!);
    } catch (error) {
      throw refusal(error);
    }
  });

  app.post(`${API_BASE}/events/:event_id/people/bulk`, async (request, reply) => {
    const eventId = eventIdOf(request);
    const tasks = tasksOf(request.body);
    // Counted before validation, so 51 people are refused with the limit rather than a schema path.
    if (tasks !== null && tasks.length > MAX_JOB_TASKS) {
      throw new ApiError(
        400,
        'validation_failed',
        `A job holds at most ${MAX_JOB_TASKS} tasks; this one has ${tasks.length}. Split the people into several jobs.`,
        [
          {
            field: 'data.attributes.tasks',
            code: 'too_many_tasks',
            message: `At most ${MAX_JOB_TASKS} tasks`,
          },
        ],
      );
    }
    const body = parseWith(BulkPeopleBody, request.body);
    const job = await attendeeJobs.create(
      eventId,
      body.data.attributes.tasks.map((t) => t.attributes),
      request.principal!,
    );
    attendeeWorker.wake();
    return reply.code(202).send(job);
  });

  app.get(paths.jobs, async (request) =>
    attendeeJobs.list(parseWith(JobListQuery, request.query, 'query'), request.principal!),
  );

  app.get(`${paths.jobs}/:job_id`, async (request) => attendeeJobs.get(jobIdOf(request), request.principal!));

  app.get(`${paths.jobs}/:job_id/tasks`, async (request, reply) => {
    const jobId = jobIdOf(request);
    const { page, limit } = parseWith(PaginationQuery, request.query, 'query');
    return reply.code(207).send(await attendeeJobs.tasks(jobId, page, limit, request.principal!));
  });
}

function tasksOf(body: unknown): unknown[] | null {
  const data = isRecord(body) ? body['data'] : undefined;
  const attributes = isRecord(data) ? data['attributes'] : undefined;
  const tasks = isRecord(attributes) ? attributes['tasks'] : undefined;
  return Array.isArray(tasks) ? tasks : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
