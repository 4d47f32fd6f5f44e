import { describe, expect, it } from 'vitest';
import { instantAtVenue, wallClockAtVenue } from '../../../src/events/venueTime';

describe('instantAtVenue: the venue clock a coordinator types, as the instant stored', () => {
  it.each([
    ['2026-04-02T09:00', 'Europe/Paris', '2026-04-02T07:00:00.000Z'],
    ['2026-01-15T09:00', 'Europe/Paris', '2026-01-15T08:00:00.000Z'],
    ['2026-04-02T09:00', 'America/Los_Angeles', '2026-04-02T16:00:00.000Z'],
    ['2026-04-02T23:30', 'UTC', '2026-04-02T23:30:00.000Z'],
    ['2026-04-02T00:15', 'Asia/Kolkata', '2026-04-01T18:45:00.000Z'],
    // Paris skips 02:00-03:00 on 29 March 2026: a skipped time moves forward by the gap
    ['2026-03-29T02:30', 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    // the night of the change back, 25 October 2026: 03:30 is after it (UTC+1)
    ['2026-10-25T03:30', 'Europe/Paris', '2026-10-25T02:30:00.000Z'],
  ])('%s in %s is %s', (wall, zone, instant) => {
    expect(instantAtVenue(wall, zone)).toBe(instant);
  });

  it.each([
    '',
    '2026-04-02',
    '2026-04-02 09:00',
    '2026-13-02T09:00',
    // what Date.parse would roll over to 3 March and to the next day
    '2026-02-31T09:00',
    '2026-04-02T24:00',
    'tomorrow',
  ])('is undefined for %j (the command then answers its own sentence)', (wall) => {
    expect(instantAtVenue(wall, 'Europe/Paris')).toBeUndefined();
  });
});

describe('wallClockAtVenue', () => {
  it.each([
    ['2026-04-02T07:00:00.000Z', 'Europe/Paris', '2026-04-02T09:00'],
    ['2026-04-02T16:00:00.000Z', 'America/Los_Angeles', '2026-04-02T09:00'],
    ['2026-04-01T18:45:00.000Z', 'Asia/Kolkata', '2026-04-02T00:15'],
  ])('%s in %s reads %s', (instant, zone, wall) => {
    expect(wallClockAtVenue(instant, zone)).toBe(wall);
    expect(instantAtVenue(wall, zone)).toBe(instant);
  });
});
