import type { AppDatabase } from '../db';
import { openEntriesOf } from './outboxState';
import type { PullOptions, PullReport } from './pullContext';
import { recordKey, type RecordRef } from './recordIds';
import type { FeedDescriptor } from './recordKinds';

/**
 * A feed's copy of a record that arrived while the record had changes not answered yet. It cannot
 * be written then (it would undo the local change), and the feed's cursor moves past it, so it is
 * kept here until the record's last open entry is answered. Then the newer of the two wins: the
 * answer, or this copy. Without it, an answer replayed for a retried request (the server's first
 * answer, given again under the same Idempotency-Key) is the last word, though the server moved
 * on since: an event's seat count stayed at what it was when its edit was first sent.
 */

const PREFIX = 'sync.held:';

interface Held {
  updated_at: string;
  summary: unknown;
}

const heldKey = (record: string) => `${PREFIX}${record}`;

function asHeld(value: unknown): Held | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const held = value as Partial<Held>;
  return typeof held.updated_at === 'string'
    ? { updated_at: held.updated_at, summary: held.summary }
    : undefined;
}

/** Keeps `summary` for `ref` unless a newer copy is kept already. Inside a transaction over `settings`. */
export async function holdFeedVersion(
  db: AppDatabase,
  ref: RecordRef,
  summary: unknown,
  updatedAt: string,
): Promise<void> {
  const key = heldKey(recordKey(ref));
  const kept = asHeld((await db.settings.get(key))?.value);
  if (kept && kept.updated_at >= updatedAt) return;
  await db.settings.put({ key, value: { updated_at: updatedAt, summary } satisfies Held });
}

/**
 * After an answer for `record` was stored: when no entry of it is open any more, the kept feed
 * copy goes, written through the feed when it is newer than the answer (`answeredAt`, undefined
 * for an answer without a body). Inside the transaction that stored the answer.
 */
export async function releaseHeldVersion(
  options: PullOptions,
  feed: FeedDescriptor,
  record: string,
  answeredAt: string | undefined,
): Promise<void> {
  const { db } = options;
  const key = heldKey(record);
  const held = asHeld((await db.settings.get(key))?.value);
  if (!held || (await openEntriesOf(db, record)).length > 0) return;
  await db.settings.delete(key);
  if (answeredAt !== undefined && answeredAt >= held.updated_at) return;
  await feed.take(options, held.summary, emptyReport());
}

/**
 * Kept copies whose record has no open entry any more without an answer having released them (a
 * refused change the coordinator discarded): written now, before the feed reads on.
 */
export async function releaseOrphanedHeldVersions(
  options: PullOptions,
  kind: string,
  feed: FeedDescriptor,
  report: PullReport,
): Promise<void> {
  const { db } = options;
  const rows = await db.settings.where('key').startsWith(`${PREFIX}${kind}:`).toArray();
  for (const row of rows) {
    const record = row.key.slice(PREFIX.length);
    if ((await openEntriesOf(db, record)).length > 0) continue;
    const held = asHeld(row.value);
    await db.settings.delete(row.key);
    if (held) await feed.take(options, held.summary, report);
  }
}

function emptyReport(): PullReport {
  return { applied: 0, changed: 0, fed: 0, lost: 0, authRefused: false };
}
