import type { AppDatabase } from '../db';
import { holdFeedVersion, releaseOrphanedHeldVersions } from './heldVersions';
import { POLL_BACKOFF } from './backoff';
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
import { sleep } from './sleep';

/**
 * Brings the server's state back, for every registered record kind:
 * - its own pull step first (batches we changed are polled until final, then their outcomes
 *   replace the local provisional ones), or beside the feeds, again each time it falls due, for
 *   a kind that asks for it (`followPoll`: attendee jobs);
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
  for (const kind of kinds) if (kind.poll && !kind.followPoll && goOn()) await kind.poll(options, report);
  let feeding = true;
  const following = Promise.all(
    kinds.flatMap((kind) =>
      kind.poll && kind.followPoll ? [followPoll(options, kind, report, () => feeding)] : [],
    ),
  );
  // its failure is met once the feeds are done, not left unhandled meanwhile
  following.catch(() => undefined);
  await followedFirst(following, options.feedsWaitMs ?? FEEDS_WAIT_MS, options.signal);
  try {
    for (const kind of kinds)
      if (kind.feed && goOn()) await followFeed(options, kind.kind, kind.feed, report);
  } finally {
    feeding = false;
    await following;
  }
  if (!options.sweep || report.lastError) return report;
  for (const kind of kinds) if (kind.sweep && goOn()) await sweepDeleted(options, kind, kind.sweep, report);
  return report;
}

/**
 * The longest the feeds wait for the followed polls. The coordinator waits on those (an import's
 * jobs still on the server), while the feeds bring what changed elsewhere, and after a large
 * import that import's own records once more: read beside the polls, they took the database and
 * the server's time from the jobs being settled. Past this the feeds go and the follow goes on
 * beside them, so a job the server is slow with holds back no feed for long.
 */
export const FEEDS_WAIT_MS = 30_000;

async function followedFirst(
  following: Promise<unknown>,
  waitMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const wait = new AbortController();
  const abort = () => wait.abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.race([following.catch(() => undefined), sleep(waitMs, wait.signal)]);
  } finally {
    wait.abort();
    signal?.removeEventListener('abort', abort);
  }
}

/** How often the kinds' poll steps look for due polls while a push is still sending. */
export const POLL_DURING_PUSH_MS = 50;

/**
 * Runs the kinds' poll steps while `push` is still sending, so a record accepted early is
 * fetched back and stored as soon as the server finished it, not after the last record went:
 * the push of ten large batches otherwise ends with ten detail reads and ten local writes in a
 * row. Each kind polls in its own loop, so one kind's slow step does not hold back another's; a
 * refresh the push does not wait on (`pollAfterPush`, the reference data) waits for the full pull. After the push ended the
 * loops go on only until the steps begun during it are done (a step begun later does not keep
 * them going), and none is left running: the full pull that follows (feeds, sweep, the polls
 * left) never runs a kind's step twice at once. Returns what they did.
 */
export async function pollDuringPush(push: Promise<unknown>, options: PullOptions): Promise<PullReport> {
  const report: PullReport = { applied: 0, changed: 0, fed: 0, lost: 0, authRefused: false };
  let pushing = true;
  const ended = push.then(
    () => (pushing = false),
    () => (pushing = false),
  );
  let begunWhilePushing = 0;
  let failed = false;
  const stopped = () => failed || report.authRefused || options.signal?.aborted === true;
  const pause = () => {
    const step = new Promise((resolve) => setTimeout(resolve, POLL_DURING_PUSH_MS));
    return pushing ? Promise.race([ended, step]) : step;
  };
  const done = () => stopped() || (!pushing && begunWhilePushing === 0);
  const loop = async (poll: NonNullable<RecordKindDescriptor['poll']>) => {
    while (!done()) {
      await pause();
      if (done()) return;
      const counted = pushing;
      if (counted) begunWhilePushing += 1;
      try {
        await poll(options, report);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        if (counted) begunWhilePushing -= 1;
      }
    }
  };
  const polls = recordKinds().flatMap((kind) => (kind.poll && !kind.pollAfterPush ? [kind.poll] : []));
  await Promise.all(polls.map(loop));
  return report;
}

