import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isKnownTimeZone,
  localDateOf,
  localWallClock,
  parseTimeOfDay,
} from '../../../src/domain/expiryCalendar';

describe('calendar arithmetic on dates', () => {
  it.each([
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });
});

describe('the local date and time of an instant', () => {
  it.each([
    // a day with 23 hours (spring forward) and one with 25 (fall back)
    ['Europe/London', '2026-03-29T00:59:00Z', '2026-03-29', 59],
    ['Europe/London', '2026-03-29T01:00:00Z', '2026-03-29', 120],
    ['Europe/London', '2026-03-29T22:59:00Z', '2026-03-29', 23 * 60 + 59],
    ['Europe/London', '2026-03-29T23:00:00Z', '2026-03-30', 0],
    ['Europe/London', '2026-10-25T00:30:00Z', '2026-10-25', 90],
    ['Europe/London', '2026-10-25T01:30:00Z', '2026-10-25', 90],
    ['America/New_York', '2026-03-08T06:59:00Z', '2026-03-08', 60 + 59],
    ['America/New_York', '2026-03-08T07:00:00Z', '2026-03-08', 180],
    ['Australia/Sydney', '2026-04-04T15:30:00Z', '2026-04-05', 150],
    ['Australia/Sydney', '2026-04-04T16:30:00Z', '2026-04-05', 150],
    ['Pacific/Auckland', '2026-03-25T10:59:00Z', '2026-03-25', 23 * 60 + 59],
    ['Pacific/Auckland', '2026-03-25T11:00:00Z', '2026-03-26', 0],
    ['America/Los_Angeles', '2026-03-27T06:59:00Z', '2026-03-26', 23 * 60 + 59],
    ['America/Los_Angeles', '2026-03-27T07:00:00Z', '2026-03-27', 0],
    ['UTC', '2028-02-29T23:59:00Z', '2028-02-29', 23 * 60 + 59],
  ])('%s at %s is %s, minute %i', (zone, instant, date, minute) => {
    expect(localWallClock(Date.parse(instant), zone)).toEqual({ date, minuteOfDay: minute });
    expect(localDateOf(Date.parse(instant), zone)).toBe(date);
  });

  it('knows IANA zones and refuses others', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    ['08:00', 480],
    ['00:00', 0],
    ['23:59', 1439],
    ['24:00', null],
    ['8:00', null],
    ['08:60', null],
    ['noon', null],
  ])('%s -> %s', (value, expected) => {
    expect(parseTimeOfDay(value)).toBe(expected);
  });
});
