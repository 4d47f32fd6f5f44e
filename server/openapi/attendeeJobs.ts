import {
  API_BASE,
  BulkPeopleBody,
  Job,
  JobList,
  JobListQuery,
  MAX_JOB_TASKS,
  PaginationQuery,
  AttendeeAttributes,
  JobTaskList,
  Registration,
} from '../../src/contract';
import {
  READ_ERRORS,
  WRITE_ERRORS,
  errors,
  idempotencyKey,
  input,
  json,
  output,
  pathParam,
  queryParameters,
  type JsonSchema,
  type PathItems,
} from './parts';

/** Part C4: attendee jobs (seed 001). */
export function attendeeJobPaths(): PathItems {
  const bulk = input(BulkPeopleBody);
  return {
    [`${API_BASE}/events/{event_id}/people`]: {
      parameters: [pathParam('event_id')],
      post: {
        operationId: 'registerPerson',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(AttendeeAttributes)) },
        responses: {
          '200': { description: 'Registered', content: json(output(Registration)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/events/{event_id}/people/bulk`]: {
      parameters: [pathParam('event_id')],
      post: {
        operationId: 'registerPeopleInBulk',
        description: `1 to ${MAX_JOB_TASKS} tasks, each a person as POST /events/{event_id}/people takes one.`,
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(withPeople(bulk)) },
        responses: {
          '202': { description: 'Job stored; processing is asynchronous', content: json(output(Job)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/jobs`]: {
      get: {
        operationId: 'listJobs',
        parameters: queryParameters(JobListQuery),
        responses: {
          '200': { description: 'Jobs', content: json(output(JobList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/jobs/{job_id}`]: {
      parameters: [pathParam('job_id')],
      get: {
        operationId: 'getJob',
        responses: {
          '200': { description: 'Job', content: json(output(Job)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/jobs/{job_id}/tasks`]: {
      parameters: [pathParam('job_id')],
      get: {
        operationId: 'getJobTasks',
        parameters: queryParameters(PaginationQuery),
        responses: {
          '207': {
            description:
              'Multi-status: each task in submitted order, succeeded (with its registration) or failed',
            content: json(output(JobTaskList)),
          },
          ...errors(READ_ERRORS),
        },
      },
    },
  };
}

/** The bulk body validates each task's attributes as an object; the document shows them as a person. */
function withPeople(bulk: JsonSchema): JsonSchema {
  const person = input(AttendeeAttributes);
  const copy = structuredClone(bulk) as {
    properties: { data: { properties: { attributes: { properties: { tasks: JsonSchema } } } } };
  };
  const tasks = copy.properties.data.properties.attributes.properties.tasks as {
    items: { properties: { attributes: JsonSchema } };
  };
  tasks.items.properties.attributes = person;
  return copy as unknown as JsonSchema;
}
