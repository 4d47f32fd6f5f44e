import { AppDatabase } from '../../src/db';
import { runEngineWhenLeader } from '../../src/engine/elected';
import type { JobContext, JobHandler } from '../../src/engine/api';
import type { Host, HostNotification, TickReason } from '../../src/engine/host';
import { jobHandlers } from '../../src/engine/jobs';
import { createEngineServices } from '../../src/engine/services';
import { errorMessage, isQuotaError } from '../database/errors';
import type { WorkerToPage } from './messages';

/**
 * The browser host: a dedicated Web Worker per tab. Every tab's worker asks for the engine
 * lock; the one that holds it runs the engine, the others wait in the lock's queue and take
 * over when the leader's tab closes (the browser releases its lock).
 *
 * Typed with the DOM lib (the project's one lib set): the members used here are the same on a
 * DedicatedWorkerGlobalScope.
 */

const TICK_MS = 60_000;

function post(message: WorkerToPage): void {
  self.postMessage(message);
}

function report(error: unknown): void {
  if (isQuotaError(error)) post({ type: 'quota', message: errorMessage(error) });
  else post({ type: 'error', message: errorMessage(error) });
}

const host: Host = {
  now: () => Date.now(),
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  isOnline: () => self.navigator.onLine,
  onOnlineChange(listener) {
    const online = () => listener(true);
    const offline = () => listener(false);
    self.addEventListener('online', online);
    self.addEventListener('offline', offline);
    return () => {
      self.removeEventListener('online', online);
      self.removeEventListener('offline', offline);
    };
  },
  notify(notification: HostNotification) {
    post({ type: 'notify', notification });
  },
  onTick(listener: (reason: TickReason) => void) {
    const timer = setInterval(() => listener('interval'), TICK_MS);
    // after the engine subscribed, not inside its call
    queueMicrotask(() => listener('startup'));
    return () => clearInterval(timer);
  },
};

self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  report(event.reason);
});
self.addEventListener('error', (event) => report(event.error ?? event.message));

/**
 * A job that fails for lack of storage is recorded as failed by the engine (when even that
 * write succeeds); the coordinator must also hear of it at once, as a banner.
 */
function reportingQuotaErrors(handlers: Record<string, JobHandler>): Record<string, JobHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      async (ctx: JobContext) => {
        try {
          await handler(ctx);
        } catch (error) {
          if (isQuotaError(error)) report(error);
          throw error;
        }
      },
    ]),
  );
}

const leadership = runEngineWhenLeader(self.navigator.locks, {
  db: new AppDatabase(),
  host,
  ownerId: crypto.randomUUID(),
  handlers: reportingQuotaErrors(jobHandlers),
  services: createEngineServices(report),
});
leadership.done.catch(report);
