import { describe, expect, it } from 'vitest';
import { expiriesByWeek, outcomesByDay } from '../../../src/dashboard';

describe('outcomesByDay', () => {
  const today = '2026-12-03';
  const batch = (day: string, completed: number, failed: number, cancelled_items = 0) => ({
    day,
    completed,
    failed,
    cancelled_items,
  });

  it('gives 30 days, oldest first, ending today, zeros where nothing was submitted', () => {
    const days = outcomesByDay([], today);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: '2026-11-04', succeeded: 0, failed: 0, cancelled: 0 });
    expect(days[29]!.day).toBe(today);
  });

  it.each([
    ['today', '2026-12-03', 29],
    ['the first day of the range', '2026-11-04', 0],
    ['across a month end', '2026-11-30', 26],
  ])('counts a batch of %s on its day', (_case, day, index) => {
    const days = outcomesByDay([batch(day, 5, 2, 1)], today);
    expect(days[index]).toEqual({ day, succeeded: 5, failed: 2, cancelled: 1 });
    expect(days.reduce((n, d) => n + d.succeeded + d.failed + d.cancelled, 0)).toBe(8);
  });

  it.each([
    ['the day before the range', '2026-11-03'],
    ['tomorrow', '2026-12-04'],
  ])('leaves out a batch of %s', (_case, day) => {
    expect(outcomesByDay([batch(day, 5, 2)], today).every((d) => d.succeeded === 0 && d.failed === 0)).toBe(
      true,
    );
  });

  it('adds up the batches of one day', () => {
    const days = outcomesByDay([batch(today, 5, 2), batch(today, 1, 0, 3)], today);
    expect(days[29]).toEqual({ day: today, succeeded: 6, failed: 2, cancelled: 3 });
  });
});

describe('expiriesByWeek', () => {
  const today = '2026-12-03';

  it('gives 13 weeks from tomorrow through today + 90, the last one short', () => {
    const weeks = expiriesByWeek([], today);
    expect(weeks).toHaveLength(13);
    expect(weeks[0]).toEqual({ from: '2026-12-04', to: '2026-12-10', count: 0 });
    expect(weeks[12]).toEqual({ from: '2027-02-26', to: '2027-03-03', count: 0 });
  });

  it.each([
    ['tomorrow', '2026-12-04', 0],
    ['today + 7', '2026-12-10', 0],
    ['today + 8', '2026-12-11', 1],
    ['today + 90', '2027-03-03', 12],
  ])('counts an expiry on %s in week %i', (_case, date, week) => {
    const weeks = expiriesByWeek([date, date], today);
    expect(weeks[week]!.count).toBe(2);
    expect(weeks.reduce((n, w) => n + w.count, 0)).toBe(2);
  });

  it.each([
    ['yesterday (expired)', '2026-12-02'],
    ['today (expired, as the attention panel counts it)', '2026-12-03'],
    ['today + 91', '2027-03-04'],
  ])('leaves out %s', (_case, date) => {
    expect(expiriesByWeek([date], today).every((w) => w.count === 0)).toBe(true);
  });
});
