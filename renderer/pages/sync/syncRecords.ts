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
import { entriesBehindRefusals } from '../../../src/sync/waiting';
import { db } from '../../database/db';

/** What the Sync page lists, read in one go so its tables stay consistent with each other. */

export interface OutboxRow {
  entry: OutboxEntry;
  /** the record the entry is about, named for the coordinator */
  subject: RecordSubject;
  /** the record whose refused change holds this one (its own, or one it names), until edited or discarded */
  behindRefusalOf?: RecordSubject;
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
    const behind = await entriesBehindRefusals(db);
    const withWait = async (entry: OutboxEntry): Promise<OutboxRow> => {
      const row = await withSubject(entry);
      const refused = behind.get(entry.seq as number);
      return refused === undefined ? row : { ...row, behindRefusalOf: await subjectOf(refused) };
    };
    return {
      open: await Promise.all(open.map(withWait)),
      rejected: await Promise.all(rejected.map(withSubject)),
      changed,
      changedRegistrations: await changedRegistrations(db),
    };
  });
}

async function withSubject(entry: OutboxEntry): Promise<OutboxRow> {
  return { entry, subject: await subjectOf(entry.record) };
}

async function subjectOf(record: string): Promise<RecordSubject> {
  const ref = parseRecordKey(record);
  const kind = ref && findRecordKind(ref.kind);
  if (!ref || !kind) return { name: record };
  const { name, exists } = await kind.subject(db, ref.id);
  return exists ? { page: kind.page, id: ref.id, name } : { name };
}
