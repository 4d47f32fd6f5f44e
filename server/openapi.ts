import { z } from 'zod';
import {
  API_BASE,
  API_VERSION,
  BatchCancelled,
  BatchCreate,
  BatchCreated,
  BatchDeleted,
  BatchDetail,
  BatchList,
  BatchListQuery,
  BatchRetried,
  BatchUpdate,
  BatchUpdated,
  ErrorEnvelope,
  HealthResponse,
  RunCreate,
  RunDeleted,
  RunDetail,
  RunList,
  RunListQuery,
  RunUpdate,
} from '../src/contract';

/** The OpenAPI 3.1 document, generated from the same zod schemas the server validates with. */

type JsonSchema = Record<string, unknown>;

const output = (schema: z.ZodType): JsonSchema =>
  strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
const input = (schema: z.ZodType): JsonSchema =>
  strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

/** Each schema sits inside the document, so its own `$schema` marker goes. */
function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Malformed JSON or an unreadable request',
  '401': 'Missing or unknown bearer token',
  '404': 'No such record, or not visible to this token',
  '409': 'Illegal state change, or the Idempotency-Key is still in use',
  '413': 'Body larger than the limit, or more items than MAX_ITEMS',
  '415': 'Body is not application/json',
  '422': 'Validation failed (fields lists each problem), or an Idempotency-Key reused with another body',
  '429': 'Rate limit exceeded; see Retry-After',
};

function errors(statuses: string[]) {
  const envelope = output(ErrorEnvelope);
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_STATUSES[s] ?? 'Error', content: json(envelope) }]),
  );
}

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: input(field as z.ZodType),
  }));
}

const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A UUID. The same key with the same body within 24 h replays the first answer.',
  schema: { type: 'string', format: 'uuid' },
};

const READ_ERRORS = ['401', '404', '422', '429'];
const WRITE_ERRORS = ['400', '401', '404', '409', '413', '415', '422', '429'];

export function buildOpenApiDocument(options: { maxItems: number; version: string }) {
  const batchCreate = input(BatchCreate);
  const properties = batchCreate['properties'] as Record<string, JsonSchema>;
  properties['items'] = { ...properties['items'], maxItems: options.maxItems };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Registration Orchestrator API',
      version: options.version,
      description: `Contract ${API_VERSION}: bulk registrations (part A) and expiry orchestration (part B).`,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths: {
      [`${API_BASE}/health`]: {
        get: {
          operationId: 'health',
          security: [],
          responses: { '200': { description: 'Up', content: json(output(HealthResponse)) } },
        },
      },
      [`${API_BASE}/openapi.json`]: {
        get: {
          operationId: 'openapi',
          security: [],
          responses: { '200': { description: 'This document', content: json({ type: 'object' }) } },
        },
      },
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
    },
  };
}
