import {
  BatchCancelled,
  BatchCreate,
  BatchCreated,
  BatchDeleted,
  BatchDetail,
  BatchList,
  BatchListQuery,
  BatchRetried,
  BatchRetry,
  BatchUpdate,
  BatchUpdated,
  API_BASE,
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
  type OpenApiOptions,
  type PathItems,
} from './parts';

/** Part A: bulk registrations (seed 000). */
export function batchPaths(options: OpenApiOptions): PathItems {
  const batchCreate = input(BatchCreate);
  const properties = batchCreate['properties'] as Record<string, JsonSchema>;
  properties['items'] = { ...properties['items'], maxItems: options.maxItems };
  return {
    [`${API_BASE}/bulk-registrations`]: {
      get: {
        operationId: 'listBatches',
        parameters: queryParameters(BatchListQuery),
        responses: {
          '200': { description: 'Batches', content: json(output(BatchList)) },
          ...errors(READ_ERRORS),
        },
      },
      post: {
        operationId: 'submitBatch',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(batchCreate) },
        responses: {
          '202': { description: 'Stored; processing is asynchronous', content: json(output(BatchCreated)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/bulk-registrations/{batch_id}`]: {
      parameters: [pathParam('batch_id')],
      get: {
        operationId: 'getBatch',
        responses: {
          '200': { description: 'Batch', content: json(output(BatchDetail)) },
          ...errors(READ_ERRORS),
        },
      },
      put: {
        operationId: 'updateBatch',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(BatchUpdate)) },
        responses: {
          '200': { description: 'Updated', content: json(output(BatchUpdated)) },
          ...errors(WRITE_ERRORS),
        },
      },
      delete: {
        operationId: 'deleteBatch',
        parameters: [idempotencyKey],
        responses: {
          '200': { description: 'Deleted', content: json(output(BatchDeleted)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/bulk-registrations/{batch_id}/retry`]: {
      parameters: [pathParam('batch_id')],
      post: {
        operationId: 'retryBatch',
        parameters: [idempotencyKey],
        requestBody: { required: false, content: json(input(BatchRetry)) },
        responses: {
          '200': { description: 'Retrying', content: json(output(BatchRetried)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/bulk-registrations/{batch_id}/cancel`]: {
      parameters: [pathParam('batch_id')],
      post: {
        operationId: 'cancelBatch',
        parameters: [idempotencyKey],
        responses: {
          '200': { description: 'Cancelled', content: json(output(BatchCancelled)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
  };
}
