import { describe, expect, it } from 'vitest';
import { formatCalendarDate } from '../../../renderer/components/dates';

describe('formatCalendarDate', () => {
  it.each([
    ['2026-03-25', 'DMY', '25/03/2026'],
    ['2026-03-25', 'MDY', '03/25/2026'],
    ['2026-12-01', 'DMY', '01/12/2026'],
    ['2026-12-01', 'MDY', '12/01/2026'],
    // not a calendar date yet: shown as written, for the coordinator to fix
    ['46105', 'DMY', '46105'],
    ['next Tuesday', 'MDY', 'next Tuesday'],
    ['', 'DMY', ''],
  ] as const)('%s in %s order is %s', (iso, order, shown) => {
    expect(formatCalendarDate(iso, order)).toBe(shown);
  });
});
