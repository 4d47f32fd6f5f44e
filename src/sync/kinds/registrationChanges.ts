import type { AppDatabase, RegistrationRecord } from '../../db';
import { writtenNow } from '../../search/memoryIndex';

/**
 * The registrations whose server outcome differed from this computer's (`outcome_changed`),
 * until the coordinator marks them as seen. Their ids are kept in one `settings` row, because
 * the registrations table has no index on the mark and the sync status counts them after every
 * cycle: scanning 100,000 registrations for it would cost seconds each time. The row is only
 * a pointer: a registration counts while it is still here and still carries the mark, so one
 * deleted or swept meanwhile needs no bookkeeping.
 */

export const CHANGED_REGISTRATIONS_KEY = 'sync.changed.registrations';

async function markedIds(db: AppDatabase): Promise<string[]> {
  const row = await db.settings.get(CHANGED_REGISTRATIONS_KEY);
  return Array.isArray(row?.value) ? (row.value as string[]) : [];
}

/** Remembers that the registration got an `outcome_changed` mark; inside the write's transaction. */
export async function markRegistrationChanged(db: AppDatabase, registrationId: string): Promise<void> {
  const ids = await markedIds(db);
  if (ids.includes(registrationId)) return;
  await db.settings.put({ key: CHANGED_REGISTRATIONS_KEY, value: [...ids, registrationId] });
}

/** The marked registrations still here, in the order they were marked. */
export async function changedRegistrations(db: AppDatabase): Promise<RegistrationRecord[]> {
  const ids = await markedIds(db);
  if (ids.length === 0) return [];
  const records = await db.registrations.bulkGet(ids);
  return records.filter((r): r is RegistrationRecord => r?.outcome_changed !== undefined);
}

/** The coordinator has seen what the server changed on these registrations: the marks go. */
export async function acknowledgeRegistrationChanges(
  db: AppDatabase,
  registrationIds: readonly string[],
): Promise<void> {
  await db.transaction('rw', [db.registrations, db.settings], async () => {
    for (const id of registrationIds) {
      const r = await db.registrations.get(id);
      if (r?.outcome_changed === undefined) continue;
      const { outcome_changed: _seen, ...rest } = r;
      await db.registrations.put({ ...rest, written_at: writtenNow() });
    }
    const seen = new Set(registrationIds);
    const left = (await markedIds(db)).filter((id) => !seen.has(id));
    if (left.length === 0) await db.settings.delete(CHANGED_REGISTRATIONS_KEY);
    else await db.settings.put({ key: CHANGED_REGISTRATIONS_KEY, value: left });
  });
}
