/**
 * The threshold rule of contract part B, pure: on the evaluation date a record falls in the most urgent
 * threshold it has reached (`expired`: expiry date at or before that date; `N_day`: within N days), or none.
 */

const DAY_MS = 86_400_000;

/** Days from `evaluationDate` to `expiryDate` (both `YYYY-MM-DD`); negative once past. */
export function daysUntil(expiryDate: string, evaluationDate: string): number {
  return Math.round(
    (Date.parse(`${expiryDate}T00:00:00Z`) - Date.parse(`${evaluationDate}T00:00:00Z`)) / DAY_MS,
  );
}

/** The window of a threshold in days: `expired` is 0 (at or before), `7_day` is 7. */
export function thresholdWindow(threshold: string): number {
  if (threshold === 'expired') return 0;
  const days = Number.parseInt(threshold, 10);
  if (!Number.isInteger(days) || days < 1) throw new Error(`Not a threshold: ${threshold}`);
  return days;
}

/** The most urgent of `thresholds` the record has reached, or null. */
export function thresholdReached(
  expiryDate: string,
  evaluationDate: string,
  thresholds: readonly string[],
): string | null {
  const days = daysUntil(expiryDate, evaluationDate);
  let best: string | null = null;
  for (const threshold of thresholds) {
    const window = thresholdWindow(threshold);
    if (days > window) continue;
    if (best === null || window < thresholdWindow(best)) best = threshold;
  }
  return best;
}
