/**
 * The page side of the randomized sync test (test/e2e/sync-randomized.spec.ts): the app's own
 * core modules, bundled for Chromium, on the browser's real IndexedDB and fetch. The spec (in
 * Node) decides what happens and when; each operation here is what the app does for the
 * coordinator or what the engine does for the app:
 *
 * - imports, relabels, retries, cancels and deletes through src/batches (refused actions come
 *   back as their message, as the UI would show them);
 * - an expiry run: a roster change (src/expiry `upsertRoster`) and "Run now" (`requestRunNow`);
 * - the engine's job runner for batch processing and expiry runs (claim, handler, finish, with
 *   the engine's own queue functions and handlers);
 * - sync cycles (`runSyncCycle` with the real fetch), whole or aborted part way as an engine
 *   stop aborts them, and `discardRejected` for what the server refused;
 * - read-outs of the local records for the comparison with the server.
 *
 * An "engine restart" is a reload of this page: a new JS context on the same IndexedDB, with
 * whatever was in flight abandoned.
 */
import { type ItemInput } from '../../../src/contract';
import { AppDatabase, readBatchItems } from '../../../src/db';
import {
  BatchActionError,
  cancelPendingItems,
  createBatches,
  deleteBatch,
  relabelBatch,
  retryFailedItems,
} from '../../../src/batches';
import type { JobHandler } from '../../../src/engine/api';
import type { Host, TickReason } from '../../../src/engine/host';
import { jobHandlers } from '../../../src/engine/jobs';
import { claimNextJob, finishJob, renewLease } from '../../../src/engine/queue';
import { EXPIRY_RUN_JOB, requestRunNow, upsertRoster } from '../../../src/expiry';
import { PROCESS_BATCH_JOB } from '../../../src/batches/jobs';
import { allPolls } from '../../../src/sync/pollSet';
import { discardRejected } from '../../../src/sync/rejections';
import { IndexedDbTokenStore, saveServerSettings } from '../../../src/sync/settings';
import type { SyncStatus } from '../../../src/sync/status';
import { runSyncCycle, type SyncDependencies, type SyncReason } from '../../../src/sync/syncer';

/** The app's database of this test profile (one Chromium context per test). */
const DB_NAME = 'ro-sync-randomized';

/** The host as the browser build sees it: the real clock, always online (faults are the proxy's). */
class PageHost implements Host {
  now(): number {
    return Date.now();
  }
  timeZone(): string {
    return 'UTC';
  }
  isOnline(): boolean {
    return true;
  }
  onOnlineChange(): () => void {
    return () => undefined;
  }
  notify(): void {}
  onTick(_listener: (reason: TickReason) => void): () => void {
    return () => undefined;
  }
}

export interface LocalItemView {
  item_id: string;
  mentor_id: string;
  status: string;
  error: string | null;
  activity_id: string | null;
}

export interface LocalBatchView {
  id: string;
  batch_id: string | null;
  label: string;
  status: string;
  total_items: number;
  completed: number;
  failed: number;
  sync_state: string;
  items: LocalItemView[];
}

export interface LocalRunView {
  run_id: string;
  status: string;
  sync_state: string;
  expirations_evaluated: number;
  notifications_dispatched: number;
}

export interface LocalState {
  batches: LocalBatchView[];
  runs: LocalRunView[];
  /** outbox entries by status */
  outbox: Record<string, number>;
  /** batch-processing and expiry jobs not finished */
  openJobs: number;
}

export type ActionKind = 'relabel' | 'retry' | 'cancel' | 'delete';

export interface SyncHarness {
  /** this page load's id: changes on every reload */
  readonly context: string;
  configure(url: string, token: string): Promise<void>;
  importBatch(coordinatorId: string, label: string, items: ItemInput[]): Promise<string[]>;
  /** local batch ids in submission order */
  batchIds(): Promise<string[]>;
  /** 'applied', or the message the app shows when it refuses the action */
  act(kind: ActionKind, id: string, label?: string): Promise<string>;
  /** a roster row's expiry date set (a renewal or a new mentor), then "Run now" */
  expiry(coordinatorId: string, mentorId: string, expiryDate: string): Promise<string>;
  /** runs up to `max` processing and expiry jobs as the engine would; returns how many ran */
  runJobs(max: number): Promise<number>;
  /** one sync cycle; `abortAfterMs` aborts it that long after it started (an engine stop) */
  cycle(options: { timeoutMs: number; abortAfterMs?: number; reason?: SyncReason }): Promise<SyncStatus>;
  /** starts a cycle and does not wait for it (the spec reloads the page under it) */
  startCycle(timeoutMs: number): void;
  /** cycles until nothing is due (as `syncUntilSettled` in the Node tests) */
  settle(timeoutMs: number, maxCycles: number): Promise<SyncStatus>;
  /** discards every refused entry; returns what was refused */
  discardRefused(): Promise<string[]>;
  state(): Promise<LocalState>;
}

declare global {
  interface Window {
    __syncHarness?: SyncHarness;
  }
}

const db = new AppDatabase(DB_NAME);
const host = new PageHost();
const context = crypto.randomUUID();
/**
 * Short leases: after a reload the jobs the previous page held are orphans, claimed again once
 * their lease ran out, which is what the engine does after a crash (its default is 15 s).
 */
const LEASE_MS = 1_000;
const HANDLED: Record<string, JobHandler | undefined> = {
  [PROCESS_BATCH_JOB]: jobHandlers[PROCESS_BATCH_JOB],
  [EXPIRY_RUN_JOB]: jobHandlers[EXPIRY_RUN_JOB],
};
const KINDS = new Set(Object.keys(HANDLED));

