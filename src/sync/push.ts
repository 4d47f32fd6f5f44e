import type { AppDatabase, OutboxEntry } from '../db';
import { PUSH_BACKOFF, backoffDelay, type RandomSource } from './backoff';
import { classifyOutcome } from './classify';
import { describeFailure, outcomeOf, type ApiClient, type ApiFailure } from './client';
import { releaseHeldVersion } from './heldVersions';
import { openEntries, refreshRecordSyncState } from './outboxState';
import { forEachBounded } from './pool';
import { parseRecordKey, serverIdOf, type RecordRef } from './recordIds';
import { findOperation, findRecordKind, isCreateOp, syncTables } from './recordKinds';
import { prepareRequest } from './requests';
import { waitsForOtherCreates } from './waiting';

/**
 * Sends the outbox: each record's entries in order (seq), records side by side (bounded). An
 * entry becomes `done` in the transaction that stores the answer's effects; one whose answer was
 * never stored (a crash, a lost connection) is still open, `pending` or `inflight` as a crashed
 * writer left it, and simply goes again with the same Idempotency-Key: the server replays its
 * first answer.
 */

export const DEFAULT_PUSH_CONCURRENCY = 4;

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
  // Records of a `recorded` kind go one after another, in the order they were recorded (a
  // create that could not go yet holds the later ones; one refused for good does not); the
  // others side by side.
  const lanes = new Map<string, OutboxEntry[][]>();
  const others: OutboxEntry[][] = [];
  for (const entries of byRecord.values()) {
    const kind = findRecordKind(parseRecordKey(entries[0]!.record)?.kind ?? '');
    if (kind?.pushOrder !== 'recorded') {
      others.push(entries);
      continue;
    }
    const lane = lanes.get(kind.kind) ?? [];
    lane.push(entries);
    lanes.set(kind.kind, lane);
  }
  const inOrder = async (records: OutboxEntry[][]) => {
    for (const entries of records) {
      const head = entries[0]!;
      const sent = await pushRecord(entries);
      if (sent || !isCreateOp(head.op)) continue;
      const stored = await db.outbox.get(head.seq as number);
      if (stored?.status !== 'done' && stored?.status !== 'rejected') return;
    }
  };
  await Promise.all([
    ...[...lanes.values()].map(inOrder),
    forEachBounded(others, Math.max(1, concurrency - lanes.size), async (entries) => {
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
    // never sent as some other kind: a newer app version wrote it, or it is damaged
    await reject(db, entry, {
      status: 0,
      code: 'unknown_record',
      message: `This app version does not know the record "${entry.record}", so "${entry.op}" was not sent`,
    });
    report.rejected += 1;
    return false;
  }
  const operation = findOperation(entry.op);
  const isCreate = operation?.create === true;
  const serverId = isCreate ? undefined : await serverIdOf(db, ref);
  // waits for its create (an earlier entry of the same record, not answered yet)
  if (!isCreate && serverId === undefined && operation !== undefined) return false;
  if (await operation?.heldBack?.(db, ref)) return false;
  if (await waitsForOtherCreates(db, entry)) return false;

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
  if (error.kind === 'http' && operation?.overtaken?.(entry.body, error.status, error.code)) {
    // nothing left to stop or retry there: the poll brings the server's outcomes back
    await accept(options, entry, ref, undefined);
    report.accepted += 1;
    return true;
  }
  if (verdict === 'permanent' && error.kind === 'http') {
    const answer = await operation?.answerForRefusal?.({ db, client }, entry, ref, error);
    if (answer !== undefined) {
      await accept(options, entry, ref, answer);
      report.accepted += 1;
      return true;
    }
    await reject(db, entry, {
      status: error.status,
      code: error.code,
      message: rejectionMessage(error),
      ...(error.fields && error.fields.length > 0 ? { fields: error.fields } : {}),
    });
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
  const kind = findRecordKind(ref.kind);
  await db.transaction('rw', syncTables(db), async () => {
    // a done entry keeps its op, key and time but not its body: the record itself holds the
    // data, and a 10,000-item body kept per batch would double the storage (and every write)
    const { body: _sent, last_error: _error, rejection: _rejection, ...kept } = entry;
    await db.outbox.put({ ...kept, status: 'done', attempts: entry.attempts + 1 });
    await kind?.accept({ db, now, timeZone: options.timeZone ?? 'UTC' }, entry, ref, data);
    if (kind?.feed?.recordOf) {
      const answeredAt = data === undefined ? undefined : kind.feed.updatedAt(data);
      await releaseHeldVersion(
        { db, client: options.client, now, random: options.random, timeZone: options.timeZone ?? 'UTC' },
        kind.feed,
        entry.record,
        answeredAt,
      );
    }
    await refreshRecordSyncState(db, entry.record);
  });
}

async function reject(
  db: AppDatabase,
  entry: OutboxEntry,
  rejection: NonNullable<OutboxEntry['rejection']>,
): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
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
    const operation = findOperation(head.op);
    if (!operation?.create && (await serverIdOf(db, ref)) === undefined) continue;
    if (await operation?.heldBack?.(db, ref)) continue;
    if (await waitsForOtherCreates(db, head)) continue;
    next = next === undefined ? head.next_attempt_at : Math.min(next, head.next_attempt_at);
  }
  return next;
}
