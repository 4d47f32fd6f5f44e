import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLD_LIST,
  maxWindowDays,
  parseThresholds,
  shouldDispatch,
  thresholdFor,
  thresholdsHit,
  ThresholdListError,
} from '../../../src/domain/expiry';
import { addDays, localDateOf } from '../../../src/domain/expiryCalendar';

describe('parseThresholds', () => {
  it.each([
    ['30_day,7_day,expired', ['30_day', '7_day', 'expired']],
    ['expired, 7_day ,30_day', ['30_day', '7_day', 'expired']],
    ['7_day,90_day,expired,60_day,30_day', ['90_day', '60_day', '30_day', '7_day', 'expired']],
    ['expired', ['expired']],
    ['14_day', ['14_day']],
  ])('%s is ordered least urgent first', (input, expected) => {
    expect(parseThresholds(input)).toEqual(expected);
  });

  it.each([
    ['', 'At least one threshold'],
    ['30_days', '"30_days" is not a threshold'],
    ['0_day', '"0_day" is not a threshold'],
    ['soon', '"soon" is not a threshold'],
    ['7_day,7_day', '"7_day" is listed twice'],
  ])('%j is refused: %s', (input, message) => {
    expect(() => parseThresholds(input)).toThrow(ThresholdListError);
    expect(() => parseThresholds(input)).toThrow(message);
  });

  it('defaults to the contract list', () => {
    expect(DEFAULT_THRESHOLD_LIST).toEqual(['30_day', '7_day', 'expired']);
    expect(maxWindowDays(DEFAULT_THRESHOLD_LIST)).toBe(30);
    expect(maxWindowDays(['expired'])).toBe(0);
  });
});

describe('thresholdFor with the default list, one case per boundary day', () => {
  const evaluation = '2026-03-26';
  it.each([
    [31, null],
    [30, '30_day'],
    [29, '30_day'],
    [8, '30_day'],
    [7, '7_day'],
    [6, '7_day'],
    [1, '7_day'],
    [0, 'expired'],
    [-1, 'expired'],
    [-400, 'expired'],
  ])('expiry %i days after the evaluation date reaches %s', (days, expected) => {
    expect(thresholdFor(addDays(evaluation, days), evaluation, DEFAULT_THRESHOLD_LIST)).toBe(expected);
  });
});

describe('thresholdFor with other lists', () => {
  it.each([
    [['90_day', '60_day', '30_day', '7_day', 'expired'], 91, null],
    [['90_day', '60_day', '30_day', '7_day', 'expired'], 90, '90_day'],
    [['90_day', '60_day', '30_day', '7_day', 'expired'], 61, '90_day'],
    [['90_day', '60_day', '30_day', '7_day', 'expired'], 60, '60_day'],
    [['90_day', '60_day', '30_day', '7_day', 'expired'], 31, '60_day'],
    // without `7_day` a record goes from 30 days straight to expired
    [['30_day', 'expired'], 3, '30_day'],
    // without `expired` an expired record stays in the shortest window it reached
    [['30_day', '7_day'], 0, '7_day'],
    [['30_day', '7_day'], -10, '7_day'],
    [['expired'], 1, null],
    [['expired'], 0, 'expired'],
  ])('%j, %i days before expiry: %s', (thresholds, days, expected) => {
    expect(thresholdFor(addDays('2026-06-01', days), '2026-06-01', thresholds)).toBe(expected);
  });
});

describe('thresholdFor around a leap day', () => {
  it.each([
    ['2028-02-29', '2028-01-29', null],
    ['2028-02-29', '2028-01-30', '30_day'],
    ['2028-02-29', '2028-02-21', '30_day'],
    ['2028-02-29', '2028-02-22', '7_day'],
    ['2028-02-29', '2028-02-28', '7_day'],
    ['2028-02-29', '2028-02-29', 'expired'],
    ['2028-02-29', '2028-03-01', 'expired'],
    ['2028-03-01', '2028-01-31', '30_day'],
    ['2028-03-01', '2028-01-30', null],
    // not a leap year: February has 28 days
    ['2027-03-01', '2027-01-30', '30_day'],
    ['2027-03-01', '2027-01-29', null],
  ])('expiry %s evaluated on %s: %s', (expiry, evaluation, expected) => {
    expect(thresholdFor(expiry, evaluation, DEFAULT_THRESHOLD_LIST)).toBe(expected);
  });
});

