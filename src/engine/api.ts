import type { AppDatabase, JobRecord } from '../db';
import type { Host } from './host';

/**
 * The engine's surface for the hosts and the UI. The UI never calls the engine directly: it
 * writes jobs and reads state from Dexie (liveQuery), so it works the same whichever context
 * (worker, hidden Electron window, another tab) runs the engine.
 */

/** Web Lock that elects the one engine of a profile. */
export const ENGINE_LOCK_NAME = 'registration-orchestrator/engine';

/** `settings` key under which the running engine publishes its `EngineStatus`. */
export const ENGINE_STATUS_KEY = 'engine.status';

export type EngineState = 'starting' | 'running' | 'idle' | 'error' | 'stopped';

export interface EngineStatus {
  state: EngineState;
  /** which context runs it (a random id per engine start) */
  owner: string;
  /** epoch ms of the last heartbeat; a status older than a few leases means no engine runs */
  heartbeat_at: number;
  started_at: number;
  active_job?: string;
  error?: string;
}

/** What a job handler is given. */
export interface JobContext {
  db: AppDatabase;
  host: Host;
  job: JobRecord;
  /** aborted when the engine stops or the lease is lost: stop at the next chunk boundary */
  signal: AbortSignal;
  /** record progress (also renews the lease) */
  progress(done: number, total: number): Promise<void>;
}

/**
 * A handler processes one job. It must be resumable: a job can be handed to it again after a
 * crash, and it must skip work that already reached a final state.
 */
export type JobHandler = (ctx: JobContext) => Promise<void>;

/**
 * Something the leader engine runs beside its job runner (sync triggers, the expiry schedule):
 * started when this context becomes leader, stopped by the returned function when it steps down,
 * so only one context of a profile ever runs it.
 */
export type EngineService = (db: AppDatabase, host: Host) => () => void;

export interface EngineOptions {
  db: AppDatabase;
  host: Host;
  /** id of this engine instance; written as the lease owner */
  ownerId: string;
  handlers: Record<string, JobHandler>;
  /** lease length in ms (default 15 s); heartbeats renew it at a third of that */
  leaseMs?: number;
  /** fallback look for work when no change or tick woke the engine (default 3 s) */
  pollMs?: number;
  /** a job claimed this many times without finishing is failed, not claimed again (default 5) */
  maxAttempts?: number;
  /** started after the engine, stopped before it */
  services?: EngineService[];
}

export interface Engine {
  start(): Promise<void>;
  /** stops claiming, aborts the running handler at its next chunk boundary, releases leases */
  stop(): Promise<void>;
  /** look for work now (after a local change) */
  kick(): void;
}
