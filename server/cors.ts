import type { FastifyInstance } from 'fastify';
import { IDEMPOTENT_REPLAYED_HEADER } from '../src/contract';

/**
 * Cross-origin access for the app's browser build (and the desktop's `app://` origin), which
 * call /api/v1 from another origin. Any origin may call: authentication is a bearer token the
 * caller must hold, never a cookie, so allowing every origin gives a page nothing it could not
 * already send. Preflights are answered here, before authentication (they carry no token).
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', `retry-after, x-request-id, ${IDEMPOTENT_REPLAYED_HEADER}`);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, DELETE')
        .header('access-control-allow-headers', 'authorization, content-type, idempotency-key, x-request-id')
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
