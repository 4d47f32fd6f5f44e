import type { BatchCreated, RunDetail } from '../contract';
import type { AppDatabase, OutboxEntry } from '../db';
import { PUSH_BACKOFF, backoffDelay, type RandomSource } from './backoff';
import { classifyOutcome, isOvertakenByServer } from './classify';
import { outcomeOf, type ApiClient, type ApiFailure } from './client';
import { openEntries, refreshRecordSyncState } from './outboxState';
import { endPoll, isPolled, schedulePoll } from './pollSet';
import { reconcileTables } from './reconcile';
import { applyServerRun } from './reconcileRun';
import { forEachBounded } from './pool';
import { parseRecordKey, rememberServerId, serverIdOf, type RecordRef } from './recordIds';
import { CREATE_OPS, prepareRequest } from './requests';

/**
 * Sends the outbox: each record's entries in order (seq), records side by side (bounded). An
 * entry becomes `done` in the transaction that stores the answer's effects; one whose answer was
 * never stored (a crash, a lost connection) is still open, `pending` or `inflight` as a crashed
 * writer left it, and simply goes again with the same Idempotency-Key: the server replays its
 * first answer.
 */

export const DEFAULT_PUSH_CONCURRENCY = 4;

/** Ops that must not reach the server while it is still processing the batch (see `recordReady`). */
const WAIT_FOR_FINAL = new Set(['batch.retry', 'batch.delete']);

export interface PushOptions {
  db: AppDatabase;
  client: ApiClient;
  now: () => number;
  random: RandomSource;
  concurrency?: number;
  timeZone?: string;
  signal?: AbortSignal;
  /** the coordinator pressed Sync now: entries waiting out a backoff go now too */
  ignoreBackoff?: boolean;
  /** after each entry is handled (sent, deferred or held back): how many of the open ones */
  onProgress?: (done: number, total: number) => void;
}

export interface PushReport {
  /** requests answered with success */
  accepted: number;
  /** retryable failures (entry rescheduled) */
  deferred: number;
  /** entries refused for good in this push */
  rejected: number;
  /** the server refused the token: everything stopped, nothing dropped */
  authRefused: boolean;
  /** the last retryable failure, for the status */
  lastError?: string;
}

export async function pushOutbox(options: PushOptions): Promise<PushReport> {
  const { db, concurrency = DEFAULT_PUSH_CONCURRENCY } = options;
  const report: PushReport = { accepted: 0, deferred: 0, rejected: 0, authRefused: false };
  const byRecord = new Map<string, OutboxEntry[]>();
  const open = await openEntries(db);
  let done = 0;
  const handled = (count: number) => {
    done += count;
    options.onProgress?.(done, open.length);
  };
  if (open.length > 0) options.onProgress?.(0, open.length);
  for (const entry of open) {
    const list = byRecord.get(entry.record) ?? [];
    list.push(entry);
    byRecord.set(entry.record, list);
  }

  const pushRecord = async (entries: OutboxEntry[]): Promise<boolean> => {
    for (const [index, entry] of entries.entries()) {
      if (report.authRefused || options.signal?.aborted) return false;
      const goOn = await pushEntry(options, entry, report);
      // a record held back holds its later entries too: they count as handled with it
      handled(goOn ? 1 : entries.length - index);
      if (!goOn) return false;
    }
    return true;
  };
  const records = [...byRecord.values()];
  const runs = records.filter((entries) => entries[0]!.record.startsWith('run:'));
  const others = records.filter((entries) => !entries[0]!.record.startsWith('run:'));
  // Runs go one after another, in the order they were recorded: the server evaluates a run's
  // expirations and dispatches what it does not know was sent, so an earlier run's dispatches
  // must reach it before a later run over the same mentors, or the server sends them again.
  // A create that could not go yet holds the later runs; one refused for good does not.
  const runLane = async () => {
    for (const entries of runs) {
      const head = entries[0]!;
      const sent = await pushRecord(entries);
      if (sent || head.op !== 'run.create') continue;
      const stored = await db.outbox.get(head.seq as number);
      if (stored?.status !== 'done' && stored?.status !== 'rejected') return;
    }
  };
  await Promise.all([
    runLane(),
    forEachBounded(others, Math.max(1, concurrency - (runs.length > 0 ? 1 : 0)), async (entries) => {
      await pushRecord(entries);
    }),
  ]);
  return report;
}

