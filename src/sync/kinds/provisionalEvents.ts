import type { AppDatabase } from '../../db';
import { writtenNow } from '../../search/memoryIndex';
import { rememberServerId } from '../recordIds';
import { moveJobsToEvent } from './attendeeJobKind';

/**
 * A provisional event (made here by a lax lookup, or by a people file naming a sitting no event
 * here has) learns which event the server holds at that venue and start: from a lax command's
 * answer, or from the 409 that refuses its create because another laptop made it first.
 */

/**
 * The provisional event `provisionalId` is the server's `serverEventId`: its registrations move
 * onto that event, the provisional record goes, and later changes of it go to the server's.
 * Inside a transaction over `syncTables`.
 */
export async function mapProvisionalEvent(
  db: AppDatabase,
  provisionalId: string,
  serverEventId: string,
): Promise<void> {
  const provisional = await db.events.get(provisionalId);
  if (!provisional?.provisional || provisionalId === serverEventId) return;
  await db.registrations
    .where('event_id')
    .equals(provisionalId)
    .modify((r) => {
      r.event_id = serverEventId;
      r.written_at = writtenNow();
    });
  const active = await db.registrations.where('[event_id+status]').equals([serverEventId, 'active']).count();
  const known = await db.events.get(serverEventId);
  const { provisional: _p, ...rest } = provisional;
  await db.events.put(
    known
      ? { ...known, registered_count: Math.max(known.registered_count, active) }
      : { ...rest, event_id: serverEventId, registered_count: active, sync_state: 'synced' },
  );
  await db.events.delete(provisionalId);
  await rememberServerId(db, { kind: 'event', id: provisionalId }, serverEventId);
  await moveJobsToEvent(db, provisionalId, serverEventId);
}
