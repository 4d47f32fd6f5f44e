import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  RunCreate,
  RunIdParams,
  RunListQuery,
  RunUpdate,
  paths,
} from '../../src/contract';
import type { Principal } from '../auth';
import type { ServerDeps } from '../app';
import { parseWith } from '../errors';

const principalOf = (request: FastifyRequest): Principal => request.principal!;

export function registerRunRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { runs } = deps;
  const runPath = `${paths.runs}/:run_id`;
  const runIdOf = (request: FastifyRequest) => parseWith(RunIdParams, request.params, 'path').run_id;

  app.get(paths.runs, async (request) =>
    runs.list(parseWith(RunListQuery, request.query, 'query'), principalOf(request)),
  );

  app.post(paths.runs, async (request, reply) => {
    const { run, replayed } = await runs.create(parseWith(RunCreate, request.body), principalOf(request));
    if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return reply.code(201).send(run);
  });

  app.get(runPath, async (request) => runs.get(runIdOf(request), principalOf(request)));

  app.put(runPath, async (request) =>
    runs.update(runIdOf(request), principalOf(request), parseWith(RunUpdate, request.body)),
  );

  app.delete(runPath, async (request) => runs.remove(runIdOf(request), principalOf(request)));
}
