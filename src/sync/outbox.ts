import type { AppDatabase, OutboxEntry } from '../db';

/** A contract call to make later, as the change that causes it describes it. */
export interface OutboxCall {
  /** `batch:<uuid>` or `run:<uuid>`: the syncer sends the entries of one record in order */
  record: string;
  op: string;
  method: OutboxEntry['method'];
  body?: unknown;
}

export const batchRecordKey = (batchId: string) => `batch:${batchId}`;

/**
 * Appends an outbox entry with a fresh idempotency key. Call it inside the transaction that
 * makes the change it reports (the transaction must include `db.outbox`): the entry is stored
 * exactly when the change is, so nothing is sent that was not stored, and nothing stored is lost.
 */
export async function appendOutboxEntry(
  db: AppDatabase,
  call: OutboxCall,
  now: number,
): Promise<OutboxEntry> {
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
