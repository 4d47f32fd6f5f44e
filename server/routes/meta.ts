import type { FastifyInstance } from 'fastify';
import { API_VERSION, paths, type HealthResponse } from '../../src/contract';
import { buildOpenApiDocument } from '../openapi';

/** Health and the OpenAPI document: public, no token needed (probes and client generators use them). */
export function registerMetaRoutes(
  app: FastifyInstance,
  options: { maxItems: number; version: string },
): void {
  const document = JSON.stringify(buildOpenApiDocument(options));
  app.get(paths.health, { config: { public: true } }, async (): Promise<HealthResponse> => ({
    status: 'ok',
    version: options.version,
    api_version: API_VERSION,
  }));
  app.get(paths.openapi, { config: { public: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(document),
  );
}
