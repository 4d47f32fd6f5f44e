import {
  type BatchRecord,
  type ItemRecord,
  type OutboxEntry,
  type RegistrationRecord,
  readBatchItems,
} from '../../../src/db';
import { changedRegistrations } from '../../../src/sync/kinds/registrationChanges';
import { parseRecordKey } from '../../../src/sync/recordIds';
import { findOperation, findRecordKind, syncTables } from '../../../src/sync/recordKinds';
import { db } from '../../database/db';

/** What the Sync page lists, read in one go so its tables stay consistent with each other. */

export interface OutboxRow {
  entry: OutboxEntry;
  /** the record the entry is about, named for the coordinator */
  subject: RecordSubject;
}

export interface RecordSubject {
  /** the route segment of the record's page (`batches`), when it has one and is still here */
  page?: string;
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
  /** registrations whose server outcome differed, not yet marked as seen */
  changedRegistrations: RegistrationRecord[];
}

/** The operation as its record kind's descriptor names it ("Submit batch"). */
export function opLabel(op: string): string {
  return findOperation(op)?.label ?? op;
}

export async function loadSyncLists(): Promise<SyncLists> {
  return db.transaction('r', syncTables(db), async () => {
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
      changedRegistrations: await changedRegistrations(db),
    };
  });
}

async function withSubject(entry: OutboxEntry): Promise<OutboxRow> {
  const ref = parseRecordKey(entry.record);
  const kind = ref && findRecordKind(ref.kind);
  if (!ref || !kind) return { entry, subject: { name: entry.record } };
  const { name, exists } = await kind.subject(db, ref.id);
  return { entry, subject: exists ? { page: kind.page, id: ref.id, name } : { name } };
}
