/**
 * The page side of the field registration sync tests (test/e2e/field-sync-*.spec.ts): the app's
 * own core modules for field registration (src/learners, src/events, src/registrations) and its
 * sync (src/sync), bundled for Chromium, on the browser's real IndexedDB and fetch. The spec (in
 * Node) decides what happens and when; each operation here is what the desk does for the
 * coordinator or what the engine does for the app:
 *
 * - learners saved, events made, edited and cancelled, and the six registration commands
 *   (register-lax, transfer-lax, cancel, change-assessment, grant- and revoke-accommodation),
 *   each a local command with its outbox entry; a refusal comes back as its sentence, as the
 *   desk would show it;
 * - sync cycles (`runSyncCycle` with the real fetch), whole, cut short, or started and left to
 *   a reload, and `discardRejected` for what the server refused;
 * - read-outs of the local events as the pages read them (`eventsBetween`, `getEvent`);
 * - attendee imports (`importPeople`, as the wizard's "Register N people" stores one) and the
 *   local job records they make.
 *
 * Each Playwright browser context is one laptop: its own IndexedDB. An "engine restart" is a
 * reload of this page: a new JS context on the same IndexedDB, with whatever was in flight
 * abandoned.
 */
import { importPeople } from '../../../src/attendees/importPeople';
import type { EventUpsert, RegisterLax } from '../../../src/contract';
import { AppDatabase, type AttendeeJobRecord } from '../../../src/db';
import type { Host, TickReason } from '../../../src/engine/host';
import { isAppError } from '../../../src/errors/appError';
import type { AttendeeRow } from '../../../src/import/attendeeRow';
import { describeError } from '../../../src/errors/describeError';
import { cancelEventLocal, eventsBetween, getEvent, saveEvent } from '../../../src/events';
import { saveLearner, type LearnerDraft } from '../../../src/learners';
import { applyRegistrationCommand, registerLaxLocal, type FollowUpCommand } from '../../../src/registrations';
import { updateCoordinatorSettings } from '../../../src/settings/coordinatorSettings';
import { allPolls } from '../../../src/sync/pollSet';
import { discardRejected } from '../../../src/sync/rejections';
import { IndexedDbTokenStore, saveServerSettings } from '../../../src/sync/settings';
import type { SyncStatus } from '../../../src/sync/status';
import { runSyncCycle, type SyncDependencies, type SyncReason } from '../../../src/sync/syncer';
import { FIELD_DB_NAME } from './fieldDbName';

/** The host as the browser build sees it: the real clock, always online (faults are the proxy's). */
class PageHost implements Host {
  now(): number {
    return Date.now();
  }
  timeZone(): string {
    return 'UTC';
  }
  isOnline(): boolean {
    return true;
  }
  onOnlineChange(): () => void {
    return () => undefined;
  }
  notify(): void {}
  onTick(_listener: (reason: TickReason) => void): () => void {
    return () => undefined;
  }
}

/** What a command did: applied (with what the coordinator is shown), or refused with the sentence. */
export type CommandOutcome =
  | {
      ok: true;
      registration_id: string;
      code: string;
      event_id: string;
      madeProvisionalEvent?: boolean;
      /** false when the command changed nothing (a revoke of a type not granted) */
      changed?: boolean;
    }
  | { ok: false; message: string };

export interface EventView {
  event_id: string;
  event_venue: string;
  event_start: string;
  status: string;
  registered_count: number;
  provisional: boolean;
  sync_state: string;
}

export interface FieldHarness {
  /** this page load's id: changes on every reload */
  readonly context: string;
  configure(url: string, token: string, coordinatorId: string): Promise<void>;
  saveLearner(
    draft: LearnerDraft,
  ): Promise<{ ok: true; learner_id: string } | { ok: false; message: string }>;
  saveEvent(
    draft: EventUpsert & { event_id?: string },
  ): Promise<{ ok: true; event_id: string } | { ok: false; message: string }>;
  cancelEvent(eventId: string, reason: string): Promise<{ ok: true } | { ok: false; message: string }>;
  registerLax(body: RegisterLax, registrationId?: string): Promise<CommandOutcome>;
  command(registrationId: string, command: FollowUpCommand): Promise<CommandOutcome>;
  /** the events of these local dates (`YYYY-MM-DD`), as the events page lists them */
  eventsBetween(fromDate: string, toDate: string): Promise<EventView[]>;
  /** the event a (possibly provisional, since mapped) id opens */
  openEvent(eventId: string): Promise<EventView | null>;
  /** one sync cycle; `abortAfterMs` aborts it that long after it started (an engine stop) */
  cycle(options: { timeoutMs: number; abortAfterMs?: number; reason?: SyncReason }): Promise<SyncStatus>;
  /** starts a cycle and does not wait for it (the spec reloads the page under it) */
  startCycle(timeoutMs: number): void;
  /** cycles until nothing is due (as `syncUntilSettled` in the Node tests) */
  settle(timeoutMs: number, maxCycles: number): Promise<SyncStatus>;
  /** discards every refused entry; returns what was refused */
  discardRefused(): Promise<string[]>;
  /** an attendee import of these rows (row numbers from 2) on the event, stored locally */
  importPeople(
    eventId: string,
    label: string,
    rows: AttendeeRow[],
  ): Promise<
    | { ok: true; importId: string; jobIds: string[]; registered: number; failed: number }
    | { ok: false; message: string }
  >;
  /** every local attendee job record */
  attendeeJobs(): Promise<AttendeeJobRecord[]>;
}

