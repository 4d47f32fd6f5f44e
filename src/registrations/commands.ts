import Dexie from 'dexie';
import type { z } from 'zod';
import {
  REGISTRATION_COMMANDS,
  RegisterLax,
  type Event,
  type RegistrationCommand,
  type Venue,
} from '../contract';
import {
  commitWhenSent,
  type AppDatabase,
  type EventRecord,
  type LearnerRecord,
  type RegistrationRecord,
  type VenueRecord,
} from '../db';
import { laxEventKey, localDateIn, parseEventStart } from '../domain/events';
import {
  cancelRegistration,
  changeAssessment,
  grantAccommodation,
  registerLax,
  revokeAccommodation,
  transferLax,
  type CommandOutcome,
} from '../domain/registrationCommands';
import { RegistrationError } from '../domain/registrationErrors';
import { resolveContext, type LocalCommandOptions } from '../reference/context';
import { examClassesOf, getVenue, usableFormByCode } from '../reference/queries';
import { writtenNow } from '../search/memoryIndex';
import { registrationSearchFields } from '../search/searchText';
import { appendOutboxEntry } from '../sync/outbox';
import { recordKey } from '../sync/recordIds';
import { FieldInputError } from './errors';

/**
 * Seed 002's registration commands applied on the laptop: the same pure functions the server
 * runs (`src/domain/registrationCommands.ts`), against the local copy of events, learners and
 * reference data, each writing the registration, the events whose seats changed and its outbox
 * entry in one Dexie transaction. A refusal is the rule's `RegistrationError` (seed 002's
 * sentence word for word; `errorField(error)` names the field), and nothing is stored.
 */

export const registrationRecordKey = (registrationId: string) =>
  recordKey({ kind: 'registration', id: registrationId });

export interface RegisterLaxLocalOptions extends LocalCommandOptions {
  /** the registration's client UUID; default a new one */
  registrationId?: string;
}

export interface RegisterLaxLocalResult {
  registration: RegistrationRecord;
  /** the event registered on, with its seat count after this registration */
  event: EventRecord;
  /** true when no local event was at that venue and start and a provisional one was made */
  madeProvisionalEvent: boolean;
}

/** Every table a command reads or writes, for its one transaction. */
export const registrationCommandTables = (db: AppDatabase) => [
  db.registrations,
  db.events,
  db.learners,
  db.venues,
  db.examClasses,
  db.assessmentForms,
  db.outbox,
  db.settings,
];

function parseCommandBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new FieldInputError(String(issue?.path[0] ?? 'body'), issue?.message ?? 'Not valid');
}

/** The venue and start the lax lookup uses, or null when the rule will refuse them anyway. */
function tryKey(
  body: { event_venue?: string | undefined; event_start?: string | undefined },
  venue: Venue | null,
) {
  try {
    return laxEventKey(body, venue);
  } catch (error) {
    if (error instanceof RegistrationError) return null;
    throw error;
  }
}

/** The non-cancelled local event at that venue and start. */
export async function activeEventAt(db: AppDatabase, venueId: string, start: string) {
  // one request for the few events at one venue and start, not a cursor step per event
  const events = await db.events.where('[event_venue+event_start]').equals([venueId, start]).toArray();
  return events.find((e) => e.status !== 'cancelled') ?? null;
}

/**
 * Whether the learner already has an active registration on the event, from the learner's own
 * registrations (a handful) rather than the event's (a sitting may hold hundreds): one request,
 * which needs no event id, so it is sent with the command's other reads.
 */
async function activeEventsOf(db: AppDatabase, learnerId: string | undefined): Promise<Set<string>> {
  if (!learnerId) return new Set();
  const rows = await db.registrations.where('learner.learner_id').equals(learnerId).toArray();
  return new Set(rows.filter((r) => r.status === 'active').map((r) => r.event_id));
}

async function isOnEvent(db: AppDatabase, eventId: string, learnerId: string | undefined): Promise<boolean> {
  return (await activeEventsOf(db, learnerId)).has(eventId);
}

