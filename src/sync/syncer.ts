import type { AppDatabase } from '../db';
import type { JobContext, JobHandler } from '../engine/api';
import type { Host } from '../engine/host';
import { enqueueJob } from '../engine/queue';
import { PROBE_BACKOFF, backoffDelay, type RandomSource } from './backoff';
import { createApiClient, type ApiClient, type ApiFailure } from './client';
import { API_VERSION } from '../contract';
import { pollDuringPush, pullOutcomes } from './pull';
import { nextPushAt, pushOutbox } from './push';
import { entriesBehindRefusals } from './waiting';
import { recordKinds } from './recordKinds';
import { sleep } from './sleep';
import { IndexedDbTokenStore, loadServerSettings, tokenFingerprint, type TokenStore } from './settings';
import { readSyncStatus, unreachableSince, writeSyncStatus, type SyncState, type SyncStatus } from './status';

/**
 * One sync cycle = probe health -> push -> pull. It runs as the engine job `sync.run`, so the
 * engine's leader lock gives one syncer per profile. `requestSync` queues a cycle (unless one is
 * already queued); `startSyncTriggers` calls it on the host's ticks, online changes, new outbox
 * entries and when the next retry or poll falls due.
 */

export const SYNC_JOB_KIND = 'sync.run';
export const PROBE_STATE_KEY = 'sync.probe';
export const AUTH_REFUSED_KEY = 'sync.auth_refused';
/** Cycles in a row that ended with an error, for the backoff of the retry after the last one. */
export const CYCLE_FAILURES_KEY = 'sync.cycle_failures';

export type SyncReason = 'change' | 'tick' | 'online' | 'manual' | 'settings' | 'startup' | 'retry';

/** Reasons that try the server now even while the probe backs off or a token is refused. */
const INSISTENT: ReadonlySet<SyncReason> = new Set(['manual', 'settings', 'online']);

export const AUTH_PAUSED_MESSAGE = 'The server refused the token; enter a new one';

export async function requestSync(
  db: AppDatabase,
  reason: SyncReason,
  now: number = Date.now(),
): Promise<void> {
  await db.transaction('rw', db.jobs, async () => {
    const queued = await db.jobs.where('[kind+status]').equals([SYNC_JOB_KIND, 'queued']).first();
    if (!queued) {
      await enqueueJob(db, { kind: SYNC_JOB_KIND, subject: 'sync', payload: { reason } }, now);
    } else if (INSISTENT.has(reason)) {
      await db.jobs.update(queued.id, { payload: { reason } });
    }
  });
}

export interface SyncDependencies {
  tokens: (db: AppDatabase) => TokenStore;
  fetch?: typeof fetch;
  random: RandomSource;
  timeoutMs?: number;
  concurrency?: number;
  /** how long the feeds wait for the followed polls (default `FEEDS_WAIT_MS`) */
  feedsWaitMs?: number;
  /** the job keeps cycling while the next due work is at most this far away (default 2 s) */
  inlineWaitMs: number;
  /** and for at most this long, so other jobs get their turn (default 30 s) */
  maxJobMs: number;
}

const DEFAULT_DEPENDENCIES: SyncDependencies = {
  tokens: (db) => new IndexedDbTokenStore(db),
  random: Math.random,
  inlineWaitMs: 2_000,
  maxJobMs: 30_000,
};

interface ProbeState {
  failures: number;
  next_probe_at: number;
}

interface CycleInput {
  db: AppDatabase;
  host: Host;
  reason: SyncReason;
  signal?: AbortSignal;
  deps?: Partial<SyncDependencies>;
}

