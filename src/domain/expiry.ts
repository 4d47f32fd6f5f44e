import { DEFAULT_THRESHOLDS, Threshold } from '../contract/expiryOrchestration';
import { daysBetween } from './expiryCalendar';
import { AppError } from '../errors/appError';

/**
 * The threshold rule and the dispatch rule of contract.md part B. Thresholds are kept ordered
 * least urgent first (`90_day`, `30_day`, `7_day`, `expired`), the order of `thresholds_hit`.
 */

export type { Threshold };
export const EXPIRED = 'expired';

/** How many days before the expiry date a threshold starts (0 for `expired`). */
export function windowDays(threshold: Threshold): number {
  return threshold === EXPIRED ? 0 : Number(threshold.slice(0, threshold.indexOf('_')));
}

/** Larger is more urgent: `expired` beats every window, a short window beats a long one. */
function urgency(threshold: Threshold): number {
  return threshold === EXPIRED ? Number.POSITIVE_INFINITY : -windowDays(threshold);
}

/** Sorts least urgent first. */
export function compareUrgency(a: Threshold, b: Threshold): number {
  return urgency(a) - urgency(b);
}

export function isMoreUrgent(a: Threshold, than: Threshold): boolean {
  return compareUrgency(a, than) > 0;
}

export class ThresholdListError extends AppError<'invalid_thresholds'> {
  constructor(message: string) {
    super('invalid_thresholds', message);
  }
}

/**
 * Reads a threshold list (`"30_day,7_day,expired"` or an array, any order) and returns it least
 * urgent first. Throws a `ThresholdListError` that says what is wrong.
 */
export function parseThresholds(input: string | readonly string[]): Threshold[] {
  const raw = typeof input === 'string' ? input.split(',') : [...input];
  const names = raw.map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new ThresholdListError('At least one threshold is needed, such as "expired"');
  const seen = new Set<string>();
  for (const name of names) {
    if (!Threshold.safeParse(name).success) {
      throw new ThresholdListError(`"${name}" is not a threshold: use "expired" or "N_day" such as "30_day"`);
    }
    if (seen.has(name)) throw new ThresholdListError(`"${name}" is listed twice`);
    seen.add(name);
  }
  return names.sort(compareUrgency);
}

export const DEFAULT_THRESHOLD_LIST: readonly Threshold[] = parseThresholds(DEFAULT_THRESHOLDS);

/** The widest window in days: records expiring later than evaluation date + this reach nothing. */
export function maxWindowDays(thresholds: readonly Threshold[]): number {
  return Math.max(0, ...thresholds.map(windowDays));
}

/**
 * The most urgent threshold a record has reached on `evaluationDate`, or null. `expired`: the
 * expiry date is on or before the evaluation date; `N_day`: it is at most N days away. Without
 * `expired` in the list, an expired record stays in the shortest window it reached.
 */
export function thresholdFor(
  expiryDate: string,
  evaluationDate: string,
  thresholds: readonly Threshold[],
): Threshold | null {
  const daysLeft = daysBetween(evaluationDate, expiryDate);
  let reached: Threshold | null = null;
  for (const threshold of thresholds) {
    const hit = threshold === EXPIRED ? daysLeft <= 0 : daysLeft <= windowDays(threshold);
    if (hit && (reached === null || isMoreUrgent(threshold, reached))) reached = threshold;
  }
  return reached;
}

/** The distinct thresholds in `reached`, least urgent first (the seed's `thresholds_hit`). */
export function thresholdsHit(reached: Iterable<Threshold | null>): Threshold[] {
  const distinct = new Set<Threshold>();
  for (const threshold of reached) if (threshold !== null) distinct.add(threshold);
  return [...distinct].sort(compareUrgency);
}

/**
 * The dispatch rule for one (mentor, expiry date): `reached` is sent only if it was never sent
 * and nothing more urgent was sent either, so a clock moved backwards (or a run evaluating an
 * earlier date) never repeats or regresses. A renewed expiry date has its own, empty history.
 */
export function shouldDispatch(reached: Threshold | null, alreadySent: readonly Threshold[]): boolean {
  if (reached === null) return false;
  return alreadySent.every((sent) => isMoreUrgent(reached, sent));
}
