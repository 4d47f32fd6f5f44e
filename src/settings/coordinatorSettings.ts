import { z } from 'zod';
import type { AppDatabase } from '../db';

/**
 * The coordinator's own settings, one validated row of the `settings` table: who submits the
 * batches (until the server token says it) and how text dates such as 03/04/2026 are read.
 */

export const COORDINATOR_SETTINGS_KEY = 'coordinator.settings';

export const CoordinatorId = z
  .string()
  .trim()
  .min(1, 'Enter your coordinator id')
  .max(64, 'A coordinator id is at most 64 characters')
  .regex(/^[^\s]+$/, 'A coordinator id has no spaces (for example coord-119)');

export const DateOrderSetting = z.enum(['DMY', 'MDY']);

export const CoordinatorSettings = z.object({
  coordinator_id: CoordinatorId.nullable().default(null),
  /** how a text date such as 03/04/2026 is read: day first or month first */
  date_order: DateOrderSetting.default('DMY'),
});
export type CoordinatorSettings = z.infer<typeof CoordinatorSettings>;

export const DEFAULT_COORDINATOR_SETTINGS: CoordinatorSettings = { coordinator_id: null, date_order: 'DMY' };

/** The stored settings; a missing or unreadable row gives the defaults. */
export async function loadCoordinatorSettings(db: AppDatabase): Promise<CoordinatorSettings> {
  const row = await db.settings.get(COORDINATOR_SETTINGS_KEY);
  return parseCoordinatorSettings(row?.value);
}

export function parseCoordinatorSettings(value: unknown): CoordinatorSettings {
  const parsed = CoordinatorSettings.safeParse(value ?? {});
  return parsed.success ? parsed.data : DEFAULT_COORDINATOR_SETTINGS;
}

/**
 * Changes some settings and keeps the others; validates the result and throws the zod error (with
 * its field messages) on bad input, storing nothing.
 */
export function updateCoordinatorSettings(
  db: AppDatabase,
  patch: { coordinator_id?: string | null; date_order?: string },
): Promise<CoordinatorSettings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await loadCoordinatorSettings(db);
    const settings = CoordinatorSettings.parse({ ...current, ...patch });
    await db.settings.put({ key: COORDINATOR_SETTINGS_KEY, value: settings });
    return settings;
  });
}