/** Runs one cycle and publishes the resulting status (also returned). */
export async function runSyncCycle(input: CycleInput): Promise<SyncStatus> {
  const deps = { ...DEFAULT_DEPENDENCIES, ...input.deps };
  const { db, host, reason, signal } = input;
  const now = () => host.now();
  const previous = await readSyncStatus(db);
  const publish = async (state: SyncState, extra: Partial<SyncStatus> = {}) => {
    const status = await currentCounts(db, {
      ...previous,
      ...extra,
      state,
      unreachable_since: unreachableSince(previous, state, host.isOnline(), now()),
      progress: state === 'syncing' ? extra.progress : undefined,
      updated_at: now(),
    });
    await writeSyncStatus(db, status);
    return status;
  };
  // progress reports come from parallel sends: published one at a time, the latest winning
  let progressWrite: Promise<unknown> = Promise.resolve();
  const onProgress = (done: number, total: number) => {
    progressWrite = progressWrite.then(() => publish('syncing', { progress: { done, total } }));
  };

  const settings = await loadServerSettings(db, deps.tokens(db));
  if (!settings) {
    return publish('not-configured', { last_error: 'Set the server address and token in Sync settings' });
  }
  if (!host.isOnline())
    return publish('offline', { last_error: 'This computer is offline', next_attempt_at: undefined });

  const fingerprint = tokenFingerprint(settings.token);
  const refused = (await db.settings.get(AUTH_REFUSED_KEY))?.value as string | undefined;
  if (refused !== undefined) {
    if (refused === fingerprint && !INSISTENT.has(reason)) {
      return publish('paused-auth', { last_error: AUTH_PAUSED_MESSAGE, next_attempt_at: undefined });
    }
    if (refused !== fingerprint) await db.settings.delete(AUTH_REFUSED_KEY);
  }

  const probe = ((await db.settings.get(PROBE_STATE_KEY))?.value as ProbeState | undefined) ?? {
    failures: 0,
    next_probe_at: 0,
  };
  if (probe.next_probe_at > now() && !INSISTENT.has(reason)) {
    return publish(previous.state === 'error' ? 'error' : 'offline', {
      next_attempt_at: probe.next_probe_at,
    });
  }

  await publish('syncing');
  const client = createApiClient({
    baseUrl: settings.url,
    token: settings.token,
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    signal,
  });

  const health = await probeHealth(client);
  if (health !== 'ok') {
    if (health.kind === 'auth') return pauseForToken(db, fingerprint, publish);
    const failures = probe.failures + 1;
    const next_probe_at = now() + backoffDelay(failures, PROBE_BACKOFF, deps.random);
    await db.settings.put({ key: PROBE_STATE_KEY, value: { failures, next_probe_at } satisfies ProbeState });
    return publish(health.kind === 'unreachable' ? 'offline' : 'error', {
      last_error: health.message,
      next_attempt_at: next_probe_at,
    });
  }
  if (probe.failures > 0) await db.settings.delete(PROBE_STATE_KEY);

  const common = { db, client, now, random: deps.random, concurrency: deps.concurrency, signal };
  const pushing = pushOutbox({
    ...common,
    timeZone: host.timeZone(),
    ignoreBackoff: reason === 'manual',
    onProgress,
  });
  const early = await pollDuringPush(pushing, { ...common, timeZone: host.timeZone() });
  const pushed = await pushing;
  await progressWrite;
  if (pushed.authRefused || early.authRefused) return pauseForToken(db, fingerprint, publish);
  const sweep = reason === 'manual' || reason === 'startup';
  const pulled = await pullOutcomes({
    ...common,
    timeZone: host.timeZone(),
    sweep,
    ...(deps.feedsWaitMs !== undefined ? { feedsWaitMs: deps.feedsWaitMs } : {}),
  });
  if (pulled.authRefused) return pauseForToken(db, fingerprint, publish);

  const lastError = pushed.lastError ?? early.lastError ?? pulled.lastError;
  const next_attempt_at = await nextDueAt(db);
  if (lastError !== undefined) {
    // a failed feed read leaves no push or poll due: without a retry of its own the cycle would
    // show "Error" until the next tick, a minute away, though the server answers again at once
    const failures = (((await db.settings.get(CYCLE_FAILURES_KEY))?.value as number | undefined) ?? 0) + 1;
    await db.settings.put({ key: CYCLE_FAILURES_KEY, value: failures });
    const retryAt = now() + backoffDelay(failures, PROBE_BACKOFF, deps.random);
    return publish('error', {
      last_error: lastError,
      next_attempt_at: Math.min(next_attempt_at ?? retryAt, retryAt),
    });
  }
  if ((await db.settings.get(CYCLE_FAILURES_KEY)) !== undefined) await db.settings.delete(CYCLE_FAILURES_KEY);
  return publish('idle', { last_error: undefined, last_success_at: now(), next_attempt_at });
}

