import { Event, EventCancel, EventList, EventUpsert, paths } from '../../contract';
import type { AppDatabase, EventRecord } from '../../db';
import { localDateIn } from '../../domain/events';
import { hasOpenCreate, hasUnsentChanges } from '../outboxState';
import type { PullOptions, PullReport } from '../pullContext';
import { recordKey, serverIdOf } from '../recordIds';
import { syncTables, type OperationDescriptor, type RecordKindDescriptor } from '../recordKinds';
import type { ApiClient } from '../client';
import { parseBody } from '../requests';
import { laterEntriesOpen, ownIdOnceCreated } from './fieldKindParts';
import { mapProvisionalEvent } from './provisionalEvents';

/**
 * Events (`POST /events/:event_id`, `POST /events/:event_id/cancel`). A provisional event made
 * by the desk's lax lookup has no create: its server id is learnt from the registration's answer
 * (the registration kind maps it), and its later changes go to that event. One a people file made
 * has a create; refused because the server has that sitting already, it is mapped onto that one.
 */

export const EVENT_CURSOR_KEY = 'sync.cursor.events';

const need = (id: string | undefined) => id ?? '';

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The event the server holds at a provisional event's venue and start, when its create is refused
 * with the contract's 409 naming it: another laptop made that sitting first while both were
 * offline (two people files naming it, say), and the two are one event, as the lax lookup makes
 * them. Its create was also overtaken when a lax answer mapped it first. An event made on the
 * Events page is not merged: its exam class or limit may differ, so that refusal is the
 * coordinator's to settle.
 */
async function sameSittingOnServer(
  { db, client }: { db: AppDatabase; client: ApiClient },
  ref: { kind: string; id: string },
  refusal: { status: number; code: string; message: string },
): Promise<Event | undefined> {
  if (refusal.status !== 409 || refusal.code !== 'conflict') return undefined;
  const local = await db.events.get(ref.id);
  const named = local ? UUID_IN_TEXT.exec(refusal.message)?.[0] : await serverIdOf(db, ref);
  if (!named || (local && !local.provisional)) return undefined;
  const found = await client.send({ method: 'GET', path: paths.event(named), schema: Event });
  if (!found.ok || found.data.status === 'cancelled') return undefined;
  const sameSitting =
    !local ||
    (found.data.event_venue === local.event_venue &&
      Date.parse(found.data.event_start) === Date.parse(local.event_start));
  return sameSitting ? found.data : undefined;
}

const upsert = (label: string, create: boolean): OperationDescriptor => ({
  label,
  method: 'POST',
  create,
  ...(create
    ? {
        answerForRefusal: ({ db, client }, _entry, ref, refusal) =>
          sameSittingOnServer({ db, client }, ref, refusal),
      }
    : {}),
  editableBody: EventUpsert,
  request: (entry, ref, serverId) => {
    const body = parseBody(EventUpsert, entry.body);
    return body.ok
      ? {
          ok: true,
          send: (c) =>
            c.send({
              method: 'POST',
              path: paths.event(create ? ref.id : need(serverId)),
              schema: Event,
              body: body.value,
              idempotencyKey: entry.idempotency_key,
            }),
        }
      : body;
  },
});

/**
 * The seats taken as this laptop knows them: the server's count, plus the registrations made here
 * on that event that the server has not been told of yet.
 */
async function localCount(db: AppDatabase, event: Event): Promise<number> {
  const unsent = await db.registrations
    .where('[event_id+status]')
    .equals([event.event_id, 'active'])
    .filter((r) => r.sync_state !== 'synced')
    .toArray();
  let extra = 0;
  for (const r of unsent)
    if (await hasOpenCreate(db, recordKey({ kind: 'registration', id: r.registration_id }))) extra += 1;
  return event.registered_count + extra;
}

/** The server's event as stored here (its calendar date in the venue's time zone). */
export async function putServerEvent(db: AppDatabase, event: Event): Promise<EventRecord> {
  const venue = await db.venues.get(event.event_venue);
  const record: EventRecord = {
    ...event,
    registered_count: await localCount(db, event),
    local_date: localDateIn(event.event_start, venue?.time_zone ?? 'UTC'),
    sync_state: 'synced',
  };
  await db.events.put(record);
  return record;
}

async function takeEvent(options: PullOptions, event: Event, report: PullReport): Promise<boolean> {
  const { db } = options;
  await db.transaction('rw', syncTables(db), async () => {
    if (await hasUnsentChanges(db, recordKey({ kind: 'event', id: event.event_id }))) return;
    const local = await db.events.get(event.event_id);
    // the same copy again is skipped, unless the seats counted here moved without the server's
    // event changing (a registration whose change was discarded no longer holds its seat)
    if (
      local &&
      local.updated_at === event.updated_at &&
      local.sync_state === 'synced' &&
      local.registered_count === (await localCount(db, event))
    ) {
      return;
    }
    await putServerEvent(db, event);
    report.fed += 1;
  });
  return true;
}