/**
 * How long a followed poll (`followPoll`) keeps going once the feeds are done, while its next
 * round is due within `FOLLOW_WAIT_MS`; beside the feeds it goes on for as long as they run.
 */
export const FOLLOW_POLL_MS = 30_000;
export const FOLLOW_WAIT_MS = POLL_BACKOFF.capMs;
/**
 * At least this long between two rounds: with hundreds of records backing off independently one
 * is nearly always due, and one round covers them all.
 */
export const FOLLOW_GAP_MS = POLL_BACKOFF.baseMs;

/**
 * Runs a kind's poll step, round after round while its next poll (`nextPollAt`) falls due soon,
 * beside the feeds (`feeding`) and for `FOLLOW_POLL_MS` after them. The coordinator waits on it
 * (an import's jobs still on the server), so the feeds, which bring that import's 10,000
 * registrations and learners back once more, must not hold it back.
 */
async function followPoll(
  options: PullOptions,
  kind: RecordKindDescriptor,
  report: PullReport,
  feeding: () => boolean,
): Promise<void> {
  const { db, now, signal } = options;
  let fedUntil: number | undefined;
  // a clock that does not move (tests) must not keep the step going for ever once the feeds ended
  for (let rounds = 0; rounds < FOLLOW_POLL_MS / FOLLOW_GAP_MS;) {
    await kind.poll!(options, report);
    if (report.authRefused || report.lastError !== undefined || signal?.aborted) return;
    const next = await kind.nextPollAt?.(db);
    if (next === undefined) return;
    const wait = Math.max(FOLLOW_GAP_MS, next - now());
    if (!feeding()) {
      fedUntil ??= now();
      rounds += 1;
      if (wait > FOLLOW_WAIT_MS || now() - fedUntil + wait > FOLLOW_POLL_MS) return;
    }
    await sleep(Math.min(wait, FOLLOW_WAIT_MS), signal);
  }
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
  const since = overlapped(cursor);
  let newest = cursor;
  for (let page = 1; ; page++) {
    if (options.signal?.aborted) return;
    const result = await feed.list(client, { updated_since: since, page, limit: FEED_PAGE_LIMIT });
    if (!result.ok) return onPullFailure(report, result.error, async () => undefined);
    const takePage = async (): Promise<boolean> => {
      const summaries = result.data.data;
      const unchanged = feed.recordOf && feed.unchanged ? await feed.unchanged(db, summaries) : [];
      for (const [index, summary] of summaries.entries()) {
        const updatedAt = feed.updatedAt(summary);
        if (unchanged[index] !== true && !(await takeOrHold(options, feed, summary, updatedAt, report)))
          return false;
        if (updatedAt !== undefined && updatedAt > newest) newest = updatedAt;
      }
      return true;
    };
    // A feed whose take only writes the database (`recordOf`) takes a page in one transaction:
    // after a 10,000-person import the registration and learner feeds bring every record back,
    // and two transactions per record were most of the pull's time. A take then joins it.
    const taken = feed.recordOf ? await db.transaction('rw', syncTables(db), takePage) : await takePage();
    if (!taken) return;
    const { data, pagination } = result.data;
    if (data.length < FEED_PAGE_LIMIT || page * pagination.limit >= pagination.total) break;
  }
  // a record seen twice is harmless, one skipped is not
  await db.settings.put({ key: feed.cursorKey, value: newest });
}

/**
 * How far before its cursor a feed reads again. A server stamps `updated_at` inside its
 * transaction, before the commit, so a change stamped earlier can become visible after one
 * stamped later (two requests at once, or one the laptop stopped waiting for): reading only from
 * the newest time seen would skip it for good. Copies seen again are skipped by each `take`.
 */
export const FEED_OVERLAP_MS = 2_000;

function overlapped(cursor: string): string {
  const at = Date.parse(cursor);
  if (cursor === FEED_START || Number.isNaN(at)) return cursor;
  return new Date(Math.max(0, at - FEED_OVERLAP_MS)).toISOString();
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
