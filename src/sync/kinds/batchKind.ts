import type { AppDatabase } from '../../db';
import { BatchCreate, BatchRetry, BatchUpdate, type BatchCreated, type BatchSummary } from '../../contract';
import { isOvertakenByServer } from '../classify';
import { allPolls, endPoll, isPolled, schedulePoll } from '../pollSet';
import { removeLostBatch } from '../reconcile';
import { rememberServerId } from '../recordIds';
import type { OperationDescriptor, RecordKindDescriptor } from '../recordKinds';
import { asObject, parseBody } from '../requests';
import { pollDueBatches, takeBatchSummary } from './batchPull';

/** Bulk registration batches (`/bulk-registrations`), local id `BatchRecord.id`. */

const need = (id: string | undefined) => id ?? '';

/** A retry or delete waits until the server finished the batch (else it would answer 409 or retry only some). */
const untilFinal = (db: AppDatabase, ref: { id: string }) => isPolled(db, ref.id);

const overtaken = (op: string) => (body: unknown, status: number, code: string) =>
  isOvertakenByServer(op, body, status, code);

export const BATCH_CURSOR_KEY = 'sync.cursor.batches';

const operations: Record<string, OperationDescriptor> = {
  'batch.create': {
    label: 'Submit batch',
    method: 'POST',
    create: true,
    editableBody: BatchCreate,
    request: (entry, ref) => {
      const body = parseBody(BatchCreate, { client_batch_id: ref.id, ...asObject(entry.body) });
      return body.ok ? { ok: true, send: (c) => c.createBatch(body.value, entry.idempotency_key) } : body;
    },
  },
  'batch.update': {
    label: 'Change batch',
    method: 'PUT',
    editableBody: BatchUpdate,
    overtaken: overtaken('batch.update'),
    request: (entry, _ref, serverId) => {
      const body = parseBody(BatchUpdate, entry.body);
      return body.ok
        ? { ok: true, send: (c) => c.updateBatch(need(serverId), body.value, entry.idempotency_key) }
        : body;
    },
  },
  'batch.retry': {
    label: 'Retry failed items',
    method: 'POST',
    heldBack: untilFinal,
    overtaken: overtaken('batch.retry'),
    request: (entry, _ref, serverId) => {
      // a retry with corrections carries them; a plain one is sent without a body, as the seed's
      if (entry.body === undefined) {
        return { ok: true, send: (c) => c.retryBatch(need(serverId), entry.idempotency_key) };
      }
      const body = parseBody(BatchRetry, entry.body);
      return body.ok
        ? { ok: true, send: (c) => c.retryBatch(need(serverId), entry.idempotency_key, body.value) }
        : body;
    },
  },
  'batch.cancel': {
    label: 'Cancel batch',
    method: 'POST',
    overtaken: overtaken('batch.cancel'),
    request: (entry, _ref, serverId) => ({
      ok: true,
      send: (c) => c.cancelBatch(need(serverId), entry.idempotency_key),
    }),
  },
  'batch.delete': {
    label: 'Delete batch',
    method: 'DELETE',
    heldBack: untilFinal,
    request: (entry, _ref, serverId) => ({
      ok: true,
      send: (c) => c.deleteBatch(need(serverId), entry.idempotency_key),
    }),
  },
};

export const batchKind: RecordKindDescriptor = {
  kind: 'batch',
  page: 'batches',
  tables: (db) => [db.batches, db.itemPages, db.mentorActivities, db.batchMentors],
  operations,
  pushOrder: 'parallel',
  setSyncState: async (db, localId, state) => {
    await db.batches.update(localId, { sync_state: state });
  },
  storedServerId: async (db, localId) => (await db.batches.get(localId))?.batch_id,
  accept: async ({ db, now }, entry, ref, data) => {
    if (entry.op === 'batch.create') {
      const created = data as BatchCreated;
      await rememberServerId(db, ref, created.batch_id);
      await db.batches.update(ref.id, { batch_id: created.batch_id });
    }
    // after any change the server's final state is fetched (and the create's outcomes)
    if (entry.op === 'batch.delete') await endPoll(db, ref.id);
    else await schedulePoll(db, ref.id, now());
  },
  refetch: (db, localId, now) => schedulePoll(db, localId, now),
  subject: async (db, localId) => {
    const batch = await db.batches.get(localId);
    if (!batch) return { name: 'A batch deleted here', exists: false };
    return { name: batch.label || batch.batch_id || 'Batch (no label)', exists: true };
  },
  poll: pollDueBatches,
  nextPollAt: async (db) => {
    const times = (await allPolls(db)).map((poll) => poll.next_poll_at);
    return times.length === 0 ? undefined : Math.min(...times);
  },
  feed: {
    cursorKey: BATCH_CURSOR_KEY,
    list: (client, query) => client.listBatches(query),
    updatedAt: (summary) => (summary as BatchSummary).updated_at,
    take: (options, summary, report) => takeBatchSummary(options, summary as BatchSummary, report),
  },
  sweep: {
    list: (client, { page, limit }) => client.listBatches({ page, limit }),
    serverIdOf: (row) => (row as BatchSummary).batch_id,
    syncedRecords: async (db) =>
      (await db.batches.filter((b) => b.sync_state === 'synced' && b.batch_id !== undefined).toArray()).map(
        (b) => ({ localId: b.id, serverId: b.batch_id as string }),
      ),
    remove: async (db, localId) => {
      await removeLostBatch(db, localId);
      await endPoll(db, localId);
    },
  },
  // a batch counts once however many of its items changed: the Sync page lists them by batch
  changedCount: (db) => db.batches.filter((batch) => batch.changed_outcomes > 0).count(),
};
