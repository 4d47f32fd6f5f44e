import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  RESPONSE_ERROR_CODES,
  pascalCode,
  responseErrorsFromZod,
  type ResponseError,
  type WalkinErrorResponse,
} from '../src/contract';
import { ApiError } from './errors';

/**
 * Seed 004's error shape, `{ responseStatus: { errorCode, message, errors[] } }`, for the walk-in
 * paths in place of the `error` envelope. Installed per route group, so the rest of the API keeps
 * its envelope. `stackTrace` is never filled.
 */
export class ResponseStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    message: string,
    readonly errors: ResponseError[] = [],
  ) {
    super(message);
  }

  toBody(): WalkinErrorResponse {
    return { responseStatus: { errorCode: this.errorCode, message: this.message, errors: this.errors } };
  }
}

/** 400 `ValidationException` listing each problem; the message is the first one's. */
export function validationException(errors: ResponseError[]): ResponseStatusError {
  const first = errors[0]?.message ?? 'The request is invalid.';
  const message = errors.length > 1 ? `${first} (and ${errors.length - 1} more; see errors)` : first;
  return new ResponseStatusError(400, 'ValidationException', message, errors);
}

/** Parses `value` with `schema`, or throws 400 `ValidationException` naming each field. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationException(responseErrorsFromZod(result.error, where));
}

/** The envelope's errors (auth, idempotency, JSON parsing, rate limit) in seed 004's shape. */
export function fromApiError(error: ApiError): ResponseStatusError {
  return new ResponseStatusError(
    error.statusCode,
    (RESPONSE_ERROR_CODES as Record<string, string | undefined>)[error.code] ?? pascalCode(error.code),
    error.message,
    (error.fields ?? []).map((f) => ({
      errorCode: pascalCode(f.code),
      fieldName: f.field,
      message: f.message,
    })),
  );
}

/**
 * Makes `scope` (an encapsulated plugin) answer every error and unknown route in seed 004's shape.
 * `toApiError` is the server's mapping of Fastify's own errors (bad JSON, body too large, ...).
 */
export function installResponseStatus(
  scope: FastifyInstance,
  toApiError: (error: FastifyError) => ApiError,
): void {
  scope.setErrorHandler((error: FastifyError | ApiError | ResponseStatusError, request, reply) => {
    const status =
      error instanceof ResponseStatusError
        ? error
        : fromApiError(error instanceof ApiError ? error : toApiError(error));
    if (status.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status.statusCode).send(status.toBody());
  });
  scope.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        new ResponseStatusError(
          404,
          'NotFound',
          `No route ${request.method} ${request.url.split('?')[0]}`,
        ).toBody(),
      ),
  );
}