/** The start the lax lookup normalises to, or null when the rule will refuse it anyway. */
function tryStart(start: string | undefined): string | null {
  try {
    return parseEventStart(start);
  } catch (error) {
    if (error instanceof RegistrationError) return null;
    throw error;
  }
}

async function learnerOrNull(db: AppDatabase, id: string | undefined): Promise<LearnerRecord | null> {
  const trimmed = id?.trim().toLowerCase();
  return trimmed ? ((await db.learners.get(trimmed)) ?? null) : null;
}

async function venueAndClasses(db: AppDatabase, venueId: string | undefined) {
  const venue = venueId ? ((await getVenue(db, venueId)) ?? null) : null;
  return { venue, classes: venue ? await examClassesOf(db, venue.organization_id) : [] };
}

/** The records a command's outcome stores: events made (provisional) or recounted, the registration. */
function storedRecords(
  outcome: CommandOutcome,
  current: RegistrationRecord | null,
  now: number,
  local: (eventId: string) => EventRecord | undefined,
  venueOf: (venueId: string) => VenueRecord | null | undefined,
): { registration: RegistrationRecord; events: EventRecord[] } {
  const events = outcome.events.map((change): EventRecord => {
    const before = change.created ? undefined : local(change.event.event_id);
    if (!before) {
      return {
        ...change.event,
        local_date: localDateIn(
          change.event.event_start,
          venueOf(change.event.event_venue)?.time_zone ?? 'UTC',
        ),
        provisional: true,
        sync_state: 'local',
        local_changed_at: now,
      };
    }
    return {
      ...before,
      registered_count: change.event.registered_count,
      updated_at: change.event.updated_at,
      local_changed_at: now,
    };
  });
  const r = outcome.registration;
  const registration: RegistrationRecord = {
    ...(current ?? {}),
    ...r,
    ...registrationSearchFields(r.learner),
    sync_state: current?.sync_state === 'rejected' ? 'rejected' : 'pushing',
    local_changed_at: now,
    written_at: writtenNow(),
  };
  return { registration, events };
}

/** Sends a command's writes together, as one step of the transaction (so synchronously). */
function putStored(db: AppDatabase, stored: { registration: RegistrationRecord; events: EventRecord[] }) {
  return Promise.all([db.events.bulkPut(stored.events), db.registrations.put(stored.registration)]);
}

/** Stores what a command decided, first reading the events it changes (and a made event's venue). */
async function store(
  db: AppDatabase,
  outcome: CommandOutcome,
  current: RegistrationRecord | null,
  now: number,
): Promise<{ registration: RegistrationRecord; events: EventRecord[] }> {
  const locals = new Map<string, EventRecord | undefined>();
  const venues = new Map<string, VenueRecord | undefined>();
  await Promise.all(
    outcome.events.map(async ({ event, created }) => {
      const before = created ? undefined : await db.events.get(event.event_id);
      locals.set(event.event_id, before);
      if (!before) venues.set(event.event_venue, await getVenue(db, event.event_venue));
    }),
  );
  const stored = storedRecords(
    outcome,
    current,
    now,
    (id) => locals.get(id),
    (id) => venues.get(id),
  );
  await putStored(db, stored);
  return stored;
}

/**
 * register-lax: the non-cancelled local event at the body's venue and start, or a provisional
 * one made from its exam type, format and billing code; the seat limit is checked with the local
 * count. Sent as `registration.register-lax`; the answer maps a provisional event onto the
 * server's.
 */
