import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BatchCreate,
  BatchIdParams,
  BatchListQuery,
  BatchRetry,
  BatchUpdate,
  ItemCorrection,
  itemInputFor,
  paths,
} from '../../src/contract';
import type { Principal } from '../auth';
import type { ServerDeps } from '../app';
import { ApiError, parseWith, validationFailed } from '../errors';

const principalOf = (request: FastifyRequest): Principal => request.principal!;

export function registerBatchRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { batches, worker, config } = deps;
  const createSchema = BatchCreate.extend({
    items: z.array(itemInputFor(config.activityTypes)).min(1, 'A batch holds at least one item'),
  });
  const allowedTypes = new Set(config.activityTypes);
  const retrySchema = BatchRetry.extend({
    corrections: z
      .array(
        ItemCorrection.refine((c) => c.activity_type === undefined || allowedTypes.has(c.activity_type), {
          path: ['activity_type'],
          message: `Unknown activity type; allowed: ${config.activityTypes.join(', ')}`,
        }),
      )
      .optional(),
  });
  const batchPath = `${paths.batches}/:batch_id`;
  const batchIdOf = (request: FastifyRequest) => parseWith(BatchIdParams, request.params, 'path').batch_id;

  app.get(paths.batches, async (request) =>
    batches.list(parseWith(BatchListQuery, request.query, 'query'), principalOf(request)),
  );

  app.post(paths.batches, async (request, reply) => {
    const body = request.body;
    // Counted before validation, so an oversized batch is refused with the limit, not 10,001 field errors.
    if (isRecord(body) && Array.isArray(body['items']) && body['items'].length > config.maxItems) {
      throw new ApiError(
        413,
        'payload_too_large',
        `A batch holds at most ${config.maxItems} items (MAX_ITEMS); this one has ${body['items'].length}. Split it into several batches.`,
      );
    }
    const input = parseWith(createSchema, body);
    const principal = principalOf(request);
    if (!principal.isAdmin && input.coordinator_id !== principal.id) {
      throw validationFailed([
        {
          field: 'coordinator_id',
          code: 'forbidden_coordinator',
          message: `This token belongs to ${principal.id}; it cannot submit a batch for ${input.coordinator_id}`,
        },
      ]);
    }
    const created = await batches.create(input);
    worker.wake();
    return reply.code(202).send(created);
  });

  app.get(batchPath, async (request, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .send(await batches.getJson(batchIdOf(request), principalOf(request))),
  );

  app.put(batchPath, async (request) => {
    const batchId = batchIdOf(request);
    return batches.update(batchId, principalOf(request), parseWith(BatchUpdate, request.body));
  });

  app.delete(batchPath, async (request) => batches.remove(batchIdOf(request), principalOf(request)));

  app.post(`${batchPath}/retry`, async (request) => {
    const body = request.body === undefined || request.body === null ? {} : request.body;
    const { corrections } = parseWith(retrySchema, body);
    const result = await batches.retry(batchIdOf(request), principalOf(request), corrections);
    worker.wake();
    return result;
  });

  app.post(`${batchPath}/cancel`, async (request) =>
    batches.cancel(batchIdOf(request), principalOf(request)),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