describe('threshold on the coordinator local date', () => {
  it.each([
    // Europe/London: BST starts 2026-03-29 01:00 UTC, ends 2026-10-25 01:00 UTC
    ['Europe/London', '2026-03-28T23:30:00Z', '2026-03-29', '7_day'],
    ['Europe/London', '2026-03-29T00:30:00Z', '2026-03-29', 'expired'],
    ['Europe/London', '2026-03-29T22:59:00Z', '2026-03-29', 'expired'],
    ['Europe/London', '2026-02-27T08:00:00Z', '2026-03-29', '30_day'],
    ['Europe/London', '2026-02-26T08:00:00Z', '2026-03-29', null],
    ['Europe/London', '2026-10-24T23:30:00Z', '2026-10-25', 'expired'],
    ['Europe/London', '2026-10-24T22:30:00Z', '2026-10-25', '7_day'],
    // America/New_York: EDT starts 2026-03-08 07:00 UTC, ends 2026-11-01 06:00 UTC
    ['America/New_York', '2026-03-08T04:30:00Z', '2026-03-08', '7_day'],
    ['America/New_York', '2026-03-08T05:30:00Z', '2026-03-08', 'expired'],
    ['America/New_York', '2026-03-08T12:00:00Z', '2026-04-07', '30_day'],
    ['America/New_York', '2026-03-07T13:00:00Z', '2026-04-07', null],
    ['America/New_York', '2026-11-02T04:30:00Z', '2026-11-01', 'expired'],
    ['America/New_York', '2026-11-01T03:30:00Z', '2026-11-01', '7_day'],
    // Australia/Sydney: AEDT ends 2026-04-04 16:00 UTC, starts again 2026-10-03 16:00 UTC
    ['Australia/Sydney', '2026-04-04T12:30:00Z', '2026-04-05', '7_day'],
    ['Australia/Sydney', '2026-04-04T13:30:00Z', '2026-04-05', 'expired'],
    ['Australia/Sydney', '2026-10-03T13:30:00Z', '2026-10-04', '7_day'],
    ['Australia/Sydney', '2026-10-03T14:30:00Z', '2026-10-04', 'expired'],
    ['Australia/Sydney', '2026-09-03T22:00:00Z', '2026-10-04', '30_day'],
    // ahead of UTC: 00:30 in Auckland is still the previous day in UTC
    ['Pacific/Auckland', '2026-03-25T11:30:00Z', '2026-03-26', 'expired'],
    ['Pacific/Auckland', '2026-03-25T10:30:00Z', '2026-03-26', '7_day'],
    // behind UTC: 23:30 in Los Angeles is already the next day in UTC
    ['America/Los_Angeles', '2026-03-27T06:30:00Z', '2026-03-27', '7_day'],
    ['America/Los_Angeles', '2026-03-27T07:30:00Z', '2026-03-27', 'expired'],
    ['Pacific/Kiritimati', '2026-03-26T10:00:00Z', '2026-03-27', 'expired'],
    ['Pacific/Pago_Pago', '2026-03-27T10:59:00Z', '2026-03-27', '7_day'],
  ])('%s at %s, expiry %s: %s', (zone, instant, expiry, expected) => {
    const today = localDateOf(Date.parse(instant), zone);
    expect(thresholdFor(expiry, today, DEFAULT_THRESHOLD_LIST)).toBe(expected);
  });
});

describe('thresholdsHit', () => {
  it('lists distinct thresholds least urgent first, as the seed', () => {
    expect(thresholdsHit(['expired', null, '7_day', '30_day', 'expired', '7_day'])).toEqual([
      '30_day',
      '7_day',
      'expired',
    ]);
    expect(thresholdsHit([null, null])).toEqual([]);
  });
});

describe('shouldDispatch: once per (mentor, expiry date, threshold), never regressing', () => {
  it.each([
    ['30_day', [], true],
    ['30_day', ['30_day'], false],
    ['7_day', ['30_day'], true],
    ['expired', ['30_day', '7_day'], true],
    ['expired', ['expired'], false],
    // a clock moved backwards: the record looks less urgent than what was already sent
    ['30_day', ['7_day'], false],
    ['7_day', ['expired'], false],
    ['30_day', ['expired'], false],
    [null, [], false],
  ] as const)('reached %s after %j: %s', (reached, sent, expected) => {
    expect(shouldDispatch(reached, sent)).toBe(expected);
  });
});
