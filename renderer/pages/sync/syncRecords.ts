import { type BatchRecord, type ItemRecord, type OutboxEntry, readBatchItems } from '../../../src/db';
import { parseRecordKey } from '../../../src/sync/recordIds';
import { db } from '../../database/db';

/** What the Sync page lists, read in one go so its tables stay consistent with each other. */

export interface OutboxRow {
  entry: OutboxEntry;
  /** the batch or run the entry is about, named for the coordinator */
  subject: RecordSubject;
}

export interface RecordSubject {
  kind: 'batch' | 'run' | 'unknown';
  /** the local id, for a link */
  id?: string;
  name: string;
}

export interface ChangedOutcome {
  batch: BatchRecord;
  item: ItemRecord;
}

export interface SyncLists {
  open: OutboxRow[];
  rejected: OutboxRow[];
  changed: ChangedOutcome[];
}

const OP_LABEL: Record<string, string> = {
  'batch.create': 'Submit batch',
  'batch.update': 'Change batch',
  'batch.retry': 'Retry failed items',
  'batch.cancel': 'Cancel batch',
  'batch.delete': 'Delete batch',
  'run.create': 'Record reminder run',
  'run.update': 'Change reminder run',
  'run.delete': 'Delete reminder run',
};

export function opLabel(op: string): string {
  return OP_LABEL[op] ?? op;
}

export async function loadSyncLists(): Promise<SyncLists> {
  return db.transaction('r', [db.outbox, db.batches, db.itemPages, db.expiryRuns], async () => {
    const open = await db.outbox.where('status').anyOf(['pending', 'inflight']).sortBy('seq');
    const rejected = await db.outbox.where('status').equals('rejected').sortBy('seq');
    const changedBatches = await db.batches.filter((batch) => batch.changed_outcomes > 0).toArray();
    const changed: ChangedOutcome[] = [];
    for (const batch of changedBatches) {
      const items = (await readBatchItems(db, batch.id)).filter((item) => item.outcome_changed !== undefined);
      for (const item of items) changed.push({ batch, item });
    }
    return {
      open: await Promise.all(open.map(withSubject)),
      rejected: await Promise.all(rejected.map(withSubject)),
      changed,
    };
  });
}

async function withSubject(entry: OutboxEntry): Promise<OutboxRow> {
  const ref = parseRecordKey(entry.record);
  if (ref?.kind === 'batch') {
    const batch = await db.batches.get(ref.id);
    const name = batch ? batch.label || batch.batch_id || 'Batch (no label)' : 'A batch deleted here';
    return { entry, subject: { kind: 'batch', id: batch ? ref.id : undefined, name } };
  }
  if (ref?.kind === 'run') {
    const run = await db.expiryRuns.get(ref.id);
    const name = run ? `Reminder run of ${run.evaluated_on}` : 'A reminder run deleted here';
    return { entry, subject: { kind: 'run', id: run ? ref.id : undefined, name } };
  }
  return { entry, subject: { kind: 'unknown', name: entry.record } };
}
