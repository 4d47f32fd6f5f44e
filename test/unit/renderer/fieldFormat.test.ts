import { describe, expect, it } from 'vitest';
import { addDays, mondayOf, referenceAgeText, seatsText } from '../../../renderer/pages/field/format';

const DAY = 86_400_000;
const NOW = Date.parse('2026-04-10T12:00:00Z');

describe('seatsText: seats taken and left, as the events page and the desk show them', () => {
  it.each([
    [0, 3, '0 taken · 3 left'],
    [2, 3, '2 taken · 1 left'],
    [3, 3, '3 taken · 0 left'],
    // a limit lowered below the count (an edit) reads as none left, never a negative number
    [4, 3, '4 taken · 0 left'],
    [5, null, '5 taken · no limit'],
  ])('%i registered, limit %s: %s', (registered_count, registration_limit, text) => {
    expect(seatsText({ registered_count, registration_limit })).toBe(text);
  });
});

describe('referenceAgeText: how old the desk copy of the reference data is', () => {
  it.each([
    [NOW - 3 * DAY, 'Reference data from 3 days ago'],
    [NOW - DAY - 5 * 3_600_000, 'Reference data from yesterday'],
    [NOW - 2 * 3_600_000, 'Reference data from 2 hours ago'],
    [NOW - 5 * 60_000, 'Reference data from 5 minutes ago'],
    [NOW - 10_000, 'Reference data from just now'],
    // a clock set back since the pull is not a time in the future
    [NOW + 60_000, 'Reference data from just now'],
  ])('pulled at %i: %s', (pulledAt, text) => {
    expect(referenceAgeText(pulledAt, NOW)).toBe(text);
  });

  it('says where to get it when it was never pulled', () => {
    expect(referenceAgeText(null, NOW)).toMatch(
      /^No reference data yet: connect to the server on the Sync page/,
    );
  });
});

describe('the calendar steps of the events page', () => {
  it.each([
    ['2026-04-10', 1, '2026-04-11'],
    ['2026-04-30', 1, '2026-05-01'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-01-01', -1, '2025-12-31'],
  ])('addDays(%s, %i) is %s', (date, days, next) => {
    expect(addDays(date, days)).toBe(next);
  });

  it.each([
    ['2026-04-06', '2026-04-06'],
    ['2026-04-10', '2026-04-06'],
    ['2026-04-12', '2026-04-06'],
    ['2026-03-01', '2026-02-23'],
  ])('the week of %s starts on Monday %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });
});
