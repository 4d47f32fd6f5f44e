import type { AppDatabase } from '../db';
import { holdFeedVersion, releaseOrphanedHeldVersions } from './heldVersions';
import { hasUnsentChanges } from './outboxState';
import { FEED_PAGE_LIMIT, onPullFailure, type PullOptions, type PullReport } from './pullContext';
import { recordKey } from './recordIds';
import {
  recordKinds,
  syncTables,
  type FeedDescriptor,
  type RecordKindDescriptor,
  type SweepDescriptor,
} from './recordKinds';

/**
 * Brings the server's state back, for every registered record kind:
 * - its own pull step first (batches we changed are polled until final, then their outcomes
 *   replace the local provisional ones);
 * - records created or changed elsewhere for this coordinator arrive through the kind's
 *   `updated_since` feed, from a cursor kept in `settings`, in one generic loop.
 *
 * A record with changes the server has not accepted yet is never overwritten: its pending
 * entries go first, and every accepted change schedules a fresh poll.
 *
 * A record the server deleted: the app stops showing it. The feed has no tombstones, so a
 * deletion is learnt from a poll answering 404, or from a sweep (`sweep: true`, on start and
 * "Sync now") that lists the server's ids and drops local synced records missing from it (a
 * batch takes its items, unconfirmed activities and queued entries along; activities the server
 * confirmed stay, as the contract keeps them when a batch is deleted).
 */

export { FEED_PAGE_LIMIT, type PullOptions, type PullReport } from './pullContext';
export { BATCH_CURSOR_KEY } from './kinds/batchKind';
export { RUN_CURSOR_KEY } from './kinds/runKind';
/** The feed's first cursor: before anything, so every record comes, in `updated_at` order. */
export const FEED_START = '1970-01-01T00:00:00Z';

export async function pullOutcomes(options: PullOptions): Promise<PullReport> {
  const report: PullReport = { applied: 0, changed: 0, fed: 0, lost: 0, authRefused: false };
  const goOn = () => !report.authRefused && !options.signal?.aborted;
  const kinds = recordKinds();
  for (const kind of kinds) if (kind.poll && goOn()) await kind.poll(options, report);
  for (const kind of kinds) if (kind.feed && goOn()) await followFeed(options, kind.kind, kind.feed, report);
  if (!options.sweep || report.lastError) return report;
  for (const kind of kinds) if (kind.sweep && goOn()) await sweepDeleted(options, kind, kind.sweep, report);
  return report;
}

/** How often the kinds' poll steps look for due polls while a push is still sending. */
export const POLL_DURING_PUSH_MS = 50;

/**
 * Runs the kinds' poll steps while `push` is still sending, so a record accepted early is
 * fetched back as soon as the server finished it, not after the last record went: the push of
 * ten large batches otherwise ends with ten detail reads in a row. Returns what they did; the
 * full pull (feeds, sweep, the polls left) follows the push as before.
 */
export async function pollDuringPush(push: Promise<unknown>, options: PullOptions): Promise<PullReport> {
  const report: PullReport = { applied: 0, changed: 0, fed: 0, lost: 0, authRefused: false };
  let pushing = true;
  const ended = push.then(
    () => (pushing = false),
    () => (pushing = false),
  );
  const kinds = recordKinds().filter((kind) => kind.poll !== undefined);
  while (pushing && !report.authRefused && !options.signal?.aborted) {
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, POLL_DURING_PUSH_MS))]);
    if (!pushing) break;
    for (const kind of kinds) await kind.poll!(options, report);
  }
  return report;
}

