import type { AppDatabase, OutboxEntry } from '../db';
import { parseRecordKey, recordKey } from './recordIds';
import { findOperation, UnknownRecordKindError } from './recordKinds';

/** A contract call to make later, as the change that causes it describes it. */
export interface OutboxCall {
  /** `recordKey(...)`: the syncer sends the entries of one record in order */
  record: string;
  op: string;
  method: OutboxEntry['method'];
  body?: unknown;
}

export const batchRecordKey = (batchId: string) => recordKey({ kind: 'batch', id: batchId });

/**
 * Appends an outbox entry with a fresh idempotency key. Call it inside the transaction that
 * makes the change it reports (the transaction must include `db.outbox`): the entry is stored
 * exactly when the change is, so nothing is sent that was not stored, and nothing stored is lost.
 * A record or op of a kind this app does not know is refused here, before anything is stored.
 */
export async function appendOutboxEntry(
  db: AppDatabase,
  call: OutboxCall,
  now: number,
): Promise<OutboxEntry> {
  const ref = parseRecordKey(call.record);
  if (!ref) throw new UnknownRecordKindError(`No record kind is registered for "${call.record}"`);
  if (!call.op.startsWith(`${ref.kind}.`) || !findOperation(call.op)) {
    throw new UnknownRecordKindError(`Records of kind "${ref.kind}" have no operation "${call.op}"`);
  }
  const entry: OutboxEntry = {
    record: call.record,
    idempotency_key: crypto.randomUUID(),
    method: call.method,
    op: call.op,
    ...(call.body !== undefined ? { body: call.body } : {}),
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    created_at: new Date(now).toISOString(),
  };
  entry.seq = await db.outbox.add(entry);
  return entry;
}
