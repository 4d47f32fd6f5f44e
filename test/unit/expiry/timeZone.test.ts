import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../../src/domain/expiryCalendar';

describe('the process time zone', () => {
  const zone = process.env['TZ'];
  it(`is the one the vitest project set (TZ=${zone ?? 'unset: the machine zone'})`, () => {
    const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(resolved).toBe(zone ?? resolved);
  });

  it('does not change the coordinator local date, which comes from the host zone', () => {
    const instant = Date.parse('2026-03-25T11:30:00Z');
    expect(localDateOf(instant, 'Pacific/Auckland')).toBe('2026-03-26');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-03-25');
    expect(localDateOf(instant, 'UTC')).toBe('2026-03-25');
  });
});
