import { daysBetween, localWallClock } from './expiryCalendar';

/**
 * When a scheduled expiry run is due, and when notifications are held. Pure: the clock, the zone
 * and the last run are inputs. Quiet hours do not delay runs (evaluation and the once-ever log
 * should be current whatever the hour); they only hold the notifications a run produced.
 */

export interface LastScheduledRun {
  /** epoch ms the run started */
  startedAt: number;
  /** the local date it evaluated */
  evaluatedOn: string;
}

export interface ScheduleInput {
  now: number;
  timeZone: string;
  /** minutes after local midnight of the daily run (08:00 is 480) */
  dailyMinute: number;
  lastRun: LastScheduledRun | null;
}

export type ScheduleDecision =
  | { due: true; reason: 'first-run' | 'daily-time' | 'overdue' }
  | { due: false; reason: 'ran-today' | 'before-daily-time' };

/**
 * Due at most once per local day: at the daily time, or straight away (at start-up, on resume
 * or at any tick) when there never was a run or the last one is over a day old, that is a whole
 * local day went by without one (the machine was off or asleep at the daily time). Judging
 * "over a day" by local dates rather than 24 hours keeps the daily time from drifting earlier.
 * "Today" is a local date, so a clock moved backwards within a day finds the day already done,
 * and one moved back into an earlier day only repeats an evaluation that the dispatch rule
 * makes silent.
 */
export function scheduledRunDecision({
  now,
  timeZone,
  dailyMinute,
  lastRun,
}: ScheduleInput): ScheduleDecision {
  if (lastRun === null) return { due: true, reason: 'first-run' };
  const clock = localWallClock(now, timeZone);
  if (clock.date === lastRun.evaluatedOn) return { due: false, reason: 'ran-today' };
  if (clock.minuteOfDay >= dailyMinute) return { due: true, reason: 'daily-time' };
  if (daysBetween(lastRun.evaluatedOn, clock.date) > 1) return { due: true, reason: 'overdue' };
  return { due: false, reason: 'before-daily-time' };
}

export interface QuietHours {
  /** minutes after local midnight the quiet window starts */
  startMinute: number;
  /** minutes after local midnight it ends (before `startMinute` when it spans midnight) */
  endMinute: number;
}

/** True when a local time of day falls inside the quiet window (start included, end excluded). */
export function isWithinQuietHours(minuteOfDay: number, quiet: QuietHours | null): boolean {
  if (quiet === null || quiet.startMinute === quiet.endMinute) return false;
  if (quiet.startMinute < quiet.endMinute) {
    return minuteOfDay >= quiet.startMinute && minuteOfDay < quiet.endMinute;
  }
  return minuteOfDay >= quiet.startMinute || minuteOfDay < quiet.endMinute;
}
