import { describe, expect, it } from 'vitest';
import {
  isWithinQuietHours,
  scheduledRunDecision,
  type LastScheduledRun,
} from '../../../src/domain/expirySchedule';

const at = (iso: string) => Date.parse(iso);
const EIGHT = 8 * 60;

describe('scheduledRunDecision', () => {
  const lastYesterday: LastScheduledRun = {
    startedAt: at('2026-03-25T08:00:00Z'),
    evaluatedOn: '2026-03-25',
  };
  it.each([
    ['never ran: due at once', 'UTC', '2026-03-26T03:00:00Z', null, true, 'first-run'],
    [
      'ran yesterday, before 08:00 today',
      'UTC',
      '2026-03-26T07:59:00Z',
      lastYesterday,
      false,
      'before-daily-time',
    ],
    ['ran yesterday, 08:00 today', 'UTC', '2026-03-26T08:00:00Z', lastYesterday, true, 'daily-time'],
    ['ran yesterday, laptop woke at 11:00', 'UTC', '2026-03-26T11:00:00Z', lastYesterday, true, 'daily-time'],
    [
      'already ran today',
      'UTC',
      '2026-03-26T20:00:00Z',
      { startedAt: at('2026-03-26T08:00:00Z'), evaluatedOn: '2026-03-26' },
      false,
      'ran-today',
    ],
    [
      'a whole day without a run: due at start, before 08:00',
      'UTC',
      '2026-03-27T07:00:00Z',
      { startedAt: at('2026-03-25T09:00:00Z'), evaluatedOn: '2026-03-25' },
      true,
      'overdue',
    ],
    [
      'ran early yesterday: waits for 08:00 today, no drift',
      'UTC',
      '2026-03-27T07:00:00Z',
      { startedAt: at('2026-03-26T06:00:00Z'), evaluatedOn: '2026-03-26' },
      false,
      'before-daily-time',
    ],
    ['started three days later at 06:00', 'UTC', '2026-03-28T06:00:00Z', lastYesterday, true, 'overdue'],
    [
      'clock moved back within the day after the run',
      'UTC',
      '2026-03-26T07:30:00Z',
      { startedAt: at('2026-03-26T09:00:00Z'), evaluatedOn: '2026-03-26' },
      false,
      'ran-today',
    ],
    [
      'clock moved back into the previous day, before 08:00',
      'UTC',
      '2026-03-25T07:00:00Z',
      { startedAt: at('2026-03-26T09:00:00Z'), evaluatedOn: '2026-03-26' },
      false,
      'before-daily-time',
    ],
    [
      'clock moved back, 08:00 again on the same day',
      'UTC',
      '2026-03-26T08:00:00Z',
      { startedAt: at('2026-03-26T10:00:00Z'), evaluatedOn: '2026-03-26' },
      false,
      'ran-today',
    ],
    // the local day, not the UTC one: 08:00 in Auckland is 19:00 UTC the day before
    [
      'Auckland 08:00 local',
      'Pacific/Auckland',
      '2026-03-25T19:00:00Z',
      { startedAt: at('2026-03-24T19:00:00Z'), evaluatedOn: '2026-03-25' },
      true,
      'daily-time',
    ],
    [
      'Auckland 07:59 local',
      'Pacific/Auckland',
      '2026-03-25T18:59:00Z',
      { startedAt: at('2026-03-24T19:00:00Z'), evaluatedOn: '2026-03-25' },
      false,
      'before-daily-time',
    ],
    // 08:00 local on the spring-forward day in New York (12:00 UTC, was 13:00 the day before)
    [
      'New York 08:00 EDT',
      'America/New_York',
      '2026-03-08T12:00:00Z',
      { startedAt: at('2026-03-07T13:00:00Z'), evaluatedOn: '2026-03-07' },
      true,
      'daily-time',
    ],
    [
      'New York 07:00 EDT',
      'America/New_York',
      '2026-03-08T11:00:00Z',
      { startedAt: at('2026-03-07T13:00:00Z'), evaluatedOn: '2026-03-07' },
      false,
      'before-daily-time',
    ],
  ] as const)('%s', (_what, zone, now, lastRun, due, reason) => {
    expect(scheduledRunDecision({ now: at(now), timeZone: zone, dailyMinute: EIGHT, lastRun })).toEqual({
      due,
      reason,
    });
  });
});

describe('isWithinQuietHours', () => {
  const overnight = { startMinute: 21 * 60, endMinute: 7 * 60 };
  const lunch = { startMinute: 12 * 60, endMinute: 13 * 60 };
  it.each([
    [overnight, 20 * 60 + 59, false],
    [overnight, 21 * 60, true],
    [overnight, 0, true],
    [overnight, 6 * 60 + 59, true],
    [overnight, 7 * 60, false],
    [lunch, 12 * 60 + 30, true],
    [lunch, 13 * 60, false],
    [null, 22 * 60, false],
  ])('%j at minute %i: %s', (quiet, minute, expected) => {
    expect(isWithinQuietHours(minute, quiet)).toBe(expected);
  });
});
