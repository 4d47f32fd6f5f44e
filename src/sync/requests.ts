import type { z } from 'zod';
import type { OutboxEntry } from '../db';
import { findOperation, type PreparedRequest } from './recordKinds';
import type { RecordRef } from './recordIds';

/**
 * From an outbox entry to the contract call it stands for, through its kind's descriptor. The
 * path is built at send time, because the server's id of the record is only known once its
 * create was answered.
 */

export type { PreparedRequest } from './recordKinds';

/** The schema an edited body of `op` must meet, or undefined when it has no body to edit. */
export function editableBodyOf(op: string): z.ZodType | undefined {
  return findOperation(op)?.editableBody;
}

/** `serverId` is undefined for a create (and the caller holds back any other entry until it is known). */
export function prepareRequest(
  entry: OutboxEntry,
  ref: RecordRef,
  serverId: string | undefined,
): PreparedRequest {
  const operation = findOperation(entry.op);
  if (!operation || !entry.op.startsWith(`${ref.kind}.`)) {
    return { ok: false, message: `This app version does not know how to send "${entry.op}"` };
  }
  return operation.request(entry, ref, serverId);
}

export function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

export function parseBody<T>(
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