/** Reads one kind's feed from its cursor; the cursor moves only after a full paged pass. */
async function followFeed(
  options: PullOptions,
  kind: string,
  feed: FeedDescriptor,
  report: PullReport,
): Promise<void> {
  const { db, client } = options;
  if (feed.recordOf) await releaseOrphanedHeldVersions(options, kind, feed, report);
  const cursor = await readCursor(db, feed.cursorKey);
  let newest = cursor;
  for (let page = 1; ; page++) {
    if (options.signal?.aborted) return;
    const result = await feed.list(client, { updated_since: cursor, page, limit: FEED_PAGE_LIMIT });
    if (!result.ok) return onPullFailure(report, result.error, async () => undefined);
    for (const summary of result.data.data) {
      const updatedAt = feed.updatedAt(summary);
      if (!(await takeOrHold(options, feed, summary, updatedAt, report))) return;
      if (updatedAt !== undefined && updatedAt > newest) newest = updatedAt;
    }
    const { data, pagination } = result.data;
    if (data.length < FEED_PAGE_LIMIT || page * pagination.limit >= pagination.total) break;
  }
  // a record seen twice is harmless, one skipped is not
  await db.settings.put({ key: feed.cursorKey, value: newest });
}

/** Writes the summary, or keeps it while its record has changes not answered yet. */
async function takeOrHold(
  options: PullOptions,
  feed: FeedDescriptor,
  summary: unknown,
  updatedAt: string | undefined,
  report: PullReport,
): Promise<boolean> {
  const ref = feed.recordOf?.(summary);
  if (ref && updatedAt !== undefined) {
    const { db } = options;
    const held = await db.transaction('rw', syncTables(db), async () => {
      if (!(await hasUnsentChanges(db, recordKey(ref)))) return false;
      await holdFeedVersion(db, ref, summary, updatedAt);
      return true;
    });
    if (held) return true;
  }
  return feed.take(options, summary, report);
}

/** Every id the server lists, or undefined when a page failed. */
async function listAllIds(
  options: PullOptions,
  sweep: SweepDescriptor,
  report: PullReport,
): Promise<Set<string> | undefined> {
  const ids = new Set<string>();
  for (let page = 1; ; page++) {
    const result = await sweep.list(options.client, { page, limit: FEED_PAGE_LIMIT });
    if (!result.ok) {
      await onPullFailure(report, result.error, async () => undefined);
      return undefined;
    }
    for (const row of result.data.data) ids.add(sweep.serverIdOf(row));
    if (
      result.data.data.length < FEED_PAGE_LIMIT ||
      page * result.data.pagination.limit >= result.data.pagination.total
    ) {
      return ids;
    }
  }
}

async function sweepDeleted(
  options: PullOptions,
  kind: RecordKindDescriptor,
  sweep: SweepDescriptor,
  report: PullReport,
): Promise<void> {
  const { db } = options;
  const serverIds = await listAllIds(options, sweep, report);
  if (!serverIds) return;
  const gone = (await sweep.syncedRecords(db)).filter((record) => !serverIds.has(record.serverId));
  for (const { localId, serverId } of gone) {
    if (options.signal?.aborted) return;
    if (sweep.readOne && !(await confirmedGone(sweep.readOne, options, serverId, report))) {
      if (report.lastError !== undefined || report.authRefused) return;
      continue;
    }
    await db.transaction('rw', syncTables(db), async () => {
      if (await hasUnsentChanges(db, recordKey({ kind: kind.kind, id: localId }))) return;
      await sweep.remove(db, localId);
    });
    report.lost += 1;
  }
}

/** True when the server answers 404 for the record; a failure is reported (and answers false). */
async function confirmedGone(
  readOne: NonNullable<SweepDescriptor['readOne']>,
  options: PullOptions,
  serverId: string,
  report: PullReport,
): Promise<boolean> {
  const result = await readOne(options.client, serverId);
  if (result.ok) return false;
  let notFound = false;
  await onPullFailure(report, result.error, async () => {
    notFound = true;
  });
  return notFound;
}

async function readCursor(db: AppDatabase, key: string): Promise<string> {
  const row = await db.settings.get(key);
  return typeof row?.value === 'string' ? row.value : FEED_START;
}
