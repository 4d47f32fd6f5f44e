import type { AppDatabase } from '../db';
import { loadCoordinatorSettings } from '../settings/coordinatorSettings';

/**
 * What every local field-registration command is given besides its input: the time and who acts.
 * Both have defaults (the clock, the coordinator id of the settings), so pages pass nothing and
 * tests and benchmarks pass fixed values.
 */
export interface LocalCommandOptions {
  /** epoch ms; default `Date.now()` */
  now?: number;
  /** default: the coordinator id of the settings, or `local` when none is set yet */
  coordinatorId?: string;
}

export interface ResolvedContext {
  now: number;
  /** `now` as an ISO instant, as the records carry it */
  nowIso: string;
  coordinatorId: string;
}

/** Until the coordinator sets an id, local records say so; the server's answer replaces it. */
export const UNKNOWN_COORDINATOR = 'local';

export async function resolveContext(
  db: AppDatabase,
  options: LocalCommandOptions = {},
): Promise<ResolvedContext> {
  const now = options.now ?? Date.now();
  const coordinatorId =
    options.coordinatorId ?? (await loadCoordinatorSettings(db)).coordinator_id ?? UNKNOWN_COORDINATOR;
  return { now, nowIso: new Date(now).toISOString(), coordinatorId };
}
