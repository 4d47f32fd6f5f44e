import {
  API_BASE,
  RunCreate,
  RunDeleted,
  RunDetail,
  RunList,
  RunListQuery,
  RunUpdate,
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
  type PathItems,
} from './parts';

/** Part B: expiry orchestration (seed 003). */
export function runPaths(): PathItems {
  return {
    [`${API_BASE}/expiry-orchestration`]: {
      get: {
        operationId: 'listRuns',
        parameters: queryParameters(RunListQuery),
        responses: {
          '200': { description: 'Runs', content: json(output(RunList)) },
          ...errors(READ_ERRORS),
        },
      },
      post: {
        operationId: 'createRun',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(RunCreate)) },
        responses: {
          '201': { description: 'Run', content: json(output(RunDetail)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/expiry-orchestration/{run_id}`]: {
      parameters: [pathParam('run_id')],
      get: {
        operationId: 'getRun',
        responses: {
          '200': { description: 'Run', content: json(output(RunDetail)) },
          ...errors(READ_ERRORS),
        },
      },
      put: {
        operationId: 'resolveRun',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(RunUpdate)) },
        responses: {
          '200': { description: 'Resolved', content: json(output(RunDetail)) },
          ...errors(WRITE_ERRORS),
        },
      },
      delete: {
        operationId: 'deleteRun',
        parameters: [idempotencyKey],
        responses: {
          '200': { description: 'Deleted', content: json(output(RunDeleted)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
  };
}
