import type { z } from 'zod';
import { BatchCreate, BatchRetry, BatchUpdate, RunCreate, RunUpdate } from '../contract';
import type { OutboxEntry } from '../db';
import type { ApiClient, ApiResult } from './client';
import type { RecordRef } from './recordIds';

/**
 * From an outbox entry to the contract call it stands for. The path is built here, at send
 * time, because the server's id of the record is only known once its create was answered.
 */

export const CREATE_OPS = new Set(['batch.create', 'run.create']);

/** Ops whose request body the coordinator may edit before a retry, with the schema it must meet. */
export const EDITABLE_BODIES: Record<string, z.ZodType> = {
  'batch.create': BatchCreate,
  'batch.update': BatchUpdate,
  'run.create': RunCreate,
  'run.update': RunUpdate,
};

export type PreparedRequest =
  { ok: true; send: (client: ApiClient) => Promise<ApiResult<unknown>> } | { ok: false; message: string };

/**
 * `serverId` is undefined for a create (and the caller holds back any other entry until it is
 * known). A body that does not meet the contract is refused here, never sent.
 */
export function prepareRequest(
  entry: OutboxEntry,
  ref: RecordRef,
  serverId: string | undefined,
): PreparedRequest {
  const key = entry.idempotency_key;
  const need = (id: string | undefined) => id ?? '';
  switch (entry.op) {
    case 'batch.create': {
      const body = parseBody(BatchCreate, { client_batch_id: ref.id, ...asObject(entry.body) });
      return body.ok ? { ok: true, send: (c) => c.createBatch(body.value, key) } : body;
    }
    case 'batch.update': {
      const body = parseBody(BatchUpdate, entry.body);
      return body.ok ? { ok: true, send: (c) => c.updateBatch(need(serverId), body.value, key) } : body;
    }
    case 'batch.retry': {
      // a retry with corrections carries them; a plain one is sent without a body, as the seed's
      if (entry.body === undefined) return { ok: true, send: (c) => c.retryBatch(need(serverId), key) };
      const body = parseBody(BatchRetry, entry.body);
      return body.ok ? { ok: true, send: (c) => c.retryBatch(need(serverId), key, body.value) } : body;
    }
    case 'batch.cancel':
      return { ok: true, send: (c) => c.cancelBatch(need(serverId), key) };
    case 'batch.delete':
      return { ok: true, send: (c) => c.deleteBatch(need(serverId), key) };
    case 'run.create': {
      const body = parseBody(RunCreate, { run_id: ref.id, ...asObject(entry.body) });
      return body.ok ? { ok: true, send: (c) => c.createRun(body.value, key) } : body;
    }
    case 'run.update': {
      const body = parseBody(RunUpdate, entry.body);
      return body.ok ? { ok: true, send: (c) => c.updateRun(need(serverId), body.value, key) } : body;
    }
    case 'run.delete':
      return { ok: true, send: (c) => c.deleteRun(need(serverId), key) };
    default:
      return { ok: false, message: `This app version does not know how to send "${entry.op}"` };
  }
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function parseBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') || 'body';
  return {
    ok: false,
    message: `The stored request does not meet the contract (${where}: ${issue?.message ?? 'invalid'})`,
  };
}
