import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../auth';
import { parseWith } from '../errors';

/** Part C answers a request that fails validation with 400 `validation_failed`, as seed 002 does. */
export const parseC = <S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> =>
  parseWith(schema, value, where);

/** A command with no body is an empty one (cancel without a reason). */
export const bodyOf = (request: FastifyRequest): unknown => request.body ?? {};

export const principalOf = (request: FastifyRequest): Principal => request.principal!;
