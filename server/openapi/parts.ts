import { z } from 'zod';
import { ErrorEnvelope } from '../../src/contract';

/**
 * The pieces every route group's OpenAPI entries are made of: JSON Schemas generated from the
 * same zod schemas the routes validate with, the shared error answers and headers.
 */

export type JsonSchema = Record<string, unknown>;

/** The OpenAPI `paths` entries of one route group. */
export type PathItems = Record<string, Record<string, unknown>>;

export interface OpenApiOptions {
  maxItems: number;
  version: string;
}

export const output = (schema: z.ZodType): JsonSchema =>
  strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
export const input = (schema: z.ZodType): JsonSchema =>
  strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

/** Each schema sits inside the document, so its own `$schema` marker goes. */
function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Validation failed (fields lists each problem in the body, path or query), or malformed JSON',
  '401': 'Missing or unknown bearer token',
  '404': 'No such record, or not visible to this token',
  '409': 'Illegal state change, or the Idempotency-Key is still in use',
  '413': 'Body larger than the limit, or more items than MAX_ITEMS',
  '415': 'Body is not application/json',
  '422': 'The Idempotency-Key was already used with another request',
  '429': 'Rate limit exceeded; see Retry-After',
};

export function errors(statuses: string[]) {
  const envelope = output(ErrorEnvelope);
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_STATUSES[s] ?? 'Error', content: json(envelope) }]),
  );
}

export function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: input(field as z.ZodType),
  }));
}

export const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A UUID. The same key with the same body within 24 h replays the first answer.',
  schema: { type: 'string', format: 'uuid' },
};

export const READ_ERRORS = ['400', '401', '404', '429'];
export const WRITE_ERRORS = ['400', '401', '404', '409', '413', '415', '422', '429'];
