import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatClockTime,
  formatDayMonth,
  formatMoment,
} from '../../../renderer/components/dates';

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

describe('formatDayMonth', () => {
  it.each([
    ['2026-11-30', 'DMY', '30 Nov'],
    ['2026-11-30', 'MDY', 'Nov 30'],
    ['2026-03-05', 'DMY', '5 Mar'],
    ['2026-03-05', 'MDY', 'Mar 5'],
    ['not a date', 'DMY', 'not a date'],
  ] as const)('%s in %s order is %s (English month names)', (iso, order, shown) => {
    expect(formatDayMonth(iso, order, 'en-GB')).toBe(shown);
  });

  it('names the month in the locale', () => {
    expect(formatDayMonth('2026-11-30', 'DMY', 'fr-FR')).toBe('30 nov.');
    expect(formatDayMonth('2026-03-05', 'MDY', 'de-DE')).toBe('Mär 5');
  });
});

describe('formatMoment and formatClockTime', () => {
  const at = new Date(2026, 10, 30, 10, 42);
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(at);

  it.each([
    ['DMY', `30/11/2026, ${clock}`],
    ['MDY', `11/30/2026, ${clock}`],
  ] as const)('an instant in %s order is %s', (order, shown) => {
    expect(formatMoment(at.getTime(), order)).toBe(shown);
    expect(formatMoment(at.toISOString(), order)).toBe(shown);
  });

  it('a time that is not one is shown as written', () => {
    expect(formatMoment('soon', 'DMY')).toBe('soon');
  });

  it('a status line gives only the time on the same day, the date too on another', () => {
    expect(formatClockTime(at.getTime(), 'MDY', new Date(2026, 10, 30, 23, 0).getTime())).toBe(clock);
    expect(formatClockTime(at.getTime(), 'MDY', new Date(2026, 11, 1, 0, 5).getTime())).toBe(
      `11/30/2026, ${clock}`,
    );
  });
});
