import { describe, expect, it } from 'vitest';
import { compareNotificationUrgency } from '../../../src/expiry';

/** The reminders list is most urgent first: earliest expiry, then the nearer threshold, then the latest sent. */
describe('compareNotificationUrgency', () => {
  const n = (
    mentor: string,
    expiry_date: string,
    threshold: string,
    dispatched_at = '2026-12-01T08:00:00Z',
  ) => ({
    mentor,
    expiry_date,
    threshold,
    dispatched_at,
  });

  it('puts an expired certification before one that expires later, whatever was sent last', () => {
    const rows = [
      n('later', '2026-12-20', '30_day', '2026-12-03T08:00:00Z'),
      n('expired', '2026-11-30', 'expired', '2026-12-01T08:00:00Z'),
      n('soon', '2026-12-05', '7_day', '2026-12-02T08:00:00Z'),
    ];
    expect([...rows].sort(compareNotificationUrgency).map((r) => r.mentor)).toEqual([
      'expired',
      'soon',
      'later',
    ]);
  });

  it.each([
    ['the more urgent threshold first', n('a', '2026-12-05', '30_day'), n('b', '2026-12-05', '7_day'), 1],
    ['expired before a window', n('a', '2026-12-05', 'expired'), n('b', '2026-12-05', '7_day'), -1],
    [
      'the latest sent first',
      n('a', '2026-12-05', '7_day', '2026-12-01T08:00:00Z'),
      n('b', '2026-12-05', '7_day', '2026-12-02T08:00:00Z'),
      1,
    ],
    ['equal rows are equal', n('a', '2026-12-05', '7_day'), n('b', '2026-12-05', '7_day'), 0],
  ])('for one expiry date: %s', (_case, a, b, sign) => {
    expect(Math.sign(compareNotificationUrgency(a, b))).toBe(sign);
  });
});
