import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, type BackoffPolicy } from '../../../src/sync/backoff';

const policy: BackoffPolicy = { baseMs: 100, capMs: 1_000, maxRetryAfterMs: 60_000 };
const NOW = Date.UTC(2026, 2, 26, 10, 0, 0);

describe('backoffDelay', () => {
  it.each([
    // attempt, random, expected
    [1, 0.999, 99],
    [1, 0, 0],
    [2, 0.5, 100],
    [3, 0.5, 200],
    [4, 1, 800],
    // capped: 100 * 2^9 = 51_200 > cap
    [10, 0.5, 500],
    [10, 1, 1_000],
    // far beyond any exponent a float holds
    [5_000, 0.25, 250],
    // a random source outside [0, 1) is clamped, never a negative or oversized delay
    [2, -3, 0],
    [2, 7, 200],
  ])('attempt %i with random %d waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, policy, () => random)).toBe(expected);
  });

  it.each([
    ['120', 60_000],
    ['2', 2_000],
    ['0', 0],
    ['Thu, 26 Mar 2026 10:00:30 GMT', 30_000],
    ['Thu, 26 Mar 2026 09:00:00 GMT', 0],
  ])('honours Retry-After %s (clamped to the policy) over the jitter', (header, expected) => {
    expect(backoffDelay(3, policy, () => 0.5, { header, now: NOW })).toBe(expected);
  });

  it.each([[null], [''], ['soon'], ['1.5'], ['-4']])('ignores an unreadable Retry-After %s', (header) => {
    expect(backoffDelay(3, policy, () => 0.5, { header, now: NOW })).toBe(200);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    [undefined, undefined],
    ['  7 ', 7_000],
    ['Thu, 26 Mar 2026 10:01:00 GMT', 60_000],
    ['2026-03-26T10:01:00Z', undefined],
    ['12abc', undefined],
  ])('%s -> %s ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});
