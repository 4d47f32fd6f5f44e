import { describe, expect, it } from 'vitest';
import {
  EXPIRY_SETTINGS_KEY,
  ExpirySettingsError,
  getExpirySettings,
  setDailyRunTime,
  setQuietHours,
  setThresholds,
} from '../../../src/expiry';
import { memoryDatabase } from './support';

describe('expiry settings', () => {
  it('defaults to 30_day, 7_day, expired at 08:00 without quiet hours', async () => {
    expect(await getExpirySettings(memoryDatabase())).toEqual({
      thresholds: ['30_day', '7_day', 'expired'],
      daily_run_time: '08:00',
      quiet_hours: null,
    });
  });

  it('adds and removes thresholds, kept least urgent first', async () => {
    const db = memoryDatabase();
    expect(await setThresholds(db, ['expired', '60_day', '30_day', '7_day', '90_day'])).toEqual([
      '90_day',
      '60_day',
      '30_day',
      '7_day',
      'expired',
    ]);
    expect(await setThresholds(db, '30_day,expired')).toEqual(['30_day', 'expired']);
    expect((await getExpirySettings(db)).thresholds).toEqual(['30_day', 'expired']);
  });

  it.each([
    [(db: ReturnType<typeof memoryDatabase>) => setThresholds(db, ''), 'At least one threshold'],
    [(db: ReturnType<typeof memoryDatabase>) => setThresholds(db, '30days'), '"30days" is not a threshold'],
    [
      (db: ReturnType<typeof memoryDatabase>) => setDailyRunTime(db, '8am'),
      'daily_run_time: Use a 24-hour time',
    ],
    [
      (db: ReturnType<typeof memoryDatabase>) => setQuietHours(db, { start: '21:00', end: '7:00' }),
      'quiet_hours.end: Use a 24-hour time',
    ],
  ])('refuses an invalid value with a clear message (%#)', async (change, message) => {
    const db = memoryDatabase();
    const attempt = change(db);
    await expect(attempt).rejects.toThrow(ExpirySettingsError);
    await expect(attempt).rejects.toThrow(message);
    expect(await getExpirySettings(db)).toMatchObject({ daily_run_time: '08:00', quiet_hours: null });
  });

  it('stores the daily time and quiet hours, and turns quiet hours off', async () => {
    const db = memoryDatabase();
    await setDailyRunTime(db, '06:30');
    await setQuietHours(db, { start: '21:00', end: '07:00' });
    expect(await getExpirySettings(db)).toMatchObject({
      daily_run_time: '06:30',
      quiet_hours: { start: '21:00', end: '07:00' },
    });
    await setQuietHours(db, null);
    expect((await getExpirySettings(db)).quiet_hours).toBeNull();
  });

  it('reads a damaged row as the defaults rather than stopping the reminders', async () => {
    const db = memoryDatabase();
    await db.settings.put({ key: EXPIRY_SETTINGS_KEY, value: { thresholds: 'nonsense' } });
    expect((await getExpirySettings(db)).thresholds).toEqual(['30_day', '7_day', 'expired']);
  });
});
