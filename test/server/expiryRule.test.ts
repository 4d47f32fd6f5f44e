import { describe, expect, it } from 'vitest';
import { thresholdReached } from '../../server/expiryRule';

const DEFAULT = ['30_day', '7_day', 'expired'];

describe('threshold rule: the most urgent threshold reached on the evaluation date', () => {
  it.each([
    ['2026-04-26', '2026-03-26', null], // 31 days away
    ['2026-04-25', '2026-03-26', '30_day'], // exactly 30 days
    ['2026-04-15', '2026-03-26', '30_day'], // the seed's POST example
    ['2026-04-02', '2026-03-26', '7_day'], // exactly 7 days
    ['2026-03-27', '2026-03-26', '7_day'], // tomorrow
    ['2026-03-26', '2026-03-26', 'expired'], // on the day
    ['2025-01-01', '2026-03-26', 'expired'], // long past
    ['2026-03-01', '2026-02-28', '7_day'], // across a month end, non-leap year
  ])('expiry %s evaluated %s -> %s', (expiry, evaluated, expected) => {
    expect(thresholdReached(expiry, evaluated, DEFAULT)).toBe(expected);
  });

  it('follows a configured list', () => {
    expect(thresholdReached('2026-04-20', '2026-03-26', ['60_day', '14_day'])).toBe('60_day');
    expect(thresholdReached('2026-03-20', '2026-03-26', ['60_day', '14_day'])).toBe('14_day');
    expect(thresholdReached('2026-04-20', '2026-03-26', ['expired'])).toBeNull();
  });
});