export async function registerLaxLocal(
  db: AppDatabase,
  body: RegisterLax,
  options: RegisterLaxLocalOptions = {},
): Promise<RegisterLaxLocalResult> {
  const parsed = parseCommandBody(RegisterLax, body);
  const registrationId = options.registrationId?.trim().toLowerCase() || crypto.randomUUID();
  const venueId = parsed.event_venue?.trim().toLowerCase();
  const start = tryStart(parsed.event_start);
  const learnerId = parsed.learner?.trim().toLowerCase();
  return db.transaction('rw', registrationCommandTables(db), async (tx) => {
    // every read at once: each awaited request is a round trip to the browser's database process,
    // and on a busy laptop each costs a few milliseconds (the coordinator's id from the settings
    // too, when the desk gives none)
    // chained on Dexie's own promises, not an async function's: a request made in a native
    // promise's callback runs outside this transaction (in one of its own, which waits for this one)
    const venueRead = venueId
      ? db.venues.get(venueId).then((v) => v ?? null)
      : Dexie.Promise.resolve<VenueRecord | null>(null);
    const atKeyRead =
      venueId && start
        ? db.events.where('[event_venue+event_start]').equals([venueId, start]).toArray()
        : Dexie.Promise.resolve<EventRecord[]>([]);
    // the lax lookup checks the exam classes only for an event it makes, so they are asked for
    // only when no active event is at the venue and start; asked as soon as that answer is in
    // (the venue's came before it), they travel while the learner's registrations are read, not
    // in a round trip of their own after every read
    const classesRead = atKeyRead.then((events) =>
      events.some((e) => e.status !== 'cancelled')
        ? []
        : venueRead.then((v) => (v ? examClassesOf(db, v.organization_id) : [])),
    );
    const [ctx, current, venue, learner, form, atKey, learnersEvents, classesAtKey] = await Promise.all([
      resolveContext(db, options),
      options.registrationId ? db.registrations.get(registrationId) : undefined,
      venueRead,
      learnerOrNull(db, learnerId),
      usableFormByCode(db, parsed.assessment),
      atKeyRead,
      activeEventsOf(db, learnerId),
      classesRead,
    ]);
    const key = tryKey(parsed, venue);
    const atBodyKey = key !== null && key.venue.venue_id === venueId && key.start === start;
    const found = !key
      ? null
      : atBodyKey
        ? (atKey.find((e) => e.status !== 'cancelled') ?? null)
        : await activeEventAt(db, key.venue.venue_id, key.start);
    const classes =
      venue && !found ? (atBodyKey ? classesAtKey : await examClassesOf(db, venue.organization_id)) : [];
    // the learner the rule admits is the stored one: its id is the one registrations carry
    const alreadyRegistered =
      found && learner
        ? learner.learner_id === learnerId
          ? learnersEvents.has(found.event_id)
          : await isOnEvent(db, found.event_id, learner.learner_id)
        : false;
    const outcome = registerLax(
      current ?? null,
      registrationId,
      parsed,
      { venue, classes, learner, form, found, alreadyRegistered },
      { coordinatorId: ctx.coordinatorId, now: ctx.nowIso, newEventId: crypto.randomUUID() },
    );
    // everything the outcome stores was read above, so the writes and the commit go at once
    const stored = storedRecords(
      outcome,
      null,
      ctx.now,
      (id) => (found?.event_id === id ? found : undefined),
      (id) => (venue?.venue_id === id ? venue : undefined),
    );
    const written = Promise.all([
      putStored(db, stored),
      appendOutboxEntry(
        db,
        {
          record: registrationRecordKey(registrationId),
          op: 'registration.register-lax',
          method: 'POST',
          body: parsed,
        },
        ctx.now,
      ),
    ]);
    commitWhenSent(tx);
    await written;
    return {
      registration: stored.registration,
      event: stored.events[0]!,
      madeProvisionalEvent: outcome.events[0]?.created === true,
    };
  });
}

/** Every command but register-lax. */
export type FollowUpCommand = Exclude<RegistrationCommand, { command: 'register-lax' }>;

export interface CommandLocalResult {
  registration: RegistrationRecord;
  /** false when the command changed nothing (revoking a type not granted): nothing was queued */
  changed: boolean;
  /** the events whose seats changed (a transfer's two, a cancel's one), or a provisional target */
  events: EventRecord[];
}

