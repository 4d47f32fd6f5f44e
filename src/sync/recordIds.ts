import type { AppDatabase } from '../db';

/**
 * Outbox entries name their record `batch:<uuid>` or `run:<uuid>` with the local id. The
 * server's id (`batch-0043`) is learnt from the create's answer and kept under
 * `sync.id:<record>` as well as on the batch row, so an entry can still be sent after the
 * coordinator removed the local row (a delete).
 */

export type RecordKind = 'batch' | 'run';

export interface RecordRef {
  kind: RecordKind;
  /** local id: BatchRecord.id or ExpiryRunRecord.run_id */
  id: string;
}

export function parseRecordKey(record: string): RecordRef | undefined {
  const at = record.indexOf(':');
  const kind = record.slice(0, at);
  const id = record.slice(at + 1);
  if ((kind !== 'batch' && kind !== 'run') || id === '') return undefined;
  return { kind, id };
}

export function recordKey(ref: RecordRef): string {
  return `${ref.kind}:${ref.id}`;
}

const idKey = (record: string) => `sync.id:${record}`;

/** Call inside a transaction over `settings` (and `batches` for a batch). */
export async function rememberServerId(db: AppDatabase, ref: RecordRef, serverId: string): Promise<void> {
  await db.settings.put({ key: idKey(recordKey(ref)), value: serverId });
}

export async function forgetServerId(db: AppDatabase, ref: RecordRef): Promise<void> {
  await db.settings.delete(idKey(recordKey(ref)));
}

/** The server's id of a record, or undefined while its create has not been answered. */
export async function serverIdOf(db: AppDatabase, ref: RecordRef): Promise<string | undefined> {
  const mapped = await db.settings.get(idKey(recordKey(ref)));
  if (typeof mapped?.value === 'string') return mapped.value;
  if (ref.kind === 'batch') return (await db.batches.get(ref.id))?.batch_id;
  return undefined;
}
