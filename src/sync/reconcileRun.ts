import type { RunDetail, RunSummary } from '../contract';
import type { AppDatabase, ExpiryRunRecord } from '../db';

/** Server wins on outcomes for expiry runs too; call inside a transaction over `reconcileTables`. */

/** Writes the server's run over the local one (created if missing). */
export async function applyServerRun(
  db: AppDatabase,
  run: RunSummary | RunDetail,
  timeZone: string,
  nowIso: string,
): Promise<void> {
  const existing = await db.expiryRuns.get(run.run_id);
  const evaluatedAt = run.evaluated_at ?? existing?.evaluated_at ?? run.started_at;
  const record: ExpiryRunRecord = {
    ...existing,
    run_id: run.run_id,
    triggered_by: run.triggered_by,
    expirations_evaluated: run.expirations_evaluated,
    notifications_dispatched: run.notifications_dispatched,
    thresholds_hit: run.thresholds_hit,
    status: run.status,
    started_at: run.started_at,
    completed_at: run.completed_at,
    evaluated_at: evaluatedAt,
    evaluated_on: existing?.evaluated_on ?? calendarDate(evaluatedAt, timeZone),
    error: run.error ?? undefined,
    resolution_notes: run.resolution_notes ?? undefined,
    updated_at: run.updated_at ?? nowIso,
    sync_state: 'synced',
  };
  await db.expiryRuns.put(record);
}

/** YYYY-MM-DD of `iso` in `timeZone`. */
export function calendarDate(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