const EVERY_EVENT_SINCE = '1970-01-01T00:00:00Z';

/**
 * Synced events the sweep may drop. The server deletes no event, but stops showing one to this
 * coordinator when it is another's and none of this coordinator's registrations is on it any
 * more (or the token changed). An event still holding a registration made or changed here and
 * not yet answered stays, so that registration is never shown on an unknown event.
 */
async function sweptEvents(db: AppDatabase): Promise<Array<{ localId: string; serverId: string }>> {
  const unsettled = await db.registrations.where('sync_state').notEqual('synced').toArray();
  const held = new Set(unsettled.map((r) => r.event_id));
  const synced = await db.events.where('sync_state').equals('synced').primaryKeys();
  return synced.filter((id) => !held.has(id)).map((id) => ({ localId: id, serverId: id }));
}

/**
 * The event goes with its registrations: a registration the server shows makes its event
 * visible, so the server shows none of them to this coordinator either.
 */
async function removeLostEvent(db: AppDatabase, eventId: string): Promise<void> {
  const onIt = db.registrations.where('event_id').equals(eventId);
  // one changed here since the sweep listed the events: the event waits for its answer
  if (
    (await onIt
      .clone()
      .filter((r) => r.sync_state !== 'synced')
      .count()) > 0
  )
    return;
  await onIt.delete();
  await db.events.delete(eventId);
}

export const eventKind: RecordKindDescriptor = {
  kind: 'event',
  page: 'events',
  tables: (db) => [db.events, db.venues, db.registrations],
  operations: {
    'event.create': upsert('Create event', true),
    'event.update': upsert('Change event', false),
    'event.cancel': {
      label: 'Cancel event',
      method: 'POST',
      editableBody: EventCancel,
      request: (entry, _ref, serverId) => {
        const body = parseBody(EventCancel, entry.body);
        return body.ok
          ? {
              ok: true,
              send: (c) =>
                c.send({
                  method: 'POST',
                  path: paths.eventCancel(need(serverId)),
                  schema: Event,
                  body: body.value,
                  idempotencyKey: entry.idempotency_key,
                }),
            }
          : body;
      },
    },
  },
  pushOrder: 'parallel',
  setSyncState: async (db, localId, state) => {
    const event = await db.events.get(localId);
    // a provisional event stays `local`: it is the registration's answer that settles it
    if (event && !event.provisional) await db.events.update(localId, { sync_state: state });
  },
  storedServerId: async (db, localId) => {
    const event = await db.events.get(localId);
    return event?.provisional ? undefined : ownIdOnceCreated(db, { kind: 'event', id: localId }, event);
  },
  accept: async ({ db }, entry, ref, data) => {
    if (data === undefined) return;
    const event = data as Event;
    // a create answered with the event another laptop made at that sitting (`sameSittingOnServer`)
    if (event.event_id !== ref.id) await mapProvisionalEvent(db, ref.id, event.event_id);
    if (await laterEntriesOpen(db, entry.record, entry.seq)) return;
    await putServerEvent(db, event);
  },
  refetch: async (db) => {
    await db.settings.delete(EVENT_CURSOR_KEY);
  },
  subject: async (db, localId) => {
    const event = await db.events.get(localId);
    if (!event) return { name: 'An event no longer here', exists: false };
    const venue = await db.venues.get(event.event_venue);
    return { name: `Event at ${venue?.name ?? 'an unknown venue'}, ${event.local_date}`, exists: true };
  },
  feed: {
    cursorKey: EVENT_CURSOR_KEY,
    list: (client, query) => client.send({ method: 'GET', path: paths.listEvents, schema: EventList, query }),
    updatedAt: (event) => (event as Event).updated_at,
    recordOf: (event) => ({ kind: 'event', id: (event as Event).event_id }),
    take: (options, event, report) => takeEvent(options, event as Event, report),
  },
  sweep: {
    // events are listed by date only; the feed from its start lists every one this token sees
    list: (client, query) =>
      client.send({
        method: 'GET',
        path: paths.listEvents,
        schema: EventList,
        query: { ...query, updated_since: EVERY_EVENT_SINCE },
      }),
    serverIdOf: (event) => (event as Event).event_id,
    readOne: (client, id) => client.send({ method: 'GET', path: paths.event(id), schema: Event }),
    syncedRecords: sweptEvents,
    remove: removeLostEvent,
  },
};
