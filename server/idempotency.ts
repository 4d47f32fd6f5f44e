import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IDEMPOTENT_REPLAYED_HEADER, Uuid } from '../src/contract';
import type { Database } from './db/database';
import { ApiError, validationFailed } from './errors';

/**
 * Idempotency-Key, stored in the database so it holds across processes and restarts. The first request
 * with a key records it `in_flight`; its answer is stored when it is sent, and the same key with the same
 * request replays that answer. Answers a retry could change (409, 429, 5xx) are not kept, so a client
 * retrying with the same key gets a fresh attempt.
 */

/** An in-flight record older than this belongs to a request whose process died: a retry may take it over. */
const ABANDONED_AFTER_MS = 5 * 60_000;

export interface IdempotencyState {
  principal: string;
  key: string;
  replayed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: IdempotencyState;
  }
}

function requestHash(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? request.url;
  return createHash('sha256')
    .update(`${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

const keepsAnswer = (status: number) => status < 500 && status !== 409 && status !== 429 && status !== 401;

export class IdempotencyKeys {
  constructor(private readonly db: Database) {}

  /** preHandler: replays, refuses or records the key. Returns true when the reply was already sent. */
  async begin(request: FastifyRequest, reply: FastifyReply, principal: string): Promise<boolean> {
    const header = request.headers['idempotency-key'];
    if (header === undefined) return false;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !Uuid.safeParse(key).success) {
      throw validationFailed([
        { field: 'Idempotency-Key', code: 'invalid_format', message: 'Idempotency-Key must be a UUID' },
      ]);
    }
    const hash = requestHash(request);
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (principal, key) DO NOTHING RETURNING 1`,
      [principal, key, hash],
    );
    if (inserted.length === 0) {
      const [row] = await this.db.query<{
        request_hash: string;
        state: string;
        status_code: number | null;
        body: string | null;
        created_at: Date;
      }>(
        'SELECT request_hash, state, status_code, body, created_at FROM idempotency_keys WHERE principal = $1 AND key = $2',
        [principal, key],
      );
      if (!row) return this.begin(request, reply, principal); // removed meanwhile: try again
      if (row.request_hash !== hash) {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          `Idempotency-Key ${key} was already used with a different request; use a new key for a new request`,
        );
      }
      if (row.state === 'in_flight') {
        const abandoned = Date.now() - row.created_at.getTime() > ABANDONED_AFTER_MS;
        const taken =
          abandoned &&
          (
            await this.db.query(
              `UPDATE idempotency_keys SET created_at = now() WHERE principal = $1 AND key = $2
               AND state = 'in_flight' AND created_at = $3 RETURNING 1`,
              [principal, key, row.created_at],
            )
          ).length > 0;
        if (!taken) {
          throw new ApiError(
            409,
            'idempotency_key_in_use',
            `A request with Idempotency-Key ${key} is still being processed; retry after it has finished`,
          );
        }
      } else {
        request.idempotency = { principal, key, replayed: true };
        await reply
          .code(row.status_code ?? 200)
          .header(IDEMPOTENT_REPLAYED_HEADER, 'true')
          .type('application/json; charset=utf-8')
          .send(row.body ?? '');
        return true;
      }
    }
    request.idempotency = { principal, key, replayed: false };
    return false;
  }

  /** onSend: keeps the answer for replays, or frees the key when the answer may change on retry. */
  async finish(request: FastifyRequest, statusCode: number, payload: unknown): Promise<void> {
    const state = request.idempotency;
    if (!state || state.replayed) return;
    if (keepsAnswer(statusCode) && typeof payload === 'string') {
      await this.db.query(
        `UPDATE idempotency_keys SET state = 'done', status_code = $3, body = $4 WHERE principal = $1 AND key = $2`,
        [state.principal, state.key, statusCode, payload],
      );
    } else {
      await this.db.query('DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2', [
        state.principal,
        state.key,
      ]);
    }
  }
}
