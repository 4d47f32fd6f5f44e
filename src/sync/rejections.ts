import { type AppDatabase, type OutboxEntry, updateBatchItems } from '../db';
import { refreshRecordSyncState } from './outboxState';
import { parseRecordKey } from './recordIds';
import { findRecordKind, isCreateOp, syncTables } from './recordKinds';
import { editableBodyOf } from './requests';
import { AppError } from '../errors/appError';

/**
 * The coordinator's two answers to an entry the server refused: edit and retry, or discard.
 * Both are one transaction; the caller asks for a sync afterwards (`requestSync(db, 'manual')`).
 */

export class RejectionActionError extends AppError<'rejection_action'> {
  constructor(message: string) {
    super('rejection_action', message);
  }
}

async function rejectedEntry(db: AppDatabase, seq: number): Promise<OutboxEntry> {
  const entry = await db.outbox.get(seq);
  if (!entry || entry.status !== 'rejected') {
    throw new RejectionActionError(
      'This change is no longer waiting for a decision (it was sent or discarded)',
    );
  }
  return entry;
}

/**
 * Queues the refused entry again, with `body` replacing its request body when given (checked
 * against the contract first). It gets a new Idempotency-Key: the server remembers the refusal
 * under the old one and would replay it, and a refused request changed nothing, so nothing can
 * be duplicated.
 */
export async function retryRejected(
  db: AppDatabase,
  seq: number,
  now: number,
  body?: unknown,
): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const entry = await rejectedEntry(db, seq);
    let nextBody = entry.body;
    if (body !== undefined) {
      const schema = editableBodyOf(entry.op);
      if (!schema) throw new RejectionActionError(`A ${entry.op} request has no body to edit`);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new RejectionActionError(
          `The edited request is not valid: ${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
        );
      }
      nextBody = parsed.data;
    }
    await db.outbox.update(seq, {
      status: 'pending',
      body: nextBody,
      idempotency_key: crypto.randomUUID(),
      attempts: 0,
      next_attempt_at: now,
      rejection: undefined,
      last_error: undefined,
    });
    await refreshRecordSyncState(db, entry.record);
  });
}

/**
 * Drops the refused entry. For a create the record never reached the server: it stays on this
 * computer only (`sync_state` = local) and the record's later entries, which could only be
 * about that server record, are dropped with it. For any other change the server's state of the
 * record is fetched again, so the local copy returns to what the server holds.
 */
export async function discardRejected(db: AppDatabase, seq: number, now: number): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const entry = await rejectedEntry(db, seq);
    const ref = parseRecordKey(entry.record);
    const kind = ref && findRecordKind(ref.kind);
    if (isCreateOp(entry.op)) {
      await db.outbox
        .where('record')
        .equals(entry.record)
        .filter((e) => e.status !== 'done')
        .delete();
      if (ref) await kind?.setSyncState(db, ref.id, 'local');
      if (ref) await kind?.createDiscarded?.(db, ref.id, now);
      return;
    }
    await db.outbox.delete(seq);
    await refreshRecordSyncState(db, entry.record);
    if (ref) await kind?.refetch(db, ref.id, now);
  });
}

/** The coordinator has seen the changed outcomes of a batch: the marks go. */
export async function acknowledgeChangedOutcomes(db: AppDatabase, batchId: string): Promise<void> {
  await db.transaction('rw', [db.batches, db.itemPages], async () => {
    await updateBatchItems(db, batchId, (item) => {
      if (item.outcome_changed === undefined) return undefined;
      const { outcome_changed: _seen, ...rest } = item;
      return rest;
    });
    await db.batches.update(batchId, { changed_outcomes: 0 });
  });
}
