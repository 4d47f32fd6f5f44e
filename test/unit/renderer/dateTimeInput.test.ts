import { describe, expect, it } from 'vitest';
import { dateTimeInputPattern, readTypedDateTime } from '../../../renderer/components/DateTimeInput';
import { formatWallClock } from '../../../renderer/components/dates';

describe('readTypedDateTime', () => {
  it.each([
    ['25/03/2026 09:00', 'DMY', '2026-03-25T09:00'],
    ['03/25/2026 09:00', 'MDY', '2026-03-25T09:00'],
    ['01/12/2026 14:30', 'DMY', '2026-12-01T14:30'],
    ['01/12/2026 14:30', 'MDY', '2026-01-12T14:30'],
    ['1/12/2026, 9.05', 'DMY', '2026-12-01T09:05'],
    ['03/25/2026 2:30 pm', 'MDY', '2026-03-25T14:30'],
    ['03/25/2026 12am', 'MDY', '2026-03-25T00:00'],
    ['24 Mar 2026 9:00', 'MDY', '2026-03-24T09:00'],
    // the stored form reads in either order (what a pasted or test-filled value looks like)
    ['2026-04-05T09:00', 'DMY', '2026-04-05T09:00'],
    ['2026-04-05 23:59', 'MDY', '2026-04-05T23:59'],
    ['  ', 'DMY', ''],
  ] as const)('%s in %s order is %s', (text, order, value) => {
    expect(readTypedDateTime(text, order)).toEqual({ value });
  });

  it.each([
    ['31/02/2026 09:00', 'DMY', '"31/02/2026" is not a real date when read as day/month/year.'],
    ['2026-02-31T09:00', 'DMY', '"2026-02-31" is not a real calendar date'],
    ['25/03/2026', 'DMY', '"25/03/2026" has no time of day; write it as 24/03/2026 09:00 (dd/mm/yyyy hh:mm)'],
    ['25/03/2026 25:00', 'DMY', '"25:00" is not a time of day; write it as 09:00 or 2:30 pm'],
    ['25/03/2026 9:75', 'DMY', '"9:75" is not a time of day; write it as 09:00 or 2:30 pm'],
    ['03/25/2026 13pm', 'MDY', '"13pm" is not a time of day; write it as 09:00 or 2:30 pm'],
    ['soon 9:00', 'MDY', '"soon" is not a date; write it as 03/24/2026 09:00 (mm/dd/yyyy hh:mm)'],
    [
      'next week',
      'DMY',
      '"next week" is not a date and time; write it as 24/03/2026 09:00 (dd/mm/yyyy hh:mm)',
    ],
  ] as const)('%s in %s order says why it is not a time', (text, order, error) => {
    expect(readTypedDateTime(text, order)).toEqual({ error });
  });

  it('says which order a date was read in, and what the other order would give', () => {
    expect(readTypedDateTime('03/25/2026 09:00', 'DMY')).toEqual({
      error: expect.stringContaining('when read as day/month/year') as unknown as string,
    });
  });

  it('shows what it reads the way it is typed back', () => {
    for (const order of ['DMY', 'MDY'] as const) {
      const shown = formatWallClock('2026-12-01T07:05', order);
      expect(readTypedDateTime(shown, order)).toEqual({ value: '2026-12-01T07:05' });
    }
  });

  it('names the pattern of each order', () => {
    expect(dateTimeInputPattern('DMY')).toBe('dd/mm/yyyy hh:mm');
    expect(dateTimeInputPattern('MDY')).toBe('mm/dd/yyyy hh:mm');
  });
});

describe('formatWallClock', () => {
  it.each([
    ['2026-04-02T09:00', 'DMY', '02/04/2026 09:00'],
    ['2026-04-02T09:00', 'MDY', '04/02/2026 09:00'],
    // text typed that is not a time is shown as typed
    ['31/02/2026 09:00', 'DMY', '31/02/2026 09:00'],
    ['', 'MDY', ''],
  ] as const)('%s in %s order is %s', (wall, order, shown) => {
    expect(formatWallClock(wall, order)).toBe(shown);
  });
});
