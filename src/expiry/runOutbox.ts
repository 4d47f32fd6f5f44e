import type { AppDatabase, OutboxEntry } from '../db';
import { appendOutboxEntry } from '../sync/outbox';

/** Outbox entries for expiry runs, written inside the caller's transaction (which includes `outbox`). */

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
  await appendOutboxEntry(db, { record: runRecordKey(runId), op, method: METHOD[op], body }, now);
}

/** True when the run's creation is (or will be) pushed, so later changes to it must be too. */
export async function isRunPushed(db: AppDatabase, runId: string): Promise<boolean> {
  const entries = await db.outbox.where('record').equals(runRecordKey(runId)).toArray();
  return entries.some((entry) => entry.op === 'run.create');
}
