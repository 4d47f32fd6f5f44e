import type { RunCreate } from '../contract/expiryOrchestration';
import type { AppDatabase, ExpiryRunRecord, NotificationLogRecord, OutboxEntry } from '../db';
import { appendOutboxEntry } from '../sync/outbox';
import { recordKey } from '../sync/recordIds';

/** Outbox entries for expiry runs, written inside the caller's transaction (which includes `outbox`). */

export type RunOperation = 'run.create' | 'run.update' | 'run.delete';

const METHOD: Record<RunOperation, OutboxEntry['method']> = {
  'run.create': 'POST',
  'run.update': 'PUT',
  'run.delete': 'DELETE',
};

export function runRecordKey(runId: string): string {
  return recordKey({ kind: 'run', id: runId });
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

/**
 * The run as the server is told of it: the expiry dates it evaluated and the notifications it
 * dispatched, so the server records them as sent and never sends them again.
 */
export function runCreateBody(
  run: Pick<ExpiryRunRecord, 'run_id' | 'triggered_by' | 'evaluated_at' | 'evaluated_on'>,
  evaluated: ReadonlyArray<{ mentor_id: string; coordinator_id: string; expiry_date: string }>,
  dispatched: readonly NotificationLogRecord[],
): RunCreate {
  return {
    triggered_by: run.triggered_by,
    run_id: run.run_id,
    evaluated_at: run.evaluated_at,
    evaluated_on: run.evaluated_on,
    expirations: evaluated.map((record) => ({
      mentor_id: record.mentor_id,
      coordinator_id: record.coordinator_id,
      expiry_date: record.expiry_date,
    })),
    dispatched_notifications: dispatched.map((row) => ({
      mentor_id: row.mentor_id,
      coordinator_id: row.coordinator_id,
      threshold: row.threshold,
      expiry_date: row.expiry_date,
    })),
  };
}
