import { z } from 'zod';
import type { AppDatabase } from '../db';

/**
 * The authorizing staff member's UUID (seed 004's `authorizing_uuid`): set once in Settings and
 * sent with every walk-in this laptop authorizes. One validated row of the `settings` table.
 */

export const STAFF_UUID_KEY = 'walkins.staff_uuid';

export const StaffUuid = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(
    // the contract's own UUID rule, so the server never refuses one accepted here
    z.uuid({
      message: 'A staff UUID looks like 6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60 (32 hex digits in 5 groups)',
    }),
  );

/** The stored staff UUID, or null when not set (or unreadable). */
export async function loadStaffUuid(db: AppDatabase): Promise<string | null> {
  const row = await db.settings.get(STAFF_UUID_KEY);
  const parsed = StaffUuid.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

/** Validates and stores it; throws the zod error (with its message) on a bad value, storing nothing. */
export async function saveStaffUuid(db: AppDatabase, value: string): Promise<string> {
  const uuid = StaffUuid.parse(value);
  await db.settings.put({ key: STAFF_UUID_KEY, value: uuid });
  return uuid;
}