/** Sends one entry; false when the record's later entries must wait. */
async function pushEntry(options: PushOptions, entry: OutboxEntry, report: PushReport): Promise<boolean> {
  const { db, client, now } = options;
  if (entry.status === 'rejected') return false;
  if (entry.next_attempt_at > now() && !options.ignoreBackoff) return false;
  const ref = parseRecordKey(entry.record);
  if (!ref) {
    await reject(db, entry, {
      status: 0,
      code: 'unknown_record',
      message: `Unknown record "${entry.record}"`,
    });
    report.rejected += 1;
    return false;
  }
  const isCreate = CREATE_OPS.has(entry.op);
  const serverId = isCreate ? undefined : await serverIdOf(db, ref);
  // waits for its create (an earlier entry of the same record, not answered yet)
  if (!isCreate && serverId === undefined) return false;
  if (WAIT_FOR_FINAL.has(entry.op) && (await isPolled(db, ref.id))) return false;

  const prepared = prepareRequest(entry, ref, serverId);
  if (!prepared.ok) {
    await reject(db, entry, { status: 0, code: 'invalid_request', message: prepared.message });
    report.rejected += 1;
    return false;
  }

  // no "sending" mark is written first: an entry whose answer was never stored is still open and
  // goes again with its key all the same, and a write per request would serialise the records
  const result = await prepared.send(client);
  if (result.ok) {
    await accept(options, entry, ref, result.data);
    report.accepted += 1;
    return true;
  }
  const verdict = classifyOutcome(outcomeOf(result));
  const error = result.error;
  // deleting what the server no longer has reached the coordinator's goal
  if (error.kind === 'http' && error.status === 404 && entry.method === 'DELETE') {
    await accept(options, entry, ref, undefined);
    report.accepted += 1;
    return true;
  }
  if (verdict === 'auth') {
    await db.outbox.update(entry.seq as number, { status: 'pending' });
    report.authRefused = true;
    return false;
  }
  if (error.kind === 'http' && isOvertakenByServer(entry.op, entry.body, error.status, error.code)) {
    // nothing left to stop or retry there: the poll brings the server's outcomes back
    await accept(options, entry, ref, undefined);
    report.accepted += 1;
    return true;
  }
  if (verdict === 'permanent' && error.kind === 'http') {
    await reject(db, entry, { status: error.status, code: error.code, message: rejectionMessage(error) });
    report.rejected += 1;
    return false;
  }
  if (error.kind === 'aborted') {
    await db.outbox.update(entry.seq as number, { status: 'pending' });
    return false;
  }
  const attempts = entry.attempts + 1;
  const retryAfter = error.kind === 'http' ? { header: error.retryAfter, now: now() } : undefined;
  const message = describeFailure(error);
  await db.outbox.update(entry.seq as number, {
    status: 'pending',
    attempts,
    next_attempt_at: now() + backoffDelay(attempts, PUSH_BACKOFF, options.random, retryAfter),
    last_error: message,
  });
  report.deferred += 1;
  report.lastError = message;
  return false;
}

async function accept(
  options: PushOptions,
  entry: OutboxEntry,
  ref: RecordRef,
  data: unknown,
): Promise<void> {
  const { db, now } = options;
  const nowIso = new Date(now()).toISOString();
  await db.transaction('rw', reconcileTables(db), async () => {
    // a done entry keeps its op, key and time but not its body: the record itself holds the
    // data, and a 10,000-item body kept per batch would double the storage (and every write)
    const { body: _sent, last_error: _error, rejection: _rejection, ...kept } = entry;
    await db.outbox.put({ ...kept, status: 'done', attempts: entry.attempts + 1 });
    if (ref.kind === 'batch') {
      if (entry.op === 'batch.create') {
        const created = data as BatchCreated;
        await rememberServerId(db, ref, created.batch_id);
        await db.batches.update(ref.id, { batch_id: created.batch_id });
      }
      // after any change the server's final state is fetched (and the create's outcomes)
      if (entry.op === 'batch.delete') await endPoll(db, ref.id);
      else await schedulePoll(db, ref.id, now());
    } else if (data !== undefined && (entry.op === 'run.create' || entry.op === 'run.update')) {
      const run = data as RunDetail;
      await rememberServerId(db, ref, run.run_id);
      // a run removed locally meanwhile stays removed (its delete follows in the outbox)
      if ((await db.expiryRuns.get(ref.id)) !== undefined) {
        await applyServerRun(db, { ...run, run_id: ref.id }, options.timeZone ?? 'UTC', nowIso);
      }
    }
    await refreshRecordSyncState(db, entry.record);
  });
}

async function reject(
  db: AppDatabase,
  entry: OutboxEntry,
  rejection: { status: number; code: string; message: string },
): Promise<void> {
  await db.transaction('rw', [db.outbox, db.batches, db.expiryRuns], async () => {
    await db.outbox.update(entry.seq as number, {
      status: 'rejected',
      attempts: entry.attempts + 1,
      rejection,
      last_error: rejection.message,
    });
    await refreshRecordSyncState(db, entry.record);
  });
}

/** The server's sentence, with the first fields it names: what the coordinator must edit. */
function rejectionMessage(error: Extract<ApiFailure, { kind: 'http' }>): string {
  // the server's sentence often names its first field already ("Invalid coordinator_id: ...")
  const fields = (error.fields ?? []).filter((f) => !error.message.includes(`${f.field}: ${f.message}`));
  if (fields.length === 0) return error.message;
  const named = fields.slice(0, 3).map((f) => `${f.field}: ${f.message}`);
  const more = fields.length > 3 ? ` and ${fields.length - 3} more` : '';
  return `${error.message} (${named.join('; ')}${more})`;
}

export function describeFailure(error: ApiFailure): string {
  if (error.kind === 'http') return `The server answered ${error.status}: ${error.message}`;
  return error.message;
}

/**
 * When the push has something to send on its own again (epoch ms), or undefined. Entries held
 * by a rejection, by their create or by a batch the server is still processing are left out:
 * the coordinator's decision, the create's answer or the poll moves them.
 */
export async function nextPushAt(db: AppDatabase): Promise<number | undefined> {
  const heads = new Map<string, OutboxEntry>();
  for (const entry of await openEntries(db)) if (!heads.has(entry.record)) heads.set(entry.record, entry);
  let next: number | undefined;
  for (const head of heads.values()) {
    if (head.status === 'rejected') continue;
    const ref = parseRecordKey(head.record);
    if (!ref) continue;
    if (!CREATE_OPS.has(head.op) && (await serverIdOf(db, ref)) === undefined) continue;
    if (WAIT_FOR_FINAL.has(head.op) && (await isPolled(db, ref.id))) continue;
    next = next === undefined ? head.next_attempt_at : Math.min(next, head.next_attempt_at);
  }
  return next;
}