declare global {
  interface Window {
    __fieldHarness?: FieldHarness;
  }
}

const db = new AppDatabase(FIELD_DB_NAME);
const host = new PageHost();
const context = crypto.randomUUID();

/** No waiting on random jitter; requests time out quickly so hung answers cost little. */
const dependencies = (timeoutMs: number): Partial<SyncDependencies> => ({ random: () => 0.1, timeoutMs });

/** A refusal the desk shows (an `AppError`: its sentence); anything else is a bug and fails the test. */
async function outcome<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, message: describeError(error) };
  }
}

function eventView(event: {
  event_id: string;
  event_venue: string;
  event_start: string;
  status: string;
  registered_count: number;
  provisional?: boolean;
  sync_state: string;
}): EventView {
  return {
    event_id: event.event_id,
    event_venue: event.event_venue,
    event_start: event.event_start,
    status: event.status,
    registered_count: event.registered_count,
    provisional: event.provisional === true,
    sync_state: event.sync_state,
  };
}

async function cycle(options: {
  timeoutMs: number;
  abortAfterMs?: number;
  reason?: SyncReason;
}): Promise<SyncStatus> {
  const stop = new AbortController();
  const timer =
    options.abortAfterMs === undefined ? undefined : setTimeout(() => stop.abort(), options.abortAfterMs);
  try {
    return await runSyncCycle({
      db,
      host,
      reason: options.reason ?? 'change',
      deps: dependencies(options.timeoutMs),
      signal: stop.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

const harness: FieldHarness = {
  context,
  async configure(url, token, coordinatorId) {
    await updateCoordinatorSettings(db, { coordinator_id: coordinatorId });
    await saveServerSettings(db, new IndexedDbTokenStore(db), { url, token });
  },
  async saveLearner(draft) {
    const done = await outcome(() => saveLearner(db, draft, { now: host.now() }));
    return done.ok ? { ok: true, learner_id: done.value.learner_id } : done;
  },
  async saveEvent(draft) {
    const done = await outcome(() => saveEvent(db, draft, { now: host.now() }));
    return done.ok ? { ok: true, event_id: done.value.event_id } : done;
  },
  async cancelEvent(eventId, reason) {
    const done = await outcome(() => cancelEventLocal(db, eventId, reason, { now: host.now() }));
    return done.ok ? { ok: true } : done;
  },
  async registerLax(body, registrationId) {
    const done = await outcome(() =>
      registerLaxLocal(db, body, { now: host.now(), ...(registrationId ? { registrationId } : {}) }),
    );
    if (!done.ok) return done;
    const { registration, event, madeProvisionalEvent } = done.value;
    return {
      ok: true,
      registration_id: registration.registration_id,
      code: registration.code,
      event_id: event.event_id,
      madeProvisionalEvent,
    };
  },
  async command(registrationId, command) {
    const done = await outcome(() =>
      applyRegistrationCommand(db, registrationId, command, { now: host.now() }),
    );
    if (!done.ok) return done;
    const { registration, changed } = done.value;
    return {
      ok: true,
      registration_id: registration.registration_id,
      code: registration.code,
      event_id: registration.event_id,
      changed,
    };
  },
  async eventsBetween(fromDate, toDate) {
    return (await eventsBetween(db, fromDate, toDate)).map(eventView);
  },
  async openEvent(eventId) {
    const event = await getEvent(db, eventId);
    return event ? eventView(event) : null;
  },
  cycle,
  startCycle(timeoutMs) {
    void cycle({ timeoutMs }).catch(() => undefined);
  },
  async settle(timeoutMs, maxCycles) {
    let status: SyncStatus | undefined;
    for (let round = 0; round < maxCycles; round++) {
      status = await cycle({ timeoutMs, reason: round === 0 ? 'manual' : 'retry' });
      if (status.state === 'paused-auth' || status.state === 'not-configured') return status;
      const polls = await allPolls(db);
      // settled: nothing to send but what waits for the coordinator (changes behind a refusal),
      // no poll open, and nothing due soon (a periodic refresh of the reference data may be
      // scheduled minutes ahead)
      const dueSoon = status.next_attempt_at !== undefined && status.next_attempt_at - host.now() < 5_000;
      const sendable = status.pending - (status.blocked ?? 0);
      if (status.state === 'idle' && sendable === 0 && !dueSoon && polls.length === 0) return status;
      const wait = Math.min(Math.max((status.next_attempt_at ?? host.now()) - host.now(), 2), 250);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    throw new Error(`Sync did not settle in ${maxCycles} cycles; last status ${JSON.stringify(status)}`);
  },
  async discardRefused() {
    const refused = await db.outbox.where('status').equals('rejected').toArray();
    const said: string[] = [];
    for (const entry of refused) {
      said.push(`${entry.op} ${entry.record}: ${entry.rejection?.status} ${entry.rejection?.message}`);
      await discardRejected(db, entry.seq as number, host.now());
    }
    return said;
  },
  async importPeople(eventId, label, rows) {
    const people = rows.map((row, i) => ({ row, rowNumber: i + 2 }));
    const done = await outcome(() => importPeople(db, { eventId, label, people }, { now: host.now() }));
    return done.ok ? { ok: true, ...done.value } : done;
  },
  attendeeJobs: () => db.attendeeJobs.toArray(),
};

window.__fieldHarness = harness;
