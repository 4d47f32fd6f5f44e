import type { Table } from 'dexie';
import type { z } from 'zod';
import type { AppDatabase, OutboxEntry, SyncState } from '../db';
import { AppError } from '../errors/appError';
import type { ApiClient, ApiFailure, ApiResult } from './client';
import type { PullOptions, PullReport } from './pullContext';
import type { RecordRef } from './recordIds';
import { batchKind } from './kinds/batchKind';
import { runKind } from './kinds/runKind';
import { learnerKind } from './kinds/learnerKind';
import { eventKind } from './kinds/eventKind';
import { registrationKind } from './kinds/registrationKind';
import { referenceKind } from './kinds/referenceKind';
import { sectionKind } from './kinds/sectionKind';
import { walkinKind } from './kinds/walkinKind';
import { attendeeJobKind } from './kinds/attendeeJobKind';

/**
 * Everything the syncer knows about one kind of record, in one descriptor: the table it lives
 * in, its operations and how each becomes a request, how an answer is accepted, and how the
 * server's state comes back (poll, feed, sweep). Push, pull, rejections and the Sync page only
 * go through the registry, so a new kind is one descriptor added to `BUILT_IN_KINDS` (or
 * `registerRecordKind`), never a branch in each of them. An outbox entry of a kind this app
 * version does not know is refused loudly: it is never sent as some other kind.
 */

export type PreparedRequest =
  { ok: true; send: (client: ApiClient) => Promise<ApiResult<unknown>> } | { ok: false; message: string };

export interface OperationDescriptor {
  /** what the Sync page calls it ("Submit batch") */
  label: string;
  method: OutboxEntry['method'];
  /** the record's create: sent without a server id, and the answer gives it one */
  create?: boolean;
  /** the schema an edited body must meet before a retry; absent when it has no body to edit */
  editableBody?: z.ZodType;
  /**
   * The contract call. `serverId` is undefined only for a create (any other entry waits until
   * it is known). A body that does not meet the contract is refused here, never sent.
   */
  request(entry: OutboxEntry, ref: RecordRef, serverId: string | undefined): PreparedRequest;
  /** true while this entry must not go yet (the server is still working on the record) */
  heldBack?(db: AppDatabase, ref: RecordRef): Promise<boolean>;
  /**
   * Other records (their record keys) the entry names, whose creates the server must have first
   * (a registration's learner): it waits while one is open, and a refused one holds it until the
   * coordinator edits or discards that refusal (`waiting.ts`).
   */
  waitsFor?(db: AppDatabase, entry: OutboxEntry): Promise<string[]>;
  /**
   * A refusal that still reaches the entry's goal: the server's record to accept as the entry's
   * answer (read with `client`), or undefined to leave the refusal to the coordinator. A provisional
   * event's create refused because another laptop made that venue and start first is the event
   * the server holds there.
   */
  answerForRefusal?(
    context: { db: AppDatabase; client: ApiClient },
    entry: OutboxEntry,
    ref: RecordRef,
    refusal: Extract<ApiFailure, { kind: 'http' }>,
  ): Promise<unknown>;
  /** a refusal the server's own progress made moot: accepted as if it had succeeded */
  overtaken?(body: unknown, status: number, code: string): boolean;
}

export interface AcceptContext {
  db: AppDatabase;
  now: () => number;
  timeZone: string;
}

/** One paged `updated_since` feed of records created or changed elsewhere. */
export interface FeedDescriptor<Summary = unknown> {
  /** the `settings` key of the cursor, moved only after a full pass */
  cursorKey: string;
  list(
    client: ApiClient,
    query: { updated_since: string; page: number; limit: number },
  ): Promise<ApiResult<{ data: Summary[]; pagination: { total: number; limit: number } }>>;
  updatedAt(summary: Summary): string | undefined;
  /** writes one summary locally; false when the feed must stop (the cursor then stays) */
  take(options: PullOptions, summary: Summary, report: PullReport): Promise<boolean>;
  /**
   * The local record a summary is the server's copy of, when `take` only writes the database: a
   * summary for a record with unanswered changes is then kept and written once they are answered,
   * unless the answer is newer (`heldVersions.ts`). Without it, such a summary is only skipped.
   * With it, a page's takes run in one transaction over `syncTables` (so `take` must not wait on
   * anything but the database).
   */
  recordOf?(summary: Summary): RecordRef;
  /**
   * For each summary of a page, true when the local record already is that version, synced: it
   * is passed over without `take` or any hold-back check. Read in bulk, in the page's transaction
   * (with `recordOf` only): after a 10,000-person import the feeds bring back every learner and
   * registration the job results have just written, and checking them one by one held the
   * database while the coordinator's jobs were still being settled.
   */
  unchanged?(db: AppDatabase, summaries: readonly Summary[]): Promise<boolean[]>;
}

/** Finding records the server deleted (the feed has no tombstones). */
export interface SweepDescriptor<Row = unknown> {
  list(
    client: ApiClient,
    query: { page: number; limit: number },
  ): Promise<ApiResult<{ data: Row[]; pagination: { total: number; limit: number } }>>;
  serverIdOf(row: Row): string;
  /**
   * Reads one record the listing did not name. A listing paged by offset skips a record when
   * another moves meanwhile (an edit changes its `updated_at` order), so with this a record is
   * only dropped when the server answers 404 for it too.
   */
  readOne?(client: ApiClient, serverId: string): Promise<ApiResult<unknown>>;
  /** local records the server has accepted, with their server ids */
  syncedRecords(db: AppDatabase): Promise<Array<{ localId: string; serverId: string }>>;
  /** removes the local record; runs inside a transaction over `syncTables` */
  remove(db: AppDatabase, localId: string): Promise<void>;
}

