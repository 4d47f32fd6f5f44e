import type { AppDatabase } from '../db';
import { ENGINE_STATUS_KEY, type EngineStatus } from './api';

/** Writes the engine's status where every window reads it (liveQuery on `settings`). */
export async function publishEngineStatus(db: AppDatabase, status: EngineStatus): Promise<void> {
  await db.settings.put({ key: ENGINE_STATUS_KEY, value: status });
}

/** The last published status, if any engine ever ran in this profile. */
export async function readEngineStatus(db: AppDatabase): Promise<EngineStatus | undefined> {
  const row = await db.settings.get(ENGINE_STATUS_KEY);
  return row?.value as EngineStatus | undefined;
}

/**
 * True when the status comes from a live engine: a stopped engine says so, and a crashed one
 * stops heartbeating, so a status older than `staleAfterMs` means nothing runs.
 */
export function isEngineAlive(status: EngineStatus | undefined, now: number, staleAfterMs: number): boolean {
  if (!status || status.state === 'stopped') return false;
  return now - status.heartbeat_at <= staleAfterMs;
}
