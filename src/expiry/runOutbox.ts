import type { AppDatabase, OutboxEntry } from '../db';
import { isoInstant } from './time';

/**
 * Outbox rows for expiry runs, written inside the caller's transaction (which includes
 * `outbox`). Written directly with the `OutboxEntry` type: `src/sync/outbox.ts` did not exist
 * when this was written; switch to its helper once it does.
 */

export type RunOperation = 'run.create' | 'run.update' | 'run.delete';

const METHOD: Record<RunOperation, OutboxEntry['method']> = {
  'run.create': 'POST',
  'run.update': 'PUT',
  'run.delete': 'DELETE',
};

export function runRecordKey(runId: string): string {
  return `run:${runId}`;
}

export async function appendRunOutbox(
  db: AppDatabase,
  runId: string,
  op: RunOperation,
  body: unknown,
  now: number,
): Promise<void> {
  await db.outbox.add({
    record: runRecordKey(runId),
    idempotency_key: crypto.randomUUID(),
    method: METHOD[op],
    op,
    body,
    status: 'pending',
    attempts: 0,
    next_attempt_at: 0,
    created_at: isoInstant(now),
  });
}

/** True when the run's creation is (or will be) pushed, so later changes to it must be too. */
export async function isRunPushed(db: AppDatabase, runId: string): Promise<boolean> {
  const entries = await db.outbox.where('record').equals(runRecordKey(runId)).toArray();
  return entries.some((entry) => entry.op === 'run.create');
}
