import { liveQuery } from 'dexie';
import type { AppDatabase } from '../db';
import type { Host } from '../engine/host';
import { SYNC_STATUS_KEY, type SyncStatus } from './status';
import { requestSync } from './syncer';

/**
 * When to sync, for the context that runs the engine (call it where the engine starts; the
 * returned function stops it): at start, on every host tick, when the host goes online or
 * offline, shortly after new outbox entries (debounced, so an import of many batches makes one
 * cycle), and when the retry or poll the last cycle scheduled falls due.
 */
export function startSyncTriggers(
  db: AppDatabase,
  host: Host,
  options: { debounceMs?: number } = {},
): () => void {
  const debounceMs = options.debounceMs ?? 300;
  const request = (reason: Parameters<typeof requestSync>[1]) => {
    // a failed request only loses a wake-up; the next tick asks again
    requestSync(db, reason, host.now()).catch(() => undefined);
  };
  const disposers: Array<() => void> = [];

  disposers.push(host.onTick(() => request('tick')));
  disposers.push(host.onOnlineChange(() => request('online')));

  let changeTimer: ReturnType<typeof setTimeout> | undefined;
  let newestSeen: number | undefined;
  const newEntries = liveQuery(() => db.outbox.where('status').equals('pending').primaryKeys()).subscribe({
    next: (seqs) => {
      const newest = seqs.reduce<number>((max, seq) => Math.max(max, Number(seq)), -Infinity);
      const grew = newestSeen !== undefined && newest > newestSeen;
      newestSeen = Math.max(newestSeen ?? -Infinity, newest);
      if (!grew) return;
      clearTimeout(changeTimer);
      changeTimer = setTimeout(() => request('change'), debounceMs);
    },
    error: () => undefined,
  });
  disposers.push(
    () => newEntries.unsubscribe(),
    () => clearTimeout(changeTimer),
  );

  let dueTimer: ReturnType<typeof setTimeout> | undefined;
  const due = liveQuery(() => db.settings.get(SYNC_STATUS_KEY)).subscribe({
    next: (row) => {
      clearTimeout(dueTimer);
      const status = row?.value as SyncStatus | undefined;
      if (status?.next_attempt_at === undefined || status.state === 'syncing') return;
      // setTimeout's limit is ~24.8 days; a tick comes long before that anyway
      const wait = Math.min(Math.max(0, status.next_attempt_at - host.now()), 2 ** 31 - 1);
      dueTimer = setTimeout(() => request('retry'), wait);
    },
    error: () => undefined,
  });
  disposers.push(
    () => due.unsubscribe(),
    () => clearTimeout(dueTimer),
  );

  request('startup');
  return () => {
    for (const dispose of disposers.splice(0)) dispose();
  };
}