/** No waiting on random jitter; requests time out quickly so hung answers cost little. */
const dependencies = (timeoutMs: number): Partial<SyncDependencies> => ({ random: () => 0.1, timeoutMs });

async function runOneJob(): Promise<boolean> {
  const job = await claimNextJob(db, {
    owner: context,
    now: host.now(),
    leaseMs: LEASE_MS,
    kinds: KINDS,
    maxAttempts: 5,
  });
  if (!job) return false;
  const handler = HANDLED[job.kind];
  if (!handler) throw new Error(`no handler for ${job.kind}`);
  try {
    await handler({
      db,
      host,
      job,
      signal: new AbortController().signal,
      async progress(done, total) {
        const held = await renewLease(db, job.id, {
          owner: context,
          now: host.now(),
          leaseMs: LEASE_MS,
          progress: { done, total },
        });
        if (!held) throw new Error(`lease of ${job.id} lost`);
      },
    });
    await finishJob(db, job.id, context, { status: 'done' }, host.now());
  } catch (error) {
    await finishJob(
      db,
      job.id,
      context,
      { status: 'failed', error: error instanceof Error ? error.message : String(error) },
      host.now(),
    );
  }
  return true;
}

async function cycle(options: {
  timeoutMs: number;
  abortAfterMs?: number;
  reason?: SyncReason;
}): Promise<SyncStatus> {
  const stop = new AbortController();
  const timer =
    options.abortAfterMs === undefined ? undefined : setTimeout(() => stop.abort(), options.abortAfterMs);
  try {
    return await runSyncCycle({
      db,
      host,
      reason: options.reason ?? 'change',
      deps: dependencies(options.timeoutMs),
      signal: stop.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

const harness: SyncHarness = {
  context,
  async configure(url, token) {
    await saveServerSettings(db, new IndexedDbTokenStore(db), { url, token });
  },
  importBatch(coordinatorId, label, items) {
    return createBatches(db, { coordinatorId, label, items }, host.now());
  },
  async batchIds() {
    const batches = await db.batches.toArray();
    return batches
      .sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.label.localeCompare(b.label))
      .map((b) => b.id);
  },
  async act(kind, id, label) {
    const now = host.now();
    try {
      if (kind === 'relabel') await relabelBatch(db, id, label ?? 'relabelled', now);
      else if (kind === 'retry') await retryFailedItems(db, id, now);
      else if (kind === 'cancel') await cancelPendingItems(db, id, now);
      else await deleteBatch(db, id, now);
      return 'applied';
    } catch (error) {
      if (error instanceof BatchActionError) return error.message;
      throw error;
    }
  },
  async expiry(coordinatorId, mentorId, expiryDate) {
    const now = host.now();
    await upsertRoster(
      db,
      [
        {
          mentor_id: mentorId,
          name: `Mentor ${mentorId}`,
          coordinator_id: coordinatorId,
          expiry_date: expiryDate,
        },
      ],
      now,
    );
    return requestRunNow(db, now);
  },
  async runJobs(max) {
    let ran = 0;
    while (ran < max && (await runOneJob())) ran += 1;
    return ran;
  },
  cycle,
  startCycle(timeoutMs) {
    void cycle({ timeoutMs }).catch(() => undefined);
  },
  async settle(timeoutMs, maxCycles) {
    let status: SyncStatus | undefined;
    for (let round = 0; round < maxCycles; round++) {
      status = await cycle({ timeoutMs, reason: round === 0 ? 'manual' : 'retry' });
      if (status.state === 'paused-auth' || status.state === 'not-configured') return status;
      const polls = await allPolls(db);
      if (status.state === 'idle' && status.next_attempt_at === undefined && polls.length === 0)
        return status;
      const wait = Math.min(Math.max((status.next_attempt_at ?? host.now()) - host.now(), 2), 250);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    throw new Error(`Sync did not settle in ${maxCycles} cycles; last status ${JSON.stringify(status)}`);
  },
  async discardRefused() {
    const refused = await db.outbox.where('status').equals('rejected').toArray();
    const said: string[] = [];
    for (const entry of refused) {
      said.push(`${entry.op} ${entry.record}: ${entry.rejection?.status} ${entry.rejection?.message}`);
      await discardRejected(db, entry.seq as number, host.now());
    }
    return said;
  },
  async state() {
    const batches: LocalBatchView[] = [];
    for (const batch of await db.batches.toArray()) {
      const items = await readBatchItems(db, batch.id);
      batches.push({
        id: batch.id,
        batch_id: batch.batch_id ?? null,
        label: batch.label,
        status: batch.status,
        total_items: batch.total_items,
        completed: batch.completed,
        failed: batch.failed,
        sync_state: batch.sync_state,
        items: items.map((i) => ({
          item_id: i.item_id,
          mentor_id: i.mentor_id,
          status: i.status,
          error: i.error ?? null,
          activity_id: i.activity_id ?? null,
        })),
      });
    }
    const runs = (await db.expiryRuns.toArray()).map((r) => ({
      run_id: r.run_id,
      status: r.status,
      sync_state: r.sync_state,
      expirations_evaluated: r.expirations_evaluated,
      notifications_dispatched: r.notifications_dispatched,
    }));
    const outbox: Record<string, number> = {};
    for (const entry of await db.outbox.toArray()) outbox[entry.status] = (outbox[entry.status] ?? 0) + 1;
    const openJobs = (await db.jobs.toArray()).filter(
      (job) => KINDS.has(job.kind) && (job.status === 'queued' || job.status === 'running'),
    ).length;
    return { batches, runs, outbox, openJobs };
  },
};

window.__syncHarness = harness;