export interface RecordKindDescriptor {
  /** the prefix of its outbox record keys (`batch` in `batch:<uuid>`) */
  kind: string;
  /** the route segment of its detail page (`#/batches/<id>`), when it has one */
  page?: string;
  /** the tables its accept, apply and remove write; joined into every sync transaction */
  tables(db: AppDatabase): Table[];
  operations: Readonly<Record<string, OperationDescriptor>>;
  /**
   * `recorded`: its records are pushed one after another in the order they were recorded (a
   * create that could not go yet holds the later ones). `parallel`: side by side, bounded.
   */
  pushOrder: 'recorded' | 'parallel';
  setSyncState(db: AppDatabase, localId: string, state: SyncState): Promise<void>;
  /** a server id the record keeps itself, besides the `sync.id:` mapping */
  storedServerId?(db: AppDatabase, localId: string): Promise<string | undefined>;
  /** stores an answer's effects; runs inside the transaction that marks the entry done */
  accept(context: AcceptContext, entry: OutboxEntry, ref: RecordRef, data: unknown): Promise<void>;
  /** a discarded change: fetch the server's state of the record again (inside a transaction) */
  refetch(db: AppDatabase, localId: string, now: number): Promise<void>;
  /**
   * a discarded create: the record stays here only, and what it counted for in other records
   * is read again from the server (a registration's seat in its event). Inside a transaction.
   */
  createDiscarded?(db: AppDatabase, localId: string, now: number): Promise<void>;
  /** the record named for the coordinator, and whether it is still on this computer */
  subject(db: AppDatabase, localId: string): Promise<{ name: string; exists: boolean }>;
  /** the kind's own pull step before the feeds (batches poll what they changed) */
  poll?(options: PullOptions, report: PullReport): Promise<void>;
  /**
   * true: its pull step is a refresh the push does not wait on (reference data), so it runs after
   * the push, not beside it; on a server that answers one request at a time (the embedded
   * store) its reads would only queue between the POSTs
   */
  pollAfterPush?: boolean;
  /** when the kind's own pull step has work due next (epoch ms) */
  nextPollAt?(db: AppDatabase): Promise<number | undefined>;
  /**
   * true: the pull runs its poll step again each time `nextPollAt` falls due (soon), beside the
   * feeds and for a while after them, instead of once before them: for records the coordinator
   * waits on that the server finishes within seconds (attendee jobs), which the feeds' pass
   * would otherwise hold back
   */
  followPoll?: boolean;
  feed?: FeedDescriptor;
  sweep?: SweepDescriptor;
  /**
   * How many of its records hold an outcome the server decided otherwise than this computer,
   * not yet marked as seen: the sync status's `changed` is the sum over the kinds.
   */
  changedCount?(db: AppDatabase): Promise<number>;
}

export class UnknownRecordKindError extends AppError<'unknown_record'> {
  constructor(message: string) {
    super('unknown_record', message);
  }
}

const BUILT_IN_KINDS: readonly RecordKindDescriptor[] = [
  batchKind,
  runKind,
  learnerKind,
  eventKind,
  registrationKind,
  referenceKind,
  walkinKind,
  sectionKind,
  attendeeJobKind,
];

// filled on first use: the built-in descriptors import modules that import this one
let registry: Map<string, RecordKindDescriptor> | undefined;

function kinds(): Map<string, RecordKindDescriptor> {
  registry ??= new Map(BUILT_IN_KINDS.map((descriptor) => [descriptor.kind, descriptor]));
  return registry;
}

/** Adds a kind; returns the function that removes it again (for tests). */
export function registerRecordKind(descriptor: RecordKindDescriptor): () => void {
  if (descriptor.kind.includes(':') || descriptor.kind === '') {
    throw new UnknownRecordKindError(`A record kind name cannot be "${descriptor.kind}"`);
  }
  if (kinds().has(descriptor.kind)) {
    throw new UnknownRecordKindError(`The record kind "${descriptor.kind}" is registered already`);
  }
  kinds().set(descriptor.kind, descriptor);
  return () => {
    if (kinds().get(descriptor.kind) === descriptor) kinds().delete(descriptor.kind);
  };
}

export function recordKinds(): RecordKindDescriptor[] {
  return [...kinds().values()];
}

export function findRecordKind(kind: string): RecordKindDescriptor | undefined {
  return kinds().get(kind);
}

/** The operation `op` (`batch.create`) of a known kind, or undefined. */
export function findOperation(op: string): OperationDescriptor | undefined {
  const dot = op.indexOf('.');
  return dot < 0 ? undefined : findRecordKind(op.slice(0, dot))?.operations[op];
}

export function isCreateOp(op: string): boolean {
  return findOperation(op)?.create === true;
}

/** The outbox, the settings and every kind's tables: the scope of a sync transaction. */
export function syncTables(db: AppDatabase): Table[] {
  const tables = new Set<Table>([db.outbox, db.settings]);
  for (const descriptor of kinds().values()) for (const table of descriptor.tables(db)) tables.add(table);
  return [...tables];
}
