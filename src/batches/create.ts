import { DEFAULT_MAX_ITEMS, type BatchCreate, type ItemInput } from '../contract';
import { type AppDatabase, type BatchRecord, type ItemRecord, batchTables, putBatchItems } from '../db';
import { itemIdFor } from '../domain/batchItemStatus';
import { MAX_LABEL_LENGTH } from '../domain/batchActions';
import { enqueueJob } from '../engine/queue';
import { appendOutboxEntry, batchRecordKey } from '../sync/outbox';
import { BatchActionError } from './errors';
import { PROCESS_BATCH_JOB } from './jobs';

/** An item to submit; `source_row` stays on this computer (the contract's item has no such field). */
export type NewItem = ItemInput & { source_row?: number };

export interface NewBatches {
  coordinatorId: string;
  label: string;
  /** the file the items came from */
  sourceName?: string;
  /** validated items in submitted order, each with its spreadsheet row number when imported */
  items: readonly NewItem[];
  /** items per batch; the contract's limit unless the server is configured otherwise */
  maxItems?: number;
}

/**
 * Stores the items as batches of at most `maxItems`, each with its items, its processing job
 * and its `batch.create` outbox entry, all in ONE transaction: either every batch is stored or
 * nothing is. Returns the local ids in order.
 */
export async function createBatches(db: AppDatabase, input: NewBatches, now: number): Promise<string[]> {
  const maxItems = input.maxItems ?? DEFAULT_MAX_ITEMS;
  if (input.items.length === 0) throw new BatchActionError('invalid', 'There are no rows to submit.');
  if (input.coordinatorId.trim() === '') {
    throw new BatchActionError(
      'invalid',
      'Enter your coordinator id in the settings before submitting a batch.',
    );
  }
  const parts: NewItem[][] = [];
  for (let start = 0; start < input.items.length; start += maxItems) {
    parts.push(input.items.slice(start, start + maxItems));
  }
  const submittedAt = new Date(now).toISOString();

  // The parts share their submission time, and the list orders equal times by id, newest
  // (greatest) first: part 1 gets the greatest id so the parts read 1, 2, 3 on every visit.
  const partIds = parts.map(() => crypto.randomUUID()).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));

  return db.transaction('rw', batchTables(db), async () => {
    const ids: string[] = [];
    for (const [index, items] of parts.entries()) {
      const id = partIds[index]!;
      const label = labelOf(
        input.label.trim() || input.sourceName?.trim() || 'Imported batch',
        index,
        parts.length,
      );
      const batch: BatchRecord = {
        id,
        coordinator_id: input.coordinatorId,
        label,
        status: 'processing',
        total_items: items.length,
        completed: 0,
        failed: 0,
        cancelled_items: 0,
        submitted_at: submittedAt,
        completed_at: null,
        updated_at: submittedAt,
        ...(input.sourceName !== undefined ? { source_name: input.sourceName } : {}),
        sync_state: 'local',
        changed_outcomes: 0,
      };
      await db.batches.add(batch);
      await putBatchItems(
        db,
        id,
        items.map((item, i) => itemRecord(id, i + 1, item)),
      );
      await enqueueJob(db, { kind: PROCESS_BATCH_JOB, subject: id }, now);
      const body: BatchCreate = {
        coordinator_id: input.coordinatorId,
        items: items.map(wireItem),
        label,
        client_batch_id: id,
      };
      await appendOutboxEntry(
        db,
        { record: batchRecordKey(id), op: 'batch.create', method: 'POST', body },
        now,
      );
      ids.push(id);
    }
    return ids;
  });
}

/** "March sessions", or "March sessions (part 2 of 3)" when the file became several batches. */
function labelOf(label: string, index: number, parts: number): string {
  const suffix = parts > 1 ? ` (part ${index + 1} of ${parts})` : '';
  return label.trim().slice(0, MAX_LABEL_LENGTH - suffix.length) + suffix;
}

function itemRecord(batch: string, seq: number, item: NewItem): ItemRecord {
  return {
    batch,
    seq,
    item_id: itemIdFor(seq),
    ...wireItem(item),
    ...(item.source_row !== undefined ? { source_row: item.source_row } : {}),
    status: 'pending',
  };
}

/** Exactly the contract's item fields (the strict schema refuses any other). */
function wireItem(item: ItemInput): ItemInput {
  return {
    mentor_id: item.mentor_id,
    activity_type: item.activity_type,
    activity_date: item.activity_date,
    duration_minutes: item.duration_minutes,
    ...(item.notes !== undefined && item.notes !== '' ? { notes: item.notes } : {}),
  };
}