type HealthVerdict = 'ok' | { kind: 'auth' | 'unreachable' | 'broken'; message: string };

async function probeHealth(client: ApiClient): Promise<HealthVerdict> {
  const result = await client.health();
  if (result.ok) {
    const served = result.data.api_version;
    if (served !== undefined && served !== API_VERSION) {
      return {
        kind: 'broken',
        message: `The server speaks contract ${served}; this app speaks ${API_VERSION}. Nothing is sent until they match.`,
      };
    }
    return 'ok';
  }
  const error: ApiFailure = result.error;
  if (error.kind === 'http' && error.status === 401) return { kind: 'auth', message: AUTH_PAUSED_MESSAGE };
  if (error.kind === 'unreachable' || error.kind === 'timeout' || error.kind === 'aborted') {
    return { kind: 'unreachable', message: error.message };
  }
  if (error.kind === 'http' && error.status >= 500) {
    return { kind: 'unreachable', message: `The server is failing (${error.status}: ${error.message})` };
  }
  if (error.kind === 'tls') return { kind: 'broken', message: error.message };
  return {
    kind: 'broken',
    message:
      error.kind === 'http'
        ? `There is no /api/v1 server at ${client.baseUrl} (health answered ${error.status})`
        : error.message,
  };
}

async function pauseForToken(
  db: AppDatabase,
  fingerprint: string,
  publish: (state: SyncState, extra?: Partial<SyncStatus>) => Promise<SyncStatus>,
): Promise<SyncStatus> {
  await db.settings.put({ key: AUTH_REFUSED_KEY, value: fingerprint });
  return publish('paused-auth', { last_error: AUTH_PAUSED_MESSAGE, next_attempt_at: undefined });
}

/** When a retry or a poll falls due (epoch ms), or undefined when nothing waits on time. */
async function nextDueAt(db: AppDatabase): Promise<number | undefined> {
  const polls = await Promise.all(recordKinds().map((kind) => kind.nextPollAt?.(db)));
  const times = [await nextPushAt(db), ...polls].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.min(...times);
}

async function currentCounts(db: AppDatabase, status: SyncStatus): Promise<SyncStatus> {
  const [pending, rejected, ...changedByKind] = await Promise.all([
    db.outbox.where('status').anyOf(['pending', 'inflight']).count(),
    db.outbox.where('status').equals('rejected').count(),
    ...recordKinds().map((kind) => kind.changedCount?.(db) ?? 0),
  ]);
  const changed = changedByKind.reduce((sum, n) => sum + n, 0);
  // nothing is behind a refusal when there is none: the open entries are only read then
  const blocked = rejected > 0 ? (await entriesBehindRefusals(db)).size : 0;
  return { ...status, pending, rejected, changed, blocked };
}

/** The `sync.run` job: cycles while work falls due shortly, then leaves the engine to other jobs. */
export function createSyncJobHandler(overrides: Partial<SyncDependencies> = {}): JobHandler {
  const deps = { ...DEFAULT_DEPENDENCIES, ...overrides };
  return async (ctx: JobContext) => {
    const { db, host, signal } = ctx;
    const started = host.now();
    let reason = reasonOf(ctx.job.payload);
    for (;;) {
      const status = await runSyncCycle({ db, host, reason, signal, deps });
      if (signal.aborted || (status.state !== 'idle' && status.state !== 'error')) return;
      const next = status.next_attempt_at;
      if (next === undefined) return;
      const wait = Math.max(0, next - host.now());
      if (wait > deps.inlineWaitMs || host.now() - started + wait > deps.maxJobMs) return;
      if (await otherWorkQueued(db)) return;
      await sleep(wait, signal);
      reason = 'retry';
    }
  };
}

export const runSyncJob: JobHandler = createSyncJobHandler();

function reasonOf(payload: unknown): SyncReason {
  const reason = (payload as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? (reason as SyncReason) : 'tick';
}

async function otherWorkQueued(db: AppDatabase): Promise<boolean> {
  const queued = await db.jobs.where('status').equals('queued').toArray();
  return queued.some((job) => job.kind !== SYNC_JOB_KIND);
}