/** Stands in for the event of a registration whose event is not here (the rule refuses first, or only counts). */
function placeholderEvent(current: RegistrationRecord | null | undefined): Event {
  const epoch = new Date(0).toISOString();
  return {
    event_id: current?.event_id ?? '00000000-0000-0000-0000-000000000000',
    event_venue: '00000000-0000-0000-0000-000000000000',
    event_start: epoch,
    event_exam_type: '',
    event_exam_format: '',
    event_billing_code: '',
    registration_limit: null,
    status: 'scheduled',
    cancellation_reason: null,
    registered_count: 0,
    coordinator_id: '',
    created_at: epoch,
    updated_at: epoch,
  };
}

/**
 * transfer-lax, cancel, change-assessment, grant- and revoke-accommodation on a local
 * registration. Queued after the registration's earlier entries; one on a registration not yet
 * pushed waits for its create's answer.
 */
export async function applyRegistrationCommand(
  db: AppDatabase,
  registrationId: string,
  command: FollowUpCommand,
  options?: LocalCommandOptions,
): Promise<CommandLocalResult> {
  const body: unknown = parseCommandBody<unknown>(REGISTRATION_COMMANDS[command.command], command.body);
  const ctx = await resolveContext(db, options);
  const id = registrationId.trim().toLowerCase();
  return db.transaction('rw', registrationCommandTables(db), async () => {
    const current = (await db.registrations.get(id)) ?? null;
    let outcome: CommandOutcome;
    switch (command.command) {
      case 'transfer-lax': {
        const b = body as typeof command.body;
        const [{ venue, classes }, learner] = await Promise.all([
          venueAndClasses(db, b.event_venue),
          b.learner === undefined ? Promise.resolve(null) : learnerOrNull(db, b.learner),
        ]);
        const from = current ? await db.events.get(current.event_id) : undefined;
        const form = current?.assessment_form_id
          ? ((await db.assessmentForms.get(current.assessment_form_id)) ?? null)
          : null;
        const key = tryKey(b, venue);
        const found = key ? await activeEventAt(db, key.venue.venue_id, key.start) : null;
        const alreadyRegistered =
          found && current ? await isOnEvent(db, found.event_id, current.learner.learner_id) : false;
        outcome = transferLax(
          current,
          b,
          {
            venue,
            classes,
            learner,
            form,
            from: from ?? placeholderEvent(current),
            found,
            alreadyRegistered,
          },
          { coordinatorId: ctx.coordinatorId, now: ctx.nowIso, newEventId: crypto.randomUUID() },
        );
        break;
      }
      case 'cancel': {
        const event = current?.status === 'active' ? await db.events.get(current.event_id) : undefined;
        outcome = cancelRegistration(
          current,
          body as typeof command.body,
          event ?? placeholderEvent(current),
          ctx.nowIso,
        );
        // an event not on this computer has no seats to free here
        if (!event) outcome = { ...outcome, events: [] };
        break;
      }
      case 'change-assessment': {
        const b = body as typeof command.body;
        outcome = changeAssessment(current, b, await usableFormByCode(db, b.assessment), ctx.nowIso);
        break;
      }
      case 'grant-accommodation':
        outcome = grantAccommodation(current, body as typeof command.body, ctx.nowIso);
        break;
      case 'revoke-accommodation':
        outcome = revokeAccommodation(current, body as typeof command.body, ctx.nowIso);
        break;
    }
    if (!outcome.changed) return { registration: current!, changed: false, events: [] };
    if (command.command === 'transfer-lax' && !(await db.events.get(outcome.events[0]!.event.event_id))) {
      outcome = { ...outcome, events: outcome.events.slice(1) };
    }
    const stored = await store(db, outcome, current, ctx.now);
    await appendOutboxEntry(
      db,
      { record: registrationRecordKey(id), op: `registration.${command.command}`, method: 'POST', body },
      ctx.now,
    );
    return { registration: stored.registration, changed: true, events: stored.events };
  });
}
