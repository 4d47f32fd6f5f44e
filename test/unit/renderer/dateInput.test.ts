import { describe, expect, it } from 'vitest';
import { dateInputPattern, readTypedDate } from '../../../renderer/components/DateInput';

describe('readTypedDate', () => {
  it.each([
    ['25/03/2026', 'DMY', { iso: '2026-03-25' }],
    ['03/25/2026', 'MDY', { iso: '2026-03-25' }],
    ['01/12/2026', 'DMY', { iso: '2026-12-01' }],
    ['01/12/2026', 'MDY', { iso: '2026-01-12' }],
    // ISO is read in either order (what a pasted or test-filled value looks like)
    ['2026-04-05', 'DMY', { iso: '2026-04-05' }],
    ['2026-04-05', 'MDY', { iso: '2026-04-05' }],
    ['  ', 'DMY', { iso: '' }],
    ['', 'MDY', { iso: '' }],
  ] as const)('%s in %s order', (text, order, expected) => {
    expect(readTypedDate(text, order)).toEqual(expected);
  });

  it('says why a date is not one, with the order it was read in', () => {
    expect(readTypedDate('25/03/2026', 'MDY')).toEqual({
      error: expect.stringContaining('when read as month/day/year') as unknown as string,
    });
    expect(readTypedDate('next week', 'DMY')).toEqual({
      error: '"next week" is not a date; write it as 24/03/2026 (dd/mm/yyyy)',
    });
    expect(readTypedDate('soon', 'MDY')).toEqual({
      error: '"soon" is not a date; write it as 03/24/2026 (mm/dd/yyyy)',
    });
  });

  it('names the pattern of each order', () => {
    expect(dateInputPattern('DMY')).toBe('dd/mm/yyyy');
    expect(dateInputPattern('MDY')).toBe('mm/dd/yyyy');
  });
});
