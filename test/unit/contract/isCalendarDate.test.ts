import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../../src/contract';

describe('isCalendarDate', () => {
  it.each<[string, boolean]>([
    ['2026-03-24', true],
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-02-30', false],
    ['2026-04-30', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-05', false],
    ['26-01-05', false],
    ['2026/01/05', false],
    ['2026-01-05T00:00', false],
    [' 2026-01-05', false],
    ['2026-0a-05', false],
    ['', false],
  ])('%s -> %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('agrees with the Gregorian calendar on every day from 1900 to 2400', () => {
    const wrong: string[] = [];
    for (let year = 1900; year <= 2400; year++) {
      for (let month = 1; month <= 12; month++) {
        const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (let day = 1; day <= 31; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          if (isCalendarDate(text) !== day <= days) wrong.push(text);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
