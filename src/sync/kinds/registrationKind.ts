import {
  REGISTRATION_COMMANDS,
  Registration,
  RegistrationList,
  paths,
  type RegistrationCommandName,
} from '../../contract';
import type { AppDatabase, OutboxEntry, RegistrationRecord } from '../../db';
import { parseEventStart } from '../../domain/events';
import { writtenNow } from '../../search/memoryIndex';
import { registrationSearchFields } from '../../search/searchText';
import { hasUnsentChanges } from '../outboxState';
import type { PullOptions, PullReport } from '../pullContext';
import { recordKey } from '../recordIds';
import { syncTables, type OperationDescriptor, type RecordKindDescriptor } from '../recordKinds';
import { asObject, parseBody } from '../requests';
import { EVENT_CURSOR_KEY } from './eventKind';
import { isSyncedCopy, laterEntriesOpen, ownIdOnceCreated, unchangedIn } from './fieldKindParts';
import { mapProvisionalEvent } from './provisionalEvents';
import { changedRegistrations, markRegistrationChanged } from './registrationChanges';

/**
 * Registrations: seed 002's commands, `POST /registrations/:id/commands/<command>`, the id being
 * the client UUID. register-lax is the create; every other command waits for its answer. The
 * answer of a lax command names the server's event for that venue and start: a provisional
 * event made here is mapped onto it (registrations re-pointed, the provisional record replaced),
 * so two laptops that made "the same" event offline end on one.
 */

export const REGISTRATION_CURSOR_KEY = 'sync.cursor.registrations';

const LABELS: Record<RegistrationCommandName, string> = {
  'register-lax': 'Register learner',
  'transfer-lax': 'Transfer registration',
  cancel: 'Cancel registration',
  'change-assessment': 'Change assessment',
  'grant-accommodation': 'Grant accommodation',
  'revoke-accommodation': 'Revoke accommodation',
};

/** The records the body names that the server must have first: its learner, and an event made here. */
async function namedRecords(db: AppDatabase, body: unknown): Promise<string[]> {
  const b = asObject(body) as { learner?: string; event_venue?: string; event_start?: string };
  const named: string[] = [];
  if (b.learner) named.push(recordKey({ kind: 'learner', id: b.learner.trim().toLowerCase() }));
  const start = safeStart(b.event_start);
  if (!b.event_venue || !start) return named;
  const events = await db.events
    .where('[event_venue+event_start]')
    .equals([b.event_venue.trim().toLowerCase(), start])
    .toArray();
  for (const e of events) if (!e.provisional) named.push(recordKey({ kind: 'event', id: e.event_id }));
  return named;
}

function safeStart(value: string | undefined): string | undefined {
  try {
    return parseEventStart(value);
  } catch {
    return undefined;
  }
}

function operation(command: RegistrationCommandName): OperationDescriptor {
  const schema = REGISTRATION_COMMANDS[command];
  const lax = command === 'register-lax' || command === 'transfer-lax';
  return {
    label: LABELS[command],
    method: 'POST',
    create: command === 'register-lax',
    editableBody: schema,
    ...(lax ? { waitsFor: (db: AppDatabase, entry: OutboxEntry) => namedRecords(db, entry.body) } : {}),
    request: (entry, ref, serverId) => {
      const body = parseBody<unknown>(schema, entry.body);
      const id = command === 'register-lax' ? ref.id : (serverId ?? ref.id);
      return body.ok
        ? {
            ok: true,
            send: (c) =>
              c.send({
                method: 'POST',
                path: paths.registrationCommand(id, command),
                schema: Registration,
                body: body.value,
                idempotencyKey: entry.idempotency_key,
              }),
          }
        : body;
    },
  };
}

/** The outcome in words, for `outcome_changed.from`. */
export function describeOutcome(
  r: Pick<Registration, 'status' | 'event_id' | 'assessment' | 'accommodations'>,
): string {
  const accommodations = r.accommodations.map((a) => a.type).join(', ') || 'none';
  return `${r.status} on event ${r.event_id}, assessment ${r.assessment ?? 'none'}, accommodations ${accommodations}`;
}

const sameOutcome = (a: RegistrationRecord, b: Registration) =>
  a.status === b.status &&
  a.event_id === b.event_id &&
  a.assessment_form_id === b.assessment_form_id &&
  JSON.stringify(a.accommodations) === JSON.stringify(b.accommodations);

/** The server's registration as stored here. */
export function registrationRecordOf(
  r: Registration,
  now: number,
  outcome_changed?: RegistrationRecord['outcome_changed'],
): RegistrationRecord {
  return {
    ...r,
    ...registrationSearchFields(r.learner),
    sync_state: 'synced',
    written_at: writtenNow(),
    ...(outcome_changed ? { outcome_changed } : {}),
  };
}

