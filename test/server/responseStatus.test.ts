import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { WalkinErrorResponse } from '../../src/contract';
import { ApiError } from '../../server/errors';
import { installResponseStatus } from '../../server/responseStatus';

/** The walk-in group's error handler alone, on a bare Fastify, with failures the real routes cannot easily make. */
async function appWith(route: () => never) {
  const app = Fastify({ logger: false });
  await app.register(async (scope) => {
    installResponseStatus(
      scope,
      () => new ApiError(500, 'internal', 'Internal server error; the request id is in x-request-id'),
    );
    scope.get('/fails', route);
  });
  app.get('/outside', () => {
    throw new ApiError(404, 'not_found', 'elsewhere');
  });
  app.setErrorHandler((error: ApiError, _request, reply) =>
    reply.code(error.statusCode).send(error.toEnvelope()),
  );
  return app;
}

describe('responseStatus error handler', () => {
  it('answers a crash 500 InternalServerError with no stack trace and nothing of the error', async () => {
    const app = await appWith(() => {
      throw new Error('secret detail at /work/server/walkins.ts:42');
    });
    const res = await app.inject({ method: 'GET', url: '/fails' });
    expect(res.statusCode).toBe(500);
    const body = WalkinErrorResponse.parse(JSON.parse(res.body));
    expect(body.responseStatus).toEqual({
      errorCode: 'InternalServerError',
      message: 'Internal server error; the request id is in x-request-id',
      errors: [],
    });
    expect(res.body).not.toMatch(/secret|walkins\.ts|stackTrace/);
  });

  it('turns an envelope error into its errorCode and fields into errors', async () => {
    const app = await appWith(() => {
      throw new ApiError(400, 'validation_failed', 'Invalid x', [
        { field: 'x', code: 'invalid_type', message: 'bad' },
      ]);
    });
    const res = await app.inject({ method: 'GET', url: '/fails' });
    expect(JSON.parse(res.body)).toEqual({
      responseStatus: {
        errorCode: 'ValidationException',
        message: 'Invalid x',
        errors: [{ errorCode: 'InvalidType', fieldName: 'x', message: 'bad' }],
      },
    });
  });

  it('leaves routes outside the group with the envelope', async () => {
    const app = await appWith(() => {
      throw new Error('unused');
    });
    const res = await app.inject({ method: 'GET', url: '/outside' });
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'not_found', message: 'elsewhere' } });
  });
});
