import type { AppDatabase } from '../db';
import { findRecordKind } from './recordKinds';

/**
 * Outbox entries name their record `<kind>:<local id>` (`batch:<uuid>`, `run:<uuid>`), always
 * through `recordKey`. The server's id (`batch-0043`) is learnt from the create's answer and
 * kept under `sync.id:<record>` (as well as on the record when its kind stores it), so an entry
 * can still be sent after the coordinator removed the local row (a delete).
 */

/** the name of a registered record kind (`batch`, `run`) */
export type RecordKind = string;

export interface RecordRef {
  kind: RecordKind;
  /** local id: BatchRecord.id, ExpiryRunRecord.run_id, ... */
  id: string;
}

/** The record an outbox key names, or undefined when its kind is not one this app knows. */
export function parseRecordKey(record: string): RecordRef | undefined {
  const at = record.indexOf(':');
  if (at <= 0) return undefined;
  const kind = record.slice(0, at);
  const id = record.slice(at + 1);
  if (id === '' || findRecordKind(kind) === undefined) return undefined;
  return { kind, id };
}

export function recordKey(ref: RecordRef): string {
  return `${ref.kind}:${ref.id}`;
}

const ID_PREFIX = 'sync.id:';
const idKey = (record: string) => ID_PREFIX + record;

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
  return findRecordKind(ref.kind)?.storedServerId?.(db, ref.id);
}

/** The local id mapped to a server id, kept while a removed record's delete is queued. */
export async function localIdOfServerId(
  db: AppDatabase,
  kind: RecordKind,
  serverId: string,
): Promise<string | undefined> {
  const prefix = idKey(recordKey({ kind, id: '' }));
  const row = await db.settings
    .where('key')
    .startsWith(prefix)
    .filter((r) => r.value === serverId)
    .first();
  return row?.key.slice(prefix.length);
}