async function takeRegistration(options: PullOptions, r: Registration, report: PullReport): Promise<boolean> {
  const { db, now } = options;
  await db.transaction('rw', syncTables(db), async () => {
    if (await hasUnsentChanges(db, recordKey({ kind: 'registration', id: r.registration_id }))) return;
    const local = await db.registrations.get(r.registration_id);
    if (isSyncedCopy(local, r.updated_at)) return;
    await db.registrations.put(registrationRecordOf(r, now(), local?.outcome_changed));
    report.fed += 1;
  });
  return true;
}

export const registrationKind: RecordKindDescriptor = {
  kind: 'registration',
  page: 'registrations',
  tables: (db) => [db.registrations, db.events, db.learners],
  operations: Object.fromEntries(
    (Object.keys(REGISTRATION_COMMANDS) as RegistrationCommandName[]).map((c) => [
      `registration.${c}`,
      operation(c),
    ]),
  ),
  pushOrder: 'parallel',
  setSyncState: async (db, localId, state) => {
    await db.registrations.update(localId, { sync_state: state });
  },
  storedServerId: async (db, localId) =>
    ownIdOnceCreated(db, { kind: 'registration', id: localId }, await db.registrations.get(localId)),
  accept: async ({ db, now }, entry, ref, data) => {
    if (data === undefined) return;
    const answer = data as Registration;
    const at = now();
    if (entry.op === 'registration.register-lax' || entry.op === 'registration.transfer-lax') {
      const body = asObject(entry.body) as { event_venue?: string; event_start?: string };
      const start = safeStart(body.event_start);
      if (body.event_venue && start) {
        const here = await db.events
          .where('[event_venue+event_start]')
          .equals([body.event_venue.trim().toLowerCase(), start])
          .filter((e) => e.provisional === true)
          .toArray();
        for (const p of here) await mapProvisionalEvent(db, p.event_id, answer.event_id);
      }
      const local = await db.registrations.get(ref.id);
      const onEvent = local && (await db.events.get(local.event_id));
      if (onEvent?.provisional && !(await laterEntriesOpen(db, entry.record, entry.seq))) {
        await mapProvisionalEvent(db, onEvent.event_id, answer.event_id);
      }
    }
    if (await laterEntriesOpen(db, entry.record, entry.seq)) return;
    const local = await db.registrations.get(ref.id);
    const differs = local !== undefined && !sameOutcome(local, answer);
    const changed = differs
      ? { from: describeOutcome(local), at: new Date(at).toISOString() }
      : local?.outcome_changed;
    await db.registrations.put(registrationRecordOf(answer, at, changed));
    if (differs) await markRegistrationChanged(db, ref.id);
  },
  // the events are read again too: their seats, counted here with the discarded change, are
  // counted again from the server's
  refetch: async (db) => {
    await db.settings.bulkDelete([REGISTRATION_CURSOR_KEY, EVENT_CURSOR_KEY]);
  },
  createDiscarded: async (db) => {
    await db.settings.delete(EVENT_CURSOR_KEY);
  },
  subject: async (db, localId) => {
    const r = await db.registrations.get(localId);
    if (!r) return { name: 'A registration no longer here', exists: false };
    return { name: `Registration ${r.code} of ${r.learner.first_name} ${r.learner.last_name}`, exists: true };
  },
  feed: {
    cursorKey: REGISTRATION_CURSOR_KEY,
    list: (client, query) =>
      client.send({ method: 'GET', path: paths.registrations, schema: RegistrationList, query }),
    updatedAt: (r) => (r as Registration).updated_at,
    recordOf: (r) => ({ kind: 'registration', id: (r as Registration).registration_id }),
    unchanged: unchangedIn(
      (db, ids) => db.registrations.bulkGet(ids),
      (r: Registration) => r.registration_id,
    ),
    take: (options, r, report) => takeRegistration(options, r as Registration, report),
  },
  // DELETE /registrations/:id leaves no trace in the feed; the sweep finds it
  sweep: {
    list: (client, query) =>
      client.send({ method: 'GET', path: paths.registrations, schema: RegistrationList, query }),
    serverIdOf: (r) => (r as Registration).registration_id,
    readOne: (client, id) =>
      client.send({ method: 'GET', path: paths.registration(id), schema: Registration }),
    syncedRecords: async (db) =>
      (await db.registrations.where('sync_state').equals('synced').primaryKeys()).map((id) => ({
        localId: id,
        serverId: id,
      })),
    // the event's seat count came down with the event feed, which the server moved on the delete
    remove: async (db, localId) => {
      await db.registrations.delete(localId);
    },
  },
  changedCount: async (db) => (await changedRegistrations(db)).length,
};
